import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Bad input throws a `LossKitError` naming what to fix, from every metric.
@Suite struct RegressionMetricsErrorTests {
    /// Every weighted single-output metric, by name, so each bad input is tried on all of them.
    static let metrics = [
        "mse", "rmse", "mae", "r2", "explained_variance", "median_absolute_error", "mape", "mean_pinball_loss",
        "evaluate",
    ]

    static func call(_ metric: String, _ y: [Double], _ p: [Double], _ w: [Double]? = nil) throws -> Double {
        typealias R = RegressionMetrics
        switch metric {
        case "mse": return try R.meanSquaredError(predictions: p, targets: y, weights: w)
        case "rmse": return try R.rootMeanSquaredError(predictions: p, targets: y, weights: w)
        case "mae": return try R.meanAbsoluteError(predictions: p, targets: y, weights: w)
        case "r2": return try R.r2Score(predictions: p, targets: y, weights: w)
        case "explained_variance": return try R.explainedVarianceScore(predictions: p, targets: y, weights: w)
        case "median_absolute_error": return try R.medianAbsoluteError(predictions: p, targets: y, weights: w)
        case "mape": return try R.meanAbsolutePercentageError(predictions: p, targets: y, weights: w)
        case "mean_pinball_loss": return try R.meanPinballLoss(predictions: p, targets: y, weights: w, alpha: 0.3)
        case "evaluate": return try R.evaluate(predictions: p, targets: y, weights: w).meanSquaredError
        default: throw LossKitError.invalidParameter(name: "metric", value: metric, requirement: "known")
        }
    }

