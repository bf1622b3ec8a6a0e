import LossKitData
import LossKitNumerics

/// A fitted `LinearRegression`: the coefficient table, the training summary
/// and `predict`. Codable as a LossKit model file (`"kind": "linear-regression"`).
public struct LinearRegressionResult: Sendable, Equatable {
    public var featureNames: [String]
    /// The intercept's row of the coefficient table; nil without an intercept.
    public var interceptStatistics: RegressionCoefficient?
    /// One row per feature, in the column order of x.
    public var coefficientStatistics: [RegressionCoefficient]
    public var confidenceLevel: Double
    public var training: TrainingSummary

    public init(featureNames: [String], interceptStatistics: RegressionCoefficient?,
                coefficientStatistics: [RegressionCoefficient], confidenceLevel: Double, training: TrainingSummary) {
        self.featureNames = featureNames
        self.interceptStatistics = interceptStatistics
        self.coefficientStatistics = coefficientStatistics
        self.confidenceLevel = confidenceLevel
        self.training = training
    }

    /// `b₀` (0 when no intercept was fitted).
    public var intercept: Double { interceptStatistics?.estimate ?? 0 }
    public var hasIntercept: Bool { interceptStatistics != nil }
    public var coefficients: [Double] { coefficientStatistics.map(\.estimate) }
    public var standardErrors: [Double] { coefficientStatistics.map(\.standardError) }
    public var tStatistics: [Double] { coefficientStatistics.map(\.tStatistic) }
    public var pValues: [Double] { coefficientStatistics.map(\.pValue) }
    /// `(lower, upper)` at `confidenceLevel`, one per feature (NaN when there
    /// are no residual degrees of freedom).
    public var confidenceIntervals: [(lower: Double, upper: Double)] {
        coefficientStatistics.map { ($0.lower, $0.upper) }
    }
    public var residualStandardDeviation: Double { training.residualStandardDeviation }
    public var rSquared: Double { training.rSquared }
    public var adjustedRSquared: Double { training.adjustedRSquared }
    public var rank: Int { training.rank }
    public var conditionNumber: Double { training.conditionNumber }
    public var solver: LeastSquaresSolver { training.solver }
    public var warnings: [ModelWarning] { training.warnings }

    /// `ŷ = b₀ + Xβ`, one value per row of `x`. Deterministic: the same model
    /// (also after a model-file round trip) gives bit-identical predictions.
    /// NaN/±∞ in x propagate to that row's prediction.
    /// - Throws: `LossKitError.shapeMismatch` when x has the wrong number of columns.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }
}
