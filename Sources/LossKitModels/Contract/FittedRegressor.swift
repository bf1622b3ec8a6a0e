import Foundation
import LossKitData
import LossKitNumerics

/// A fitted regression model: what every LossKit model gives the tool, the
/// model files, the report and a library user, whatever its kind.
///
/// An estimator (a `Regressor`: its configuration) fits `RegressionData` and
/// returns a `FittedRegressor`. The protocol is the whole surface the rest of
/// LossKit sees of a model: `losskit fit` prints `summaryTables` or the JSON
/// object `resultMembers` (inside `FitReport`), `losskit predict` calls
/// `predict(columns:)` on whatever a model file held, and the report draws the
/// optional capabilities a model has.
///
/// ```swift
/// let model = try LinearRegression().fit(data)      // any Regressor
/// let yHat = try model.predict(columns: data.featureColumns)
/// let bytes = try model.modelFileData()             // loads back via SavedModel
/// print(model.linearCoefficients?.coefficients ?? [])
/// ```
///
/// Adding a model: one file with the estimator, the fitted type and its
/// conformances, plus one line in `ModelRegistry.builtIn`. No `switch`
/// elsewhere names model kinds.
public protocol FittedRegressor: Sendable {
    /// The model-file `"kind"` this model saves as (e.g. `"linear-regression"`).
    var modelKind: String { get }
    /// The short name of the fitted model as the tool reports it (the `"model"`
    /// key of `fit --json`: `ols`, `wls`, `polynomial`, `ridge`, `huber`, …).
    var modelName: String { get }
    /// The input columns `predict(columns:)` takes, in order.
    var inputNames: [String] { get }
    /// Predictions for input columns given in `inputNames` order, each of the
    /// same length. Conformers may assume the column count was checked (see
    /// `predictChecked(columns:)`, which every caller outside the model uses).
    /// - Complexity: O(n·p) for the linear models.
    func predict(columns: [[Double]]) throws -> [Double]
    /// Predictions for the rows of an `n × p` design whose columns are in
    /// `inputNames` order. The default builds the columns and calls
    /// `predict(columns:)`; models that work on a matrix (the linear ones)
    /// read it in place.
    func predict(features: Matrix) throws -> [Double]
    /// The model as a LossKit model file (UTF-8 JSON, docs/model-file-format.md).
    func modelFileData() throws -> Data
    /// How the fit went on its training data: rows, weights, warnings.
    var fitSummary: FitSummary { get }
    /// The model-specific members of the `fit --json` object, in order, between
    /// `"n"` and `"metrics"` (see `FitReport`).
    func resultMembers() -> [(String, JSONValue)]
    /// The model's tables for a terminal, titled for `context`; warnings follow
    /// as plain lines (`FitReport.text` adds the metrics table).
    func summaryTables(context: SummaryContext) -> [TextTable]

    // Optional capabilities: nil when the model does not have them.

    /// Intercept and coefficients of a model linear in its terms (the inputs
    /// of a linear model; the powers `x^1 … x^D` of a polynomial), with
    /// inference when the model has it.
    var linearCoefficients: LinearCoefficients? { get }
    /// The objective per iteration, how many iterations ran and why training
    /// stopped, for iterative fits.
    var iterationHistory: IterationHistory? { get }
    /// Training rows (0-based) the fit treats as outliers.
    var outlierRows: [Int]? { get }
    /// The support vectors of a support-vector model.
    var supportVectors: SupportVectorSummary? { get }
    /// The coefficient path over a penalty grid, with the cross-validation curve.
    var regularizationPath: RegularizationPath? { get }
    /// A short human label for plots and tables ("L2 (OLS)", "Huber (k = 1.345 s)", …).
    var displayLabel: String { get }
}

extension FittedRegressor {
    public var linearCoefficients: LinearCoefficients? { nil }
    public var iterationHistory: IterationHistory? { nil }
    public var outlierRows: [Int]? { nil }
    public var supportVectors: SupportVectorSummary? { nil }
    public var regularizationPath: RegularizationPath? { nil }
    public var displayLabel: String { modelName }

    /// `predict(columns:)` after checking the column count against `inputNames`
    /// and that the columns have equal lengths.
    /// - Throws: `LossKitError.countMismatch` for a wrong number of columns,
    ///   `.shapeMismatch` for ragged columns.
    public func predictChecked(columns: [[Double]]) throws -> [Double] {
        guard columns.count == inputNames.count else {
            throw LossKitError.countMismatch(name: "input columns", count: columns.count,
                                             otherName: "model inputs (\(inputNames.joined(separator: ", ")))",
                                             otherCount: inputNames.count)
        }
        if let first = columns.first, let bad = columns.firstIndex(where: { $0.count != first.count }) {
            throw LossKitError.shapeMismatch(name: "input column \(inputNames[bad])",
                                             expected: "\(first.count) values", actual: "\(columns[bad].count)")
        }
        return try predict(columns: columns)
    }

