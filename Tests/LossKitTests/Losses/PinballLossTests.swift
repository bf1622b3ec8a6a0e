import Testing
import LossKit
import RealModule

@Suite struct PinballLossTests {
    @Test func medianIsHalfTheAbsoluteError() throws {
        let pinball = try PinballLoss(quantile: 0.5)
        let p: [Double] = (0..<50).map { Double($0 % 7) - 3 }, y: [Double] = (0..<50).map { Double($0 % 5) * 0.5 }
        #expect(try pinball.loss(predictions: p, targets: y) == AbsoluteError().loss(predictions: p, targets: y) / 2)
    }

    /// Under-prediction (r > 0) costs τ per unit, over-prediction 1 − τ.
    @Test func asymmetricSlopes() throws {
        let pinball = try PinballLoss(quantile: 0.9)
        #expect(pinball.value(prediction: 0.0, target: 2).isApproximatelyEqual(to: 1.8, relativeTolerance: 1e-15))
        #expect(pinball.value(prediction: 2.0, target: 0).isApproximatelyEqual(to: 0.2, relativeTolerance: 1e-14))
        #expect(pinball.derivative(prediction: 0.0, target: 2) == -0.9)
        #expect(pinball.derivative(prediction: 2.0, target: 0).isApproximatelyEqual(to: 0.1, relativeTolerance: 1e-14))
        // At r = 0: the subgradient 0 and an undefined second derivative.
        #expect(pinball.derivative(residual: 0.0) == 0)
        #expect(pinball.secondDerivative(residual: 0.0).isNaN)
        #expect(pinball.secondDerivative(residual: 1.0) == 0)
        #expect(pinball.value(residual: -Double.infinity) == .infinity)
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.5, .nan])
    func invalidQuantileThrows(quantile: Double) {
        do {
            _ = try PinballLoss(quantile: quantile)
            Issue.record("accepted quantile \(quantile)")
        } catch let LossKitError.invalidParameter(name, _, requirement) {
            #expect(name == "quantile")
            #expect(requirement.contains("between 0 and 1"))
        } catch { Issue.record("\(error)") }
    }
}
