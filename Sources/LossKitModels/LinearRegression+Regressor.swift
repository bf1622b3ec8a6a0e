import Foundation
import LossKitData
import LossKitNumerics

extension LinearRegression: Regressor {
    /// Fits `data` (weights: weighted least squares, `Σ wᵢ rᵢ²` minimized).
    /// - Throws: as `fit(features:targets:weights:featureNames:)`.
    public func fit(_ data: RegressionData) throws -> LinearRegressionResult {
        try fit(features: data.features, targets: data.targets, weights: data.weights, featureNames: data.featureNames)
    }
}

extension LinearRegressionResult: LoadableRegressor {
    /// `wls` with sample weights, `ols` without.
    public var modelName: String { training.weighted ? "wls" : "ols" }
    public var displayLabel: String { training.weighted ? "L2 (WLS)" : "L2 (OLS)" }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] {
        try predict(Matrix(columns: columns))
    }

    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    public var fitSummary: FitSummary { InferencePresentation.fitSummary(training) }

    public func resultMembers() -> [(String, JSONValue)] {
        InferencePresentation.members(intercept: interceptStatistics, coefficients: coefficientStatistics,
                                      training: training, level: confidenceLevel)
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        let kind = training.weighted ? "Weighted least squares" : "Ordinary least squares"
        return [InferencePresentation.table(
            intercept: interceptStatistics, coefficients: coefficientStatistics, training: training,
            level: confidenceLevel, rowCount: context.rowCount,
            title: "\(kind): \(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))")]
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: hasIntercept ? intercept : nil, coefficients: coefficients, featureNames: featureNames,
                           interceptStatistics: interceptStatistics, coefficientStatistics: coefficientStatistics)
    }
}
