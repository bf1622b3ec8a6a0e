import LossKitData
import LossKitNumerics

/// How `RobustLinearRegression` sets the residual scale `s` that makes the
/// loss scale-free (`ρ(r/s)`).
public enum RobustScale: Sendable, Equatable {
    /// The normalized median absolute deviation of the residuals about 0,
    /// `s = median|rᵢ| / Φ⁻¹(3/4) ≈ 1.4826·median|rᵢ|`, re-estimated after
    /// every reweighted least-squares step. This is statsmodels RLM's default
    /// (`scale.mad(resid, center=0)`, `update_scale=True`).
    case mad
    /// A scale held constant. `.fixed(1)` makes Huber's k an absolute
    /// threshold in units of `y`: `.huber(k: δ)` with `.fixed(1)` minimizes
    /// `Σ HuberLoss(delta: δ)(rᵢ)`. Must be finite and > 0.
    case fixed(Double)

    /// Huber's scale estimated jointly with the coefficients (Huber 1981,
    /// Owen 2007), as scikit-learn's `HuberRegressor` (with `alpha = 0`,
    /// `epsilon = k`, k from `RobustLoss.huber(k:)`): the fit minimizes over
    /// `(β, σ)` the jointly convex `Σᵢ [σ + σ·H_k(rᵢ/σ)]`, `H_k(z) = z²` for
    /// `|z| ≤ k`, `2k|z| − k²` beyond. Alternates a Huber reweighting step in
    /// `β` with the exact minimization in `σ` (a 1-D convex problem solved by
    /// sorting). Only meaningful for `.huber`; L1 and quantile fits treat it
    /// as `.mad`.
    case concomitant

    /// `Φ⁻¹(3/4)`, the MAD of a standard normal variable (scipy's `norm.ppf(0.75)`).
    public static let normalConsistency = 0.6744897501960817

    /// Where `medianAbsoluteDeviation` centers the absolute deviations.
    public enum Center: Sendable, Equatable {
        /// Deviations about 0 (statsmodels RLM's choice for residuals).
        case zero
        /// Deviations about the median (the textbook MAD, statsmodels `mad`'s default).
        case median
    }

    /// The normalized median absolute deviation,
    /// `median|xᵢ − c| / Φ⁻¹(3/4)` with `c = 0` or `c = median(x)`: a
    /// consistent estimate of σ for normal data that ignores up to half the
    /// values being arbitrarily wrong (50 % breakdown point).
    ///
    /// ```swift
    /// RobustScale.medianAbsoluteDeviation([1, 2, 3, 4, 100], center: .median)  // 1.4826
    /// ```
    /// - Returns: NaN for an empty array or when any value is NaN; +∞ when more
    ///   than half the values are infinite.
    /// - Complexity: O(n log n) (sorting).
    public static func medianAbsoluteDeviation(_ values: [Double], center: Center = .zero) -> Double {
        guard !values.isEmpty, !values.contains(where: \.isNaN) else { return .nan }
        let c: Double
        switch center {
        case .zero: c = 0
        case .median: c = median(values)
        }
        var deviations = values.map { abs($0 - c) }
        return WeightedMedian.median(reordering: &deviations) / normalConsistency
    }

    /// The `σ > 0` minimizing `nσ + Σ_{|rᵢ|≤kσ} rᵢ²/σ + Σ_{|rᵢ|>kσ} (2k|rᵢ| − k²σ)`
    /// for fixed residuals, where k (the `delta` argument) is Huber's tuning
    /// constant of `RobustLoss.huber(k:)`, in units of σ: on each interval of
    /// `σ` where the set of inliers is fixed the derivative is
    /// `n − n_out·k² − S_in/σ²`, increasing in `σ`; the root is found by
    /// scanning the sorted `|rᵢ|/k`. 0 when all rᵢ = 0.
    /// - Complexity: O(n log n).
    static func concomitantScale(_ residuals: [Double], delta: Double) -> Double {
        let a = residuals.map { abs($0) / delta }.sorted()
        let n = a.count
        var inlierSquares = 0.0   // Σ rᵢ² over inliers, rᵢ² = δ² aᵢ²
        for k in 0...n {
            // Interval [lo, hi): the first k of a (sorted) are inliers.
            if k > 0 { inlierSquares += delta * delta * a[k - 1] * a[k - 1] }
            let lo = k > 0 ? a[k - 1] : 0
            let hi = k < n ? a[k] : .infinity
            let c = Double(n) - Double(n - k) * delta * delta
            guard c > 0 else { continue }
            let root = (inlierSquares / c).squareRoot()
            if root < hi { return max(root, lo) }
        }
        return a.last ?? 0
    }

    /// The median (mean of the two middle values for an even count); NaN when empty.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return WeightedMedian.median(values)
    }
}
