import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Accuracy against exact rational arithmetic (the fixture's "exact" values,
/// computed with Python's `fractions` and rounded once): tighter than the
/// 1e-12 promised against scikit-learn, which itself is off by up to 5.5e-15
/// on these cases (printed by the generator).
@Suite struct RegressionMetricsExactTests {
    /// Means (MSE, RMSE, MAE, MAPE, pinball): relative error ≤ 2 ulps (measured: ≤ 0.97 ulp).
    static let meanTolerance = 2 * Double.ulpOfOne

    @Test(arguments: MetricFixtures.caseNames)
    func meansAreWithinTwoUlpsOfExact(_ name: String) throws {
        let c = try MetricFixtures.case(named: name)
        let (y, p, w) = (c.targetColumns, c.predictionColumns, c.weights)
        typealias R = RegressionMetrics
        let pairs: [(String, [Double], [MetricFixtures.Number])] = [
            ("mse", try R.meanSquaredError(predictionColumns: p, targetColumns: y, weights: w).rawValues, c.exact.mse),
            ("rmse", try R.rootMeanSquaredError(predictionColumns: p, targetColumns: y, weights: w).rawValues, c.exact.rmse),
            ("mae", try R.meanAbsoluteError(predictionColumns: p, targetColumns: y, weights: w).rawValues, c.exact.mae),
            ("mape", try R.meanAbsolutePercentageError(predictionColumns: p, targetColumns: y, weights: w).rawValues, c.exact.mape),
        ] + (try c.exact.meanPinballLoss.map { alpha, exact in
            ("pinball \(alpha)", try R.meanPinballLoss(predictionColumns: p, targetColumns: y, weights: w, alpha: try #require(Double(alpha))).rawValues, exact)
        })
        for (metric, actual, exact) in pairs {
            for (j, (a, e)) in zip(actual, exact).enumerated() {
                expectClose(a, e.value, relativeTolerance: Self.meanTolerance, "\(name) \(metric)[\(j)] vs exact")
            }
        }
    }

    /// R² and explained variance: `|error| ≤ 2 ulps · max(1, |1 − score|)` (measured ≤ 0.56),
    /// i.e. a few roundings of the ratio `1 − score`, none from the sums.
    @Test(arguments: MetricFixtures.caseNames)
    func scoresAreWithinTwoUlpsOfTheRatio(_ name: String) throws {
        let c = try MetricFixtures.case(named: name)
        let (y, p, w) = (c.targetColumns, c.predictionColumns, c.weights)
        typealias R = RegressionMetrics
        let pairs: [(String, [Double], [MetricFixtures.Number])] = [
            ("r2", try R.r2Score(predictionColumns: p, targetColumns: y, weights: w).rawValues, c.exact.r2),
            ("explained_variance", try R.explainedVarianceScore(predictionColumns: p, targetColumns: y, weights: w).rawValues,
             c.exact.explainedVariance),
        ]
        for (metric, actual, exact) in pairs {
            for (j, (a, e)) in zip(actual, exact).enumerated() {
                if e.value.isNaN {
                    #expect(a.isNaN, "\(name) \(metric)[\(j)]")
                    continue
                }
                let bound = 2 * Double.ulpOfOne * max(1, abs(1 - e.value))
                #expect(abs(a - e.value) <= bound, "\(name) \(metric)[\(j)]: \(a) vs exact \(e.value)")
            }
        }
    }
}
