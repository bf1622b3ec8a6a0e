import Testing
import LossKit
import RealModule

@Suite struct SmoothL1LossTests {
    /// The absolute residual is compared with β: a residual below −β is on the
    /// linear branch (the signed comparison would put it on the quadratic one).
    @Test(arguments: [0.5, 1.0, 2.0])
    func negativeResidualBelowMinusBetaIsLinear(beta: Double) throws {
        let loss = try SmoothL1Loss(beta: beta)
        let r = -3 * beta
        #expect(loss.value(residual: r) == 3 * beta - 0.5 * beta)
        #expect(loss.value(residual: r) != 0.5 * r * r / beta)
        #expect(loss.derivative(residual: r) == -1)
        #expect(loss.value(prediction: 0, target: r) == loss.value(prediction: 0, target: -r))
    }

    @Test func betaZeroIsAbsoluteError() throws {
        let p: [Float] = (0..<67).map { Float($0 % 9) * 0.3 - 1 }
        let y: [Float] = (0..<67).map { Float($0 % 4) * 0.5 - 0.75 }
        let smooth = try SmoothL1Loss(beta: 0), l1 = AbsoluteError()
        #expect(try smooth.values(predictions: p, targets: y) == l1.values(predictions: p, targets: y))
        #expect(try smooth.gradient(predictions: p, targets: y) == l1.gradient(predictions: p, targets: y))
        #expect(try smooth.loss(predictions: p, targets: y) == l1.loss(predictions: p, targets: y))
        #expect(smooth.derivative(residual: 0.0) == 0)
        #expect(smooth.secondDerivative(residual: 0.0).isNaN)
    }

    /// For β > 0, smooth L1 is Huber with δ = β, divided by β.
    @Test func equalsHuberOverBeta() throws {
        let smooth = try SmoothL1Loss(beta: 0.5), huber = try HuberLoss(delta: 0.5)
        for r in stride(from: -2.0, through: 2.0, by: 0.125) {
            #expect(smooth.value(residual: r).isApproximatelyEqual(to: huber.value(residual: r) / 0.5, relativeTolerance: 1e-15))
            #expect(smooth.derivative(residual: r).isApproximatelyEqual(to: huber.derivative(residual: r) / 0.5, relativeTolerance: 1e-15))
        }
        // At |r| = β PyTorch's branch is the linear one: second derivative 0.
        #expect(smooth.secondDerivative(residual: 0.5) == 0)
        #expect(smooth.secondDerivative(residual: 0.25) == 2)
    }

    @Test(arguments: [-0.5, .nan, .infinity])
    func invalidBetaThrows(beta: Double) {
        #expect(throws: LossKitError.self) { try SmoothL1Loss(beta: beta) }
        do { _ = try SmoothL1Loss(beta: beta) } catch let LossKitError.invalidParameter(name, _, _) {
            #expect(name == "beta")
        } catch { Issue.record("\(error)") }
    }
}
