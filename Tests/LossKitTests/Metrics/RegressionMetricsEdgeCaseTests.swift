import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Extreme magnitudes, NaN policies and infinities.
@Suite struct RegressionMetricsEdgeCaseTests {
    typealias R = RegressionMetrics

    @Test(arguments: [1e200, 1e-200, 1e300, 1e-300, Double.leastNonzeroMagnitude])
    func rootMeanSquaredErrorNeitherOverflowsNorUnderflows(_ scale: Double) throws {
        // Residuals 3s and 4s: RMSE = s·sqrt((9 + 16)/2) = s·sqrt(12.5).
        let y = [3 * scale, 0]
        let p = [0, -4 * scale]
        let expected = scale * 12.5.squareRoot()
        let tolerance = scale < 1e-300 ? 1e-1 : 1e-15  // the least subnormal carries one bit
        let rmse = try R.rootMeanSquaredError(predictions: p, targets: y)
        #expect(rmse.isApproximatelyEqual(to: expected, relativeTolerance: tolerance), "\(rmse) vs \(expected)")
        let weighted = try R.rootMeanSquaredError(predictions: p + [0], targets: y + [scale], weights: [2, 2, 0])
        #expect(weighted.isApproximatelyEqual(to: expected, relativeTolerance: tolerance))
        let pooled = try R.pooledRootMeanSquaredError(predictionColumns: [p, p], targetColumns: [y, y])
        #expect(pooled.isApproximatelyEqual(to: expected, relativeTolerance: tolerance))
    }

    @Test func meanSquaredErrorOverflowsAndUnderflowsOnlyAsItsValueDoes() throws {
        #expect(try R.meanSquaredError(predictions: [0, -4e200], targets: [3e200, 0]) == .infinity)
        #expect(try R.meanSquaredError(predictions: [0, -4e-200], targets: [3e-200, 0]) == 0)
        // The MSE 1e308·1000/1001 is representable although Σ r² = 1e311 is not.
        let mse = try R.meanSquaredError(predictions: [Double](repeating: 0, count: 1001), targets: [Double](repeating: 1e154, count: 1000) + [0])
        #expect(mse.isApproximatelyEqual(to: 1e308 / 1001 * 1000, relativeTolerance: 1e-14))
    }

