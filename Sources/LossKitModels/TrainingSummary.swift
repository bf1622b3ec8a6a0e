import LossKitData
import LossKitNumerics

/// How a least-squares model was fitted and how well it fits its training
/// data. Shared by every model result and stored in model files.
///
/// With weights, sums are weighted: `RSS = Σ wᵢ rᵢ²`, residual `rᵢ = yᵢ − ŷᵢ`.
public struct TrainingSummary: Sendable, Equatable, Codable {
    /// Rows used (n), whatever the weights.
    public var observationCount: Int
    /// `Σ wᵢ` (equals n without weights).
    public var totalWeight: Double
    /// Whether sample weights were given.
    public var weighted: Bool
    /// The algorithm that ran.
    public var solver: LeastSquaresSolver
    /// Numerical rank of the design, intercept included.
    public var rank: Int
    /// Residual degrees of freedom `n − rank`.
    public var degreesOfFreedom: Int
    /// `RSS = Σ wᵢ rᵢ²`.
    public var residualSumOfSquares: Double
    /// `σ̂ = √(RSS / (n − rank))`.
    public var residualStandardDeviation: Double
    /// With an intercept `1 − RSS/Σwᵢ(yᵢ − ȳ)²` (centered); without one the
    /// uncentered `1 − RSS/Σwᵢyᵢ²` (NIST's and statsmodels' convention). A
    /// constant target with an intercept gives 1 when RSS = 0 (scikit-learn's
    /// `r2_score` convention), otherwise 0.
    public var rSquared: Double
    /// `1 − (1 − R²)(n − k)/(n − rank)`, k = 1 with an intercept, 0 without.
    public var adjustedRSquared: Double
    /// Overall F statistic `((TSS − RSS)/(rank − k)) / σ̂²` and its p-value; NaN
    /// when there are no slopes.
    public var fStatistic: Double
    public var fPValue: Double
    /// 2-norm condition number of the centered (weighted), column-equilibrated
    /// design — each column scaled to unit norm — from the singular values of
    /// its R factor; +∞ when the design is rank-deficient (`rank` below the
    /// parameter count: its smallest singular value is 0, and the warnings
    /// say so). On the `.cholesky` path it is an estimate
    /// (power and inverse iteration on the equilibrated Gram matrix, square
    /// root). Not the condition number of the raw design.
    public var conditionNumber: Double
    /// Refinement steps with double-double residuals that were applied.
    public var refinementSteps: Int
    public var warnings: [ModelWarning]
}
