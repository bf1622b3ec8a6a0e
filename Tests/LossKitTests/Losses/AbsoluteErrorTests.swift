import Testing
import LossKit
import RealModule

@Suite struct AbsoluteErrorTests {
    @Test func subgradientAtZeroAndUndefinedCurvature() {
        let loss = AbsoluteError()
        #expect(loss.derivative(residual: 0.0) == 0)
        #expect(loss.derivative(residual: -0.0) == 0)
        #expect(loss.derivative(residual: -3.0) == -1)
        #expect(loss.derivative(prediction: 1.0, target: 4) == -1)
        #expect(loss.secondDerivative(residual: 0.0).isNaN)
        #expect(loss.secondDerivative(residual: 2.0) == 0)
        #expect(loss.secondDerivative(residual: Double.infinity) == 0)
        #expect(loss.derivative(residual: -Double.infinity) == -1)
    }

    @Test func meanAbsoluteErrorWithWeights() throws {
        let mae = try AbsoluteError().loss(predictions: [1.0, 2, 3], targets: [2, 2, 0], weights: [1, 1, 2])
        let expected: Double = (1 + 0 + 2 * 3) / 4
        #expect(mae == expected)
    }
}