    static func callMulti(_ metric: String, _ y: [[Double]], _ p: [[Double]], _ w: [Double]? = nil) throws -> [Double] {
        typealias R = RegressionMetrics
        switch metric {
        case "mse": return try R.meanSquaredError(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "rmse": return try R.rootMeanSquaredError(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "mae": return try R.meanAbsoluteError(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "r2": return try R.r2Score(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "explained_variance":
            return try R.explainedVarianceScore(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "median_absolute_error":
            return try R.medianAbsoluteError(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "mape":
            return try R.meanAbsolutePercentageError(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "mean_pinball_loss":
            return try R.meanPinballLoss(predictionColumns: p, targetColumns: y, weights: w).rawValues
        case "evaluate":  // no multi-output form; the pooled RMSE stands in
            return [try R.pooledRootMeanSquaredError(predictionColumns: p, targetColumns: y, weights: w)]
        default: throw LossKitError.invalidParameter(name: "metric", value: metric, requirement: "known")
        }
    }

    @Test(arguments: metrics)
    func countMismatchNamesBothInputs(_ metric: String) {
        #expect(throws: LossKitError.countMismatch(name: "predictions", count: 2, otherName: "targets", otherCount: 3)) {
            try Self.call(metric, [1, 2, 3], [1, 2])
        }
        #expect(throws: LossKitError.countMismatch(name: "weights", count: 2, otherName: "targets", otherCount: 3)) {
            try Self.call(metric, [1, 2, 3], [1, 2, 4], [1, 1])
        }
    }

    @Test(arguments: metrics)
    func emptyInputIsTooFewValues(_ metric: String) {
        #expect(throws: LossKitError.tooFewValues(name: "targets", count: 0, minimum: 1)) {
            try Self.call(metric, [], [])
        }
    }

    @Test(arguments: metrics)
    func badWeightsAreRejected(_ metric: String) {
        let y: [Double] = [1, 2, 3]
        let p: [Double] = [1.5, 2, 2]
        #expect(throws: LossKitError.invalidWeight(index: 1, value: -1)) { try Self.call(metric, y, p, [1, -1, 1]) }
        #expect(throws: LossKitError.invalidWeight(index: 2, value: .infinity)) {
            try Self.call(metric, y, p, [1, 1, .infinity])
        }
        #expect(throws: LossKitError.invalidWeight(index: 0, value: -.infinity)) {
            try Self.call(metric, y, p, [-.infinity, 1, 1])
        }
        #expect(throws: LossKitError.zeroTotalWeight) { try Self.call(metric, y, p, [0, 0, 0]) }
    }

    @Test(arguments: metrics)
    func multiOutputShapeErrorsNameTheColumn(_ metric: String) {
        let y: [[Double]] = [[1, 2, 3], [4, 5, 6]]
        #expect(throws: LossKitError.countMismatch(name: "predictionColumns", count: 1, otherName: "targetColumns", otherCount: 2)) {
            try Self.callMulti(metric, y, [[1, 2, 3]])
        }
        #expect(throws: LossKitError.countMismatch(name: "targetColumns[1]", count: 2, otherName: "targetColumns[0]", otherCount: 3)) {
            try Self.callMulti(metric, [[1, 2, 3], [4, 5]], [[1, 2, 3], [4, 5, 6]])
        }
        #expect(throws: LossKitError.countMismatch(name: "predictionColumns[1]", count: 4, otherName: "targetColumns[1]", otherCount: 3)) {
            try Self.callMulti(metric, y, [[1, 2, 3], [4, 5, 6, 7]])
        }
        #expect(throws: LossKitError.tooFewValues(name: "targetColumns", count: 0, minimum: 1)) {
            try Self.callMulti(metric, [], [])
        }
        #expect(throws: LossKitError.tooFewValues(name: "targetColumns[0]", count: 0, minimum: 1)) {
            try Self.callMulti(metric, [[], []], [[], []])
        }
        #expect(throws: LossKitError.countMismatch(name: "weights", count: 2, otherName: "targetColumns[0]", otherCount: 3)) {
            try Self.callMulti(metric, y, y, [1, 2])
        }
        #expect(throws: LossKitError.invalidWeight(index: 0, value: -2)) { try Self.callMulti(metric, y, y, [-2, 1, 1]) }
        #expect(throws: LossKitError.zeroTotalWeight) { try Self.callMulti(metric, y, y, [0, 0, 0]) }
    }

    @Test(arguments: [0.0, 1.0, -0.25, 1.5, .nan, .infinity])
    func quantileOutsideOpenUnitIntervalIsInvalid(_ alpha: Double) {
        let y: [Double] = [1, 2, 3]
        #expect {
            try RegressionMetrics.meanPinballLoss(predictions: y, targets: y, alpha: alpha)
        } throws: { error in
            guard case .invalidParameter(name: "alpha", _, _)? = error as? LossKitError else { return false }
            return true
        }
        #expect {
            try RegressionMetrics.meanPinballLoss(predictionColumns: [y], targetColumns: [y], alpha: alpha)
        } throws: { error in
            guard case .invalidParameter(name: "alpha", _, _)? = error as? LossKitError else { return false }
            return true
        }
        #expect {
            try RegressionMetrics.evaluate(predictions: y, targets: y, quantile: alpha)
        } throws: { error in
            guard case .invalidParameter(name: "quantile", _, _)? = error as? LossKitError else { return false }
            return true
        }
    }

    @Test func maxErrorValidatesItsInput() {
        #expect(throws: LossKitError.countMismatch(name: "predictions", count: 1, otherName: "targets", otherCount: 2)) {
            try RegressionMetrics.maxError(predictions: [1], targets: [1.0, 2])
        }
        #expect(throws: LossKitError.tooFewValues(name: "targets", count: 0, minimum: 1)) {
            try RegressionMetrics.maxError(predictions: [], targets: [Double]())
        }
    }

    @Test func multiOutputAveragingErrors() throws {
        let y: [[Double]] = [[1, 2, 3], [4, 5, 7]]
        let p: [[Double]] = [[1, 2, 4], [4, 6, 6]]
        let mse = try RegressionMetrics.meanSquaredError(predictionColumns: p, targetColumns: y)
        #expect(mse.varianceWeighted == nil)
        #expect {
            try mse.average(.varianceWeighted)
        } throws: { error in
            guard case .invalidParameter(name: "multioutput", _, _)? = error as? LossKitError else { return false }
            return true
        }
        #expect(throws: LossKitError.countMismatch(name: "outputWeights", count: 3, otherName: "outputs", otherCount: 2)) {
            try mse.average(.outputWeights([1, 1, 1]))
        }
        #expect(throws: LossKitError.invalidWeight(index: 1, value: -1)) { try mse.average(.outputWeights([1, -1])) }
        #expect {
            try mse.average(.outputWeights([.nan, 1]))
        } throws: { error in
            guard case .invalidWeight(index: 0, let value)? = error as? LossKitError else { return false }
            return value.isNaN
        }
        #expect(throws: LossKitError.zeroTotalWeight) { try mse.average(.outputWeights([0, 0])) }
    }

    @Test func errorMessagesNameTheProblem() {
        let error = LossKitError.countMismatch(name: "predictions", count: 2, otherName: "targets", otherCount: 3)
        #expect(error.description.contains("predictions") && error.description.contains("targets"))
    }
}
