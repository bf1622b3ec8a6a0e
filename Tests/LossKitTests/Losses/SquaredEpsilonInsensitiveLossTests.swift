import Testing
import LossKit
import RealModule

@Suite struct SquaredEpsilonInsensitiveLossTests {
    @Test func quadraticOutsideTheTube() throws {
        let loss = try SquaredEpsilonInsensitiveLoss(epsilon: 0.25)
        #expect(loss.value(residual: 0.25) == 0)
        #expect(loss.value(residual: -1.25) == 1)
        #expect(loss.derivative(residual: -1.25) == -2)
        #expect(loss.derivative(residual: 0.25) == 0)
        // The second derivative jumps 0 → 2 at the edge; the inner side is returned.
        #expect(loss.secondDerivative(residual: 0.25) == 0)
        #expect(loss.secondDerivative(residual: 0.25.nextUp) == 2)
        #expect(loss.derivative(residual: Double.infinity) == .infinity)
    }

    @Test func epsilonZeroIsSquaredError() throws {
        let loss = try SquaredEpsilonInsensitiveLoss(epsilon: 0)
        for r in stride(from: -2.0, through: 2.0, by: 0.25) {
            #expect(loss.value(residual: r) == SquaredError().value(residual: r))
            #expect(loss.derivative(residual: r) == SquaredError().derivative(residual: r))
            #expect(loss.secondDerivative(residual: r) == 2)
        }
    }
}
