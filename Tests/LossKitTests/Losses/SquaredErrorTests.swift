import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

@Suite struct SquaredErrorTests {
    @Test func perElementIsTheFullSquareNotHalf() {
        let loss = SquaredError()
        #expect(loss.value(prediction: 1.0, target: 4.0) == 9)
        #expect(loss.derivative(prediction: 1.0, target: 4.0) == -6)
        #expect(loss.secondDerivative(prediction: 1.0, target: 4.0) == 2)
        #expect(loss.name == "squared_error")
    }

    /// A deterministic pseudo-random Float stream in [−1, 1), so the
    /// naive-summation failure below is reproducible.
    static func floats(_ n: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<n).map { _ in Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1 }
    }

    /// MSE of 2²⁰ Float residuals: agrees with a compensated float64 reference
    /// to 1e-6 relative, where a naive Float running sum does not (asserted,
    /// so this test can fail). Lengths around 32·k ± tails exercise the SIMD
    /// body and the scalar tail.
    @Test(arguments: [1 << 20, (1 << 20) + 29])
    func floatMeanSquaredErrorMatchesFloat64Reference(n: Int) throws {
        let p = Self.floats(n, seed: 1), y = Self.floats(n, seed: 2)
        let reference = Summation.compensatedSum(count: n) {
            let d = Double(y[$0]) - Double(p[$0])
            return d * d
        } / Double(n)
        var naive: Float = 0
        for i in 0..<n { let d = y[i] - p[i]; naive += d * d }
        naive /= Float(n)
        #expect(!Double(naive).isApproximatelyEqual(to: reference, relativeTolerance: 1e-6),
                "the data must defeat naive Float summation for this test to mean anything")
        let mse: Float = try SquaredError().loss(predictions: p, targets: y)
        #expect(Double(mse).isApproximatelyEqual(to: reference, relativeTolerance: 1e-6))
        // The fused kernel returns the same value.
        let (v, g) = try SquaredError().valueAndGradient(predictions: p, targets: y)
        #expect(v == mse)
        #expect(g.count == n)
        #expect(g[n - 1] == 2 * (p[n - 1] - y[n - 1]) / Float(n))
    }

    @Test func doubleMeanSquaredErrorMatchesCompensatedReference() throws {
        let n = (1 << 16) + 7
        let p = Self.floats(n, seed: 3).map { Double($0) * 1e3 }, y = Self.floats(n, seed: 4).map(Double.init)
        let reference = Summation.compensatedSum(count: n) { let d = y[$0] - p[$0]; return d * d } / Double(n)
        let mse: Double = try SquaredError().loss(predictions: p, targets: y)
        #expect(mse.isApproximatelyEqual(to: reference, relativeTolerance: 1e-14))
    }

    /// RMSE of residuals around 1e200 is finite and right, where the direct
    /// mean square overflows; around 1e-200 it does not flush to zero.
    @Test(arguments: [1e200, 1e-200, 1.0])
    func rootMeanSquaredErrorDoesNotOverflowOrUnderflow(magnitude: Double) throws {
        let coefficients: [Double] = (0..<1003).map { Double($0 % 17) - 8.5 }
        let y = coefficients.map { $0 * magnitude }
        let p = [Double](repeating: 0, count: y.count)
        let expected = magnitude * (coefficients.map { $0 * $0 }.reduce(0, +) / Double(y.count)).squareRoot()
        let rmse: Double = try SquaredError().rootMeanSquaredError(predictions: p, targets: y)
        #expect(rmse.isApproximatelyEqual(to: expected, relativeTolerance: 1e-14))
        let direct: Double = try SquaredError().loss(predictions: p, targets: y)
        if magnitude > 1e100 { #expect(direct == .infinity) }
        if magnitude < 1e-100 { #expect(direct == 0) }
        let s = try SquaredError().scaledSumOfSquares(predictions: p, targets: y)
        #expect(s.rootMeanSquare == rmse)
        #expect(s.weightTotal == Double(y.count))
    }

    @Test(arguments: [Float(1e30), Float(1e-30), Float(3)])
    func floatRootMeanSquaredErrorRescales(magnitude: Float) throws {
        let coefficients: [Float] = (0..<100).map { Float($0 % 7) - 3 }
        let y = coefficients.map { $0 * magnitude }, p = [Float](repeating: 0, count: 100)
        let expected = Summation.scaledNorm(count: 100) { Double(y[$0]) } / 10
        let rmse: Float = try SquaredError().rootMeanSquaredError(predictions: p, targets: y)
        #expect(Double(rmse).isApproximatelyEqual(to: expected, relativeTolerance: 1e-6))
    }

    @Test func weightedRootMeanSquaredErrorAndSkip() throws {
        let y: [Double] = [3e200, .nan, 4e200, 1e200]
        let p: [Double] = [0, 0, 0, 0]
        let w: [Double] = [1, 1, 1, 0]
        #expect(try SquaredError().rootMeanSquaredError(predictions: p, targets: y, weights: w).isNaN)
        let skipped: Double = try SquaredError().rootMeanSquaredError(
            predictions: p, targets: y, weights: w, nanPolicy: .skip)
        // Kept: 3e200 and 4e200 with weight 1, 1e200 with weight 0: √((9 + 16)/2)·1e200.
        #expect(skipped.isApproximatelyEqual(to: 12.5.squareRoot() * 1e200, relativeTolerance: 1e-14))
        let weighted: Double = try SquaredError().rootMeanSquaredError(
            predictions: [0, 0], targets: [3e-200, 4e-200], weights: [1, 3])
        #expect(weighted.isApproximatelyEqual(to: ((9 + 48) / 4.0).squareRoot() * 1e-200, relativeTolerance: 1e-14))
        #expect(try SquaredError().rootMeanSquaredError(predictions: [0.0], targets: [.infinity]) == .infinity)
        #expect(throws: LossKitError.tooFewValues(name: "predictions", count: 0, minimum: 1)) {
            try SquaredError().rootMeanSquaredError(predictions: [Double](), targets: [])
        }
        #expect(throws: LossKitError.zeroTotalWeight) {
            try SquaredError().rootMeanSquaredError(predictions: [1.0], targets: [2], weights: [0])
        }
    }

    @Test func infiniteResiduals() throws {
        let loss = SquaredError()
        #expect(loss.value(prediction: 0.0, target: .infinity) == .infinity)
        #expect(loss.derivative(prediction: 0.0, target: .infinity) == -.infinity)
        #expect(loss.value(prediction: Double.infinity, target: .infinity).isNaN)
    }
}
