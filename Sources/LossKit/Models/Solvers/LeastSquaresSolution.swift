/// What every internal least-squares solver hands to the public model types:
/// the coefficients in extended precision (so that a change of basis, as the
/// polynomial model does, keeps its digits) and a factor of the unscaled
/// covariance.
struct LeastSquaresSolution: Sendable {
    /// Intercept (when fitted), in extended precision.
    var intercept: DDReal?
    /// Slopes, one per design column, in the caller's column order.
    var coefficients: [DDReal]
    /// `L` with `(X̃ᵀWX̃)⁺ = L Lᵀ` for the parameter vector `[intercept?, coefficients…]`,
    /// row-major, `parameters × rank(+1)`. Multiply by `σ̂²` for the covariance.
    var covarianceFactor: [[DDReal]]
    /// Numerical rank of the (centered) design, intercept included.
    var rank: Int
    /// `Σ wᵢ rᵢ²`.
    var residualSumOfSquares: Double
    /// `Σ wᵢ (yᵢ − ȳ)²` with an intercept, `Σ wᵢ yᵢ²` without.
    var totalSumOfSquares: Double
    /// `Σ wᵢ` (n without weights).
    var totalWeight: Double
    /// Upper-triangular R of the centered, column-scaled design (pivoted), `rank × rank`
    /// part, for the condition number.
    var scaledR: [[Double]]
    /// Design columns (0-based, caller order) that were dropped or aliased.
    var deficientColumns: [Int]
    /// Columns that are constant (zero after centering) — collinear with the intercept.
    var constantColumns: [Int]
    /// Which algorithm produced the solution.
    var solver: LeastSquaresSolver
    /// Refinement steps that were applied (0 for the extended-precision QR).
    var refinementSteps: Int
}