    @Test(arguments: [-700, -300, 300, 700])
    func scoresAreUnchangedByPowerOfTwoScaling(_ exponent: Int) throws {
        var data = MetricTestData(seed: 9)
        let (y, p, w) = data.sample(40)
        let c = Double(sign: .plus, exponent: exponent, significand: 1)
        let (ys, ps) = (y.map { $0 * c }, p.map { $0 * c })
        #expect(try R.r2Score(predictions: ps, targets: ys, weights: w) == R.r2Score(predictions: p, targets: y, weights: w))
        #expect(try R.explainedVarianceScore(predictions: ps, targets: ys, weights: w)
            == R.explainedVarianceScore(predictions: p, targets: y, weights: w))
        #expect(try R.rootMeanSquaredError(predictions: ps, targets: ys, weights: w)
            == c * R.rootMeanSquaredError(predictions: p, targets: y, weights: w))
        #expect(try R.medianAbsoluteError(predictions: ps, targets: ys, weights: w)
            == c * R.medianAbsoluteError(predictions: p, targets: y, weights: w))
    }

    @Test func constantTargetIsDetectedExactly() throws {
        // 0.1 summed three times is 0.30000000000000004; a one-pass mean would
        // leave a tiny nonzero variance and a huge negative R².
        let y = [0.1, 0.1, 0.1]
        let p = [0.1, 0.2, 0.1]
        #expect(try R.r2Score(predictions: p, targets: y) == 0)
        #expect(try R.r2Score(predictions: p, targets: y, forceFinite: false) == -.infinity)
        #expect(try R.explainedVarianceScore(predictions: p, targets: y) == 0)
        // A target constant except where the weight is 0 counts as constant.
        #expect(try R.r2Score(predictions: p + [5], targets: y + [5], weights: [1, 1, 1, 0]) == 0)
    }

    @Test func nanPropagatesByDefault() throws {
        let y: [Double] = [1, 2, .nan, 4]
        let p: [Double] = [1.5, 2, 3, 3]
        for (key, value) in try R.evaluate(predictions: p, targets: y).namedValues {
            #expect(value.isNaN, "\(key) = \(value)")
        }
        for (key, value) in try R.evaluate(predictions: p, targets: [1, 2, 3, 4.0], weights: [1, .nan, 1, 1]).namedValues {
            #expect(value.isNaN, "\(key) with a NaN weight = \(value)")
        }
        // Multi-output: only the output holding the NaN is NaN.
        let scores = try R.meanAbsoluteError(predictionColumns: [p, p], targetColumns: [y, [1, 2, 3, 4]])
        #expect(scores.rawValues[0].isNaN && scores.rawValues[1] == 0.375)
        #expect(scores.uniformAverage.isNaN)
    }

    @Test func skipDropsNaNSamples() throws {
        let y: [Double] = [1, 2, .nan, 4, 5, 6]
        let p: [Double] = [1.5, 2, 3, 3, .nan, 16]
        let w: [Double] = [1, 2, 1, 1, 1, .nan]
        let skipped = try R.evaluate(predictions: p, targets: y, weights: w, nanPolicy: .skip)
        let kept = try R.evaluate(predictions: [1.5, 2, 3], targets: [1, 2, 4.0], weights: [1, 2, 1])
        #expect(skipped.meanSquaredError == kept.meanSquaredError)
        #expect(skipped.r2 == kept.r2)
        #expect(skipped.medianAbsoluteError == kept.medianAbsoluteError)
        #expect(skipped.meanPinballLoss == kept.meanPinballLoss)
        // max_error ignores weights but still skips the NaN weight's row.
        #expect(skipped.maxError == 1)
        // Multi-output: a NaN anywhere in a row drops the row for every output.
        let multi = try R.meanSquaredError(predictionColumns: [[2, 4, 3], [1, 2, 3]], targetColumns: [[1, 2, 3], [1, .nan, 3]], nanPolicy: .skip)
        #expect(multi.rawValues == [0.5, 0])
        // Nothing left: NaN, not an error.
        let none = try R.meanSquaredError(predictions: [1, .nan], targets: [Double.nan, 1], nanPolicy: .skip)
        #expect(none.isNaN)
        #expect(try R.r2Score(predictions: [1.0], targets: [Double.nan], nanPolicy: .skip).isNaN)
        // Skipping can leave only zero weights.
        #expect(throws: LossKitError.zeroTotalWeight) {
            try R.meanSquaredError(predictions: [1.0, 2], targets: [1, .nan], weights: [0, 1], nanPolicy: .skip)
        }
    }

    @Test func infinitiesFollowIEEEArithmetic() throws {
        // An infinite prediction: infinite errors, R² = −∞, explained variance NaN.
        let m = try R.evaluate(predictions: [1, 2, .infinity], targets: [1, 2, 3.0])
        #expect(m.meanSquaredError == .infinity && m.rootMeanSquaredError == .infinity)
        #expect(m.meanAbsoluteError == .infinity && m.maxError == .infinity)
        #expect(m.meanAbsolutePercentageError == .infinity && m.meanPinballLoss == .infinity)
        #expect(m.r2 == -.infinity)
        #expect(m.explainedVariance.isNaN)
        // The same infinity in target and prediction: ∞ − ∞ = NaN residual.
        let same = try R.evaluate(predictions: [1, 2, .infinity], targets: [1, 2, .infinity])
        #expect(same.meanSquaredError.isNaN && same.meanAbsoluteError.isNaN && same.maxError.isNaN)
        #expect(same.medianAbsoluteError.isNaN && same.r2.isNaN)
        // An infinite target: R² and explained variance NaN.
        #expect(try R.r2Score(predictions: [1, 2, 3], targets: [1, 2, .infinity]).isNaN)
        // A zero-weight sample is ignored even when infinite (max_error has no weights).
        let ignored = try R.evaluate(predictions: [1, 3, 0], targets: [1, 2, .infinity], weights: [1, 1, 0])
        #expect(ignored.meanSquaredError == 0.5 && ignored.r2.isFinite && ignored.medianAbsoluteError == 0.5)
    }

    @Test func rSquaredNeedsTwoSamples() throws {
        #expect(try R.r2Score(predictions: [1.0], targets: [1.0]).isNaN)
        let scores = try R.r2Score(predictionColumns: [[1.0], [3.0]], targetColumns: [[1.0], [2.0]])
        #expect(scores.rawValues.allSatisfy(\.isNaN) && scores.varianceWeighted?.isNaN == true)
        // Explained variance has no such rule (scikit-learn): one sample, residual constant.
        #expect(try R.explainedVarianceScore(predictions: [3.0], targets: [1.0]) == 1)
    }

    @Test func mapeGuardsZeroTargetsWithMachineEpsilon() throws {
        let mape = try R.meanAbsolutePercentageError(predictions: [1e-16, 1], targets: [0.0, 2])
        #expect(mape == ((1e-16 / Double.ulpOfOne) + 0.5) / 2)
    }
}
