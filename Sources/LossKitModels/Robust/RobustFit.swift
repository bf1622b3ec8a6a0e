import LossKitData
import LossKitNumerics

/// The result of `RobustLinearRegression.fit`: `ŷ = intercept + Σⱼ coefficients[j]·xⱼ`.
public struct RobustFit: Sendable {
    /// Why the iteration stopped.
    public enum StopReason: String, Sendable, Codable {
        /// The fitted values moved by less than `tolerance·s` (and, with the MAD
        /// scale, `s` by less than `tolerance·s`) in the last step, or the
        /// L1/quantile vertex was certified optimal.
        case converged
        /// `maxIterations` reweighting steps were taken without converging.
        /// The coefficients are the last iterate.
        case maxIterations
        /// The MAD scale became 0: more than half the rows are fitted exactly,
        /// so Huber weights `ψ(r/s)/(r/s)` cannot be formed. The last fit is returned.
        case zeroScale
        /// L1/quantile: IRLS stopped improving and the vertex search could not
        /// certify optimality (degenerate data); the best fit found is returned.
        case stalled
    }

    /// The loss that was minimized.
    public let loss: RobustLoss
    /// `b` (0 when fitted without intercept).
    public let intercept: Double
    /// `w`, one per column of `x`.
    public let coefficients: [Double]
    /// The final residual scale `s` (normalized MAD of the final residuals
    /// about 0, or the fixed scale).
    public let scale: Double
    /// Per-row weight in [0, 1]; 1 means the row counts as in least squares,
    /// smaller means down-weighted — the outliers. Huber: `min(1, k/|rᵢ/s|)`,
    /// k the tuning constant of `RobustLoss.huber(k:)` (statsmodels'
    /// `weights`); L1/quantile: `min(1, 2c/|rᵢ/s|)` with `c = τ`
    /// above the fit and `1 − τ` below (L1: `min(1, 1/|rᵢ/s|)`).
    public let weights: [Double]
    /// `rᵢ = yᵢ − ŷᵢ` at the solution.
    public let residuals: [Double]
    /// Reweighted least-squares steps taken after the initial OLS fit.
    public let iterations: Int
    /// Simplex pivots taken by the exact L1/quantile refinement (0 for Huber).
    public let vertexPivots: Int
    /// `stopReason == .converged`.
    public var converged: Bool { stopReason == .converged }
    public let stopReason: StopReason
    /// For L1/quantile: the solution is a vertex certified optimal by the
    /// subgradient condition (the exact LP solution, up to the rounding of a
    /// p×p solve). Always false for Huber.
    public let isExactVertex: Bool
    /// The mean loss in units of `y` after the initial OLS fit (entry 0) and
    /// after each reweighting step (entry k), then once more after the vertex
    /// refinement: Huber `mean HuberLoss(delta: k·sₖ)(r)` (the absolute
    /// threshold `k·sₖ` at that step's scale `sₖ`), L1 `mean|r|`, quantile
    /// `mean ρ_τ(r)`. For a training-curve plot.
    public let lossHistory: [Double]

    /// The final mean loss (the last entry of `lossHistory`).
    public var objective: Double { lossHistory.last ?? .nan }

    /// Rows (0-based) whose standardized residual `|rᵢ|/s` exceeds `threshold`
    /// (default 3). With `s = 0`, the rows with a nonzero residual.
    public func outlierRows(threshold: Double = 3) -> [Int] {
        residuals.indices.filter { i in
            scale > 0 ? abs(residuals[i]) > threshold * scale : residuals[i] != 0
        }
    }

    /// `intercept + x·coefficients` for each row of `x`.
    /// - Throws: `LossKitError.shapeMismatch` when `x` has the wrong number of columns.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }
}
