import Testing
import LossKit
import RealModule

@Suite struct HuberLossTests {
    /// With δ above every residual, Huber is exactly ½·squared error: values,
    /// means and gradients.
    @Test func deltaAboveEveryResidualIsHalfSquaredError() throws {
        let p: [Double] = (0..<101).map { Double($0 % 13) * 0.37 - 2 }
        let y: [Double] = (0..<101).map { Double($0 % 7) * 0.61 - 1.5 }
        let huber = try HuberLoss(delta: 10)
        let se = SquaredError()
        #expect(try huber.values(predictions: p, targets: y) == se.values(predictions: p, targets: y).map { $0 / 2 })
        let mean = try huber.loss(predictions: p, targets: y)
        #expect(mean.isApproximatelyEqual(to: try se.loss(predictions: p, targets: y) / 2, relativeTolerance: 1e-15))
        let g = try huber.gradient(predictions: p, targets: y)
        let g2 = try se.gradient(predictions: p, targets: y).map { $0 / 2 }
        for (a, b) in zip(g, g2) { #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-15)) }
    }

    @Test func kinkIsContinuousInValueAndSlope() throws {
        let huber = try HuberLoss(delta: 1.5)
        #expect(huber.value(residual: 1.5) == 0.5 * 1.5 * 1.5)
        #expect(huber.value(residual: -4.0) == 1.5 * (4 - 0.75))
        #expect(huber.derivative(residual: 1.5) == 1.5)
        #expect(huber.derivative(residual: -1.5) == -1.5)
        #expect(huber.derivative(residual: (-1.5).nextDown) == -1.5)
        #expect(huber.derivative(residual: (-1.5).nextUp) == (-1.5).nextUp)
        // Second derivative: 1 inside and at the kink (the inner side), 0 outside.
        #expect(huber.secondDerivative(residual: 1.5) == 1)
        #expect(huber.secondDerivative(residual: 1.5.nextUp) == 0)
        #expect(huber.value(residual: Double.infinity) == .infinity)
        #expect(huber.derivative(residual: -Double.infinity) == -1.5)
        #expect(huber.description == "huber(delta: 1.5)")
    }

    @Test(arguments: [0.0, -1, .nan, .infinity])
    func invalidDeltaThrows(delta: Double) {
        do {
            _ = try HuberLoss(delta: delta)
            Issue.record("accepted delta \(delta)")
        } catch let LossKitError.invalidParameter(name, _, _) {
            #expect(name == "delta")
        } catch {
            Issue.record("\(error)")
        }
    }
}
