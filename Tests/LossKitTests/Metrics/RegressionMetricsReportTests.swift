import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct RegressionMetricsReportTests {
    @Test func namedValuesUseTheAgreedKeysInOrder() throws {
        let report = try RegressionMetrics.evaluate(predictions: [2.5, 0.0, 2, 8], targets: [3, -0.5, 2, 7])
        #expect(report.namedValues.map(\.name) == [
            "mse", "rmse", "mae", "r2", "explained_variance", "max_error", "median_absolute_error", "mape",
            "mean_pinball_loss",
        ])
        // scikit-learn's documented examples for these inputs.
        #expect(report.meanSquaredError == 0.375)
        #expect(report.meanAbsoluteError == 0.5)
        #expect(report.maxError == 1)
        #expect(report.medianAbsoluteError == 0.5)
        #expect(report.r2.isApproximatelyEqual(to: 0.9486081370449679, relativeTolerance: 1e-15))
        #expect(report.explainedVariance.isApproximatelyEqual(to: 0.9571734475374732, relativeTolerance: 1e-15))
        #expect(report.meanPinballLoss == 0.25)
        #expect(report.quantile == 0.5)
        #expect(report.namedValues.map(\.value) == [
            report.meanSquaredError, report.rootMeanSquaredError, report.meanAbsoluteError, report.r2,
            report.explainedVariance, report.maxError, report.medianAbsoluteError,
            report.meanAbsolutePercentageError, report.meanPinballLoss,
        ])
    }

    @Test func codableUsesSnakeCaseKeysAndRoundTrips() throws {
        let report = try RegressionMetrics.evaluate(predictions: [1.5, 2, 3], targets: [1, 2, 3.5], quantile: 0.9)
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Double])
        #expect(Set(object.keys) == Set(RegressionMetricsReport.keys + ["quantile"]))
        #expect(object["mean_pinball_loss"] == report.meanPinballLoss)
        #expect(try JSONDecoder().decode(RegressionMetricsReport.self, from: data) == report)
    }
}
