import Testing
import LossKit
import RealModule

@Suite struct EpsilonInsensitiveLossTests {
    @Test func insideTheTubeCostsNothing() throws {
        let loss = try EpsilonInsensitiveLoss(epsilon: 0.25)
        #expect(loss.value(residual: 0.2) == 0)
        #expect(loss.value(residual: -0.25) == 0)
        #expect(loss.value(residual: -1.0) == 0.75)
        #expect(loss.derivative(residual: 0.25) == 0, "scikit-learn's dloss is 0 on the tube edge")
        #expect(loss.derivative(residual: 0.5) == 1)
        #expect(loss.secondDerivative(residual: 0.25).isNaN)
        #expect(loss.secondDerivative(residual: 0.1) == 0)
    }

    @Test func epsilonZeroIsAbsoluteError() throws {
        let loss = try EpsilonInsensitiveLoss(epsilon: 0)
        for r in stride(from: -2.0, through: 2.0, by: 0.25) {
            #expect(loss.value(residual: r) == AbsoluteError().value(residual: r))
            #expect(loss.derivative(residual: r) == AbsoluteError().derivative(residual: r))
        }
    }

    @Test(arguments: [-0.1, .nan, .infinity])
    func invalidEpsilonThrows(epsilon: Double) {
        for make in [{ _ = try EpsilonInsensitiveLoss(epsilon: epsilon) }, { _ = try SquaredEpsilonInsensitiveLoss(epsilon: epsilon) }] {
            do {
                try make()
                Issue.record("accepted epsilon \(epsilon)")
            } catch let LossKitError.invalidParameter(name, _, _) {
                #expect(name == "epsilon")
            } catch { Issue.record("\(error)") }
        }
    }
}