    public func predict(features: Matrix) throws -> [Double] {
        try predict(columns: (0..<features.columns).map { features.column($0) })
    }

    /// Predictions for the features of `data`, in `inputNames` order.
    /// - Throws: `LossKitError.countMismatch` when `data` has another number of features.
    public func predict(_ data: RegressionData) throws -> [Double] {
        guard data.featureCount == inputNames.count else {
            throw LossKitError.countMismatch(name: "features", count: data.featureCount,
                                             otherName: "model inputs (\(inputNames.joined(separator: ", ")))",
                                             otherCount: inputNames.count)
        }
        return try predict(features: data.features)
    }
}

/// Where a summary is shown: the source and the target name for titles.
public struct SummaryContext: Sendable {
    /// The data source (a file path) shown in table titles.
    public var source: String
    /// The target column's name.
    public var targetName: String
    /// Rows the model was fitted or scored on.
    public var rowCount: Int

    public init(source: String, targetName: String, rowCount: Int) {
        self.source = source
        self.targetName = targetName
        self.rowCount = rowCount
    }
}

/// The part of a fit's outcome every model has: rows, weights and warnings.
public struct FitSummary: Sendable, Equatable {
    /// Rows used (n), whatever the weights.
    public var observationCount: Int
    /// `Σ wᵢ` (n without weights).
    public var totalWeight: Double
    /// Whether sample weights were given.
    public var weighted: Bool
    /// Human-readable warnings about the fit (rank deficiency, no convergence, …).
    public var warnings: [String]

    public init(observationCount: Int, totalWeight: Double, weighted: Bool, warnings: [String] = []) {
        self.observationCount = observationCount
        self.totalWeight = totalWeight
        self.weighted = weighted
        self.warnings = warnings
    }
}

/// `ŷ = intercept + Σⱼ coefficients[j]·xⱼ`, with optional inference.
public struct LinearCoefficients: Sendable, Equatable {
    /// `b₀`; nil when the model has no intercept.
    public var intercept: Double?
    /// One per feature, in the order of `featureNames`.
    public var coefficients: [Double]
    /// Names of the features (for a polynomial, `x^1 … x^D`).
    public var featureNames: [String]
    /// The intercept's and the coefficients' inference rows, when the model has them.
    public var interceptStatistics: RegressionCoefficient?
    public var coefficientStatistics: [RegressionCoefficient]?

    public init(intercept: Double?, coefficients: [Double], featureNames: [String],
                interceptStatistics: RegressionCoefficient? = nil, coefficientStatistics: [RegressionCoefficient]? = nil) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.featureNames = featureNames
        self.interceptStatistics = interceptStatistics
        self.coefficientStatistics = coefficientStatistics
    }
}

/// The training curve of an iterative fit.
public struct IterationHistory: Sendable, Equatable {
    /// The objective after each iteration (entry 0: the starting point).
    public var objective: [Double]
    /// Iterations taken.
    public var iterations: Int
    /// Whether the stopping rule was met.
    public var converged: Bool
    /// Why training stopped, in words a user can act on (`converged`, `maxIterations`, …).
    public var stopReason: String
    /// The loss on held-out validation rows after each epoch, for fits that
    /// keep one (early stopping); nil otherwise. The report draws it next to
    /// `objective`.
    public var validation: [Double]?

    public init(objective: [Double], iterations: Int, converged: Bool, stopReason: String, validation: [Double]? = nil) {
        self.objective = objective
        self.iterations = iterations
        self.converged = converged
        self.stopReason = stopReason
        self.validation = validation
    }
}

/// The support vectors of a fitted support-vector model.
public struct SupportVectorSummary: Sendable, Equatable {
    /// Training rows (0-based) that are support vectors.
    public var rows: [Int]
    /// Their dual coefficients, in the order of `rows`.
    public var dualCoefficients: [Double]

    public init(rows: [Int], dualCoefficients: [Double]) {
        self.rows = rows
        self.dualCoefficients = dualCoefficients
    }
}

/// Coefficients along a penalty grid, and the cross-validation error that chose one.
public struct RegularizationPath: Sendable, Equatable {
    /// The penalties, in the order fitted.
    public var penalties: [Double]
    /// `coefficients[k][j]`: feature j at penalty k.
    public var coefficients: [[Double]]
    /// The cross-validation error at each penalty (nil without selection).
    public var validationErrors: [Double]?
    /// The penalty chosen.
    public var chosen: Double
    /// Feature names, in coefficient order.
    public var featureNames: [String]

    public init(penalties: [Double], coefficients: [[Double]], validationErrors: [Double]?, chosen: Double, featureNames: [String]) {
        self.penalties = penalties
        self.coefficients = coefficients
        self.validationErrors = validationErrors
        self.chosen = chosen
        self.featureNames = featureNames
    }
}
