import Foundation
import LossKitData
import LossKitNumerics

extension PolynomialRegression: Regressor {
    /// Fits the polynomial in the one feature of `data`; the coefficients are
    /// named after it (`x^1 … x^D` for a feature named `x`).
    /// - Throws: `LossKitError.invalidParameter(name: "features")` unless
    ///   `data` has exactly one feature; otherwise as `fit(feature:targets:weights:)`.
    public func fit(_ data: RegressionData) throws -> PolynomialRegressionResult {
        guard data.featureCount == 1 else {
            throw LossKitError.invalidParameter(
                name: "features", value: data.featureNames.joined(separator: ", "),
                requirement: "a polynomial fit needs exactly one feature; got \(data.featureCount)")
        }
        var result = try fit(feature: data.features.column(0), targets: data.targets, weights: data.weights)
        result.name(feature: data.featureNames[0])
        return result
    }
}

extension PolynomialRegressionResult: LoadableRegressor {
    public var modelName: String { "polynomial" }
    public var displayLabel: String { "Polynomial (degree \(degree))" }

    /// The one input: the feature the powers are named after (`x` for `x^1`).
    public var feature: String {
        let first = coefficientStatistics.first?.name ?? "x^1"
        return first.hasSuffix("^1") ? String(first.dropLast(2)) : first
    }

    public var inputNames: [String] { [feature] }

    /// Names the coefficients `feature^1 … feature^D`.
    public mutating func name(feature: String) {
        for k in coefficientStatistics.indices { coefficientStatistics[k].name = "\(feature)^\(k + 1)" }
    }

    public func predict(columns: [[Double]]) throws -> [Double] {
        guard columns.count == 1 else {
            throw LossKitError.countMismatch(name: "input columns", count: columns.count, otherName: "polynomial inputs", otherCount: 1)
        }
        return predict(columns[0])
    }

    public var fitSummary: FitSummary { InferencePresentation.fitSummary(training) }

    public func resultMembers() -> [(String, JSONValue)] {
        InferencePresentation.members(intercept: interceptStatistics, coefficients: coefficientStatistics,
                                      training: training, level: confidenceLevel)
            + [("degree", .int(degree)), ("feature", .string(feature))]
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        [InferencePresentation.table(
            intercept: interceptStatistics, coefficients: coefficientStatistics, training: training,
            level: confidenceLevel, rowCount: context.rowCount,
            title: "Polynomial least squares, degree \(degree): \(context.targetName) on \(feature)  (\(context.source))")]
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: intercept, coefficients: coefficients, featureNames: coefficientStatistics.map(\.name),
                           interceptStatistics: interceptStatistics, coefficientStatistics: coefficientStatistics)
    }
}
