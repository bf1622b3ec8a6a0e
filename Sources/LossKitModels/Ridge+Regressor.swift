import Foundation
import LossKitData
import LossKitNumerics

extension Ridge: Regressor {
    /// Fits `data` at `alpha` (weights: `Σ wᵢ rᵢ² + α‖w‖²` minimized).
    public func fit(_ data: RegressionData) throws -> RidgeResult {
        try fit(features: data.features, targets: data.targets, weights: data.weights, featureNames: data.featureNames)
    }

    /// The α grid `losskit fit --cv` and the report search when none is given:
    /// 25 values, 10⁻³ … 10³ in quarter decades.
    public static let defaultAlphaGrid: [Double] = stride(from: -3.0, through: 3.0, by: 0.25).map { pow(10, $0) }
}

extension RidgeCV: Regressor {
    /// Fits `data` at every α of `alphas` and keeps the one with the least
    /// exact leave-one-out error.
    public func fit(_ data: RegressionData) throws -> RidgeCVResult {
        try fit(features: data.features, targets: data.targets, weights: data.weights, featureNames: data.featureNames)
    }
}

extension RidgeResult: LoadableRegressor {
    public var modelName: String { "ridge" }
    public var displayLabel: String { "Ridge (α = \(NumberFormat.significant(alpha, digits: 3)))" }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] {
        try predict(Matrix(columns: columns))
    }

    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    /// `√(RSS / (n − df − k))`: the residual SD with the effective degrees of
    /// freedom `df = Σ sₖ²/(sₖ² + α)` of the slopes and `k = 1` for the
    /// intercept (0 without); NaN when no degree of freedom is left.
    public var residualStandardDeviation: Double {
        let dof = Double(observationCount) - effectiveDegreesOfFreedom - (fitIntercept ? 1 : 0)
        return dof > 0 ? (residualSumOfSquares / dof).squareRoot() : .nan
    }

    public var fitSummary: FitSummary {
        FitSummary(observationCount: observationCount, totalWeight: totalWeight, weighted: weighted)
    }

    public func resultMembers() -> [(String, JSONValue)] {
        [
            ("intercept", fitIntercept ? .number(intercept) : .null),
            ("coefficients", .numbers(coefficients)),
            ("feature_names", .array(featureNames.map(JSONValue.string))),
            ("alpha", .number(alpha)),
            ("residual_sd", .number(residualStandardDeviation)),
            ("r_squared", .number(rSquared)),
            ("effective_degrees_of_freedom", .number(effectiveDegreesOfFreedom)),
            ("rank", .int(rank)),
            ("condition_number", .number(conditionNumber)),
        ]
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        [coefficientTable(rowCount: context.rowCount,
                          title: "Ridge regression: \(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))")]
    }

    func coefficientTable(rowCount: Int, title: String) -> TextTable {
        var table = TextTable(title: title, headers: ["term", "estimate"])
        if fitIntercept { table.addRow(["intercept", NumberFormat.significant(intercept, digits: 10)]) }
        for (name, value) in zip(featureNames, coefficients) {
            table.addRow([name, NumberFormat.significant(value, digits: 10)])
        }
        table.footnotes = [
            "n = \(rowCount)   α = \(NumberFormat.significant(alpha))   R² = \(NumberFormat.significant(rSquared))"
                + "   effective df = \(NumberFormat.significant(effectiveDegreesOfFreedom, digits: 4))"
                + "   condition number = \(NumberFormat.significant(conditionNumber, digits: 4))",
            "intercept not penalized (scikit-learn's Ridge convention)",
        ]
        return table
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: fitIntercept ? intercept : nil, coefficients: coefficients, featureNames: featureNames)
    }
}

/// A cross-validated ridge fit is the ridge model at the chosen α (that is
/// what its model file holds), plus the leave-one-out curve and the path.
extension RidgeCVResult: FittedRegressor {
    public var modelKind: String { RidgeResult.modelKind }
    public var modelName: String { model.modelName }
    public var displayLabel: String { model.displayLabel }
    public var inputNames: [String] { model.inputNames }
    public func predict(columns: [[Double]]) throws -> [Double] { try model.predict(columns: columns) }
    public func predict(features: Matrix) throws -> [Double] { try model.predict(features) }
    public func modelFileData() throws -> Data { try model.modelFileData() }
    public var fitSummary: FitSummary { model.fitSummary }
    public var linearCoefficients: LinearCoefficients? { model.linearCoefficients }

    public func resultMembers() -> [(String, JSONValue)] {
        model.resultMembers() + [
            ("selection", .string("leave-one-out")),
            ("cv_curve", .array(curve.map {
                .object([("alpha", .number($0.alpha)), ("mean_squared_loo_error", .number($0.error))])
            })),
            ("path", .array(path.map {
                .object([("alpha", .number($0.alpha)), ("intercept", .number($0.intercept)),
                         ("coefficients", .numbers($0.coefficients)), ("r_squared", .number($0.rSquared))])
            })),
        ]
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        var curveTable = TextTable(title: "Leave-one-out curve", headers: ["α", "mean squared LOO error", ""])
        for (alpha, error) in curve {
            curveTable.addRow([NumberFormat.significant(alpha), NumberFormat.significant(error, digits: 7),
                               alpha == self.alpha ? "← chosen" : ""])
        }
        return [model.coefficientTable(rowCount: context.rowCount,
                                       title: "Ridge regression, α by leave-one-out: \(context.targetName)  (\(context.source))"),
                curveTable]
    }

    public var regularizationPath: RegularizationPath? {
        RegularizationPath(penalties: path.map(\.alpha), coefficients: path.map(\.coefficients),
                           validationErrors: meanSquaredLeaveOneOutErrors, chosen: alpha, featureNames: model.featureNames)
    }
}
