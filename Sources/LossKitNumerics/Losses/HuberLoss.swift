import RealModule

/// The Huber loss with threshold `δ` (PyTorch's `HuberLoss(delta:)`, Keras'
/// `Huber`): quadratic near zero, linear in the tails, with `r = y − ŷ`:
///
///     ℓ(r) = ½ r²            if |r| ≤ δ
///            δ (|r| − ½ δ)    otherwise
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `r` if `|r| ≤ δ`, else `δ·sign(r)` — continuous at `|r| = δ` |
/// | `d²ℓ/dr²` | 1 if `|r| ≤ δ`, else 0; **at `|r| = δ` it jumps, and 1 (the inner side) is returned** |
///
/// `δ` is in the units of the residual (absolute, not a quantile). With `δ`
/// above every residual the loss is `½·SquaredError` (note the ½); as
/// `δ → 0`, `ℓ/δ → |r|`.
///
/// **Robustness:** bounded influence (`|dℓ/dr| ≤ δ`) like L1, efficient like
/// L2 for small residuals. Use it for mostly-Gaussian errors with some outliers.
/// **Infinity:** an infinite residual gives `+∞` with derivative `±δ`.
@frozen
public struct HuberLoss: RegressionLoss, Hashable {
    /// The threshold between the quadratic and the linear part (> 0).
    public let delta: Double

    /// - Throws: `LossKitError.invalidParameter(name: "delta", …)` unless
    ///   `delta` is finite and > 0.
    @inlinable
    public init(delta: Double = 1) throws {
        self.delta = try LossKernels.checkedParameter(
            "delta", delta, "must be finite and > 0") { $0 > 0 && $0.isFinite }
    }

    public var name: String { "huber" }
    public var description: String { "huber(delta: \(delta))" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let a = abs(r), d = T(delta)
        return a <= d ? r * r / 2 : d * (a - d / 2)
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T {
        // r clamped to [−δ, δ]: branch-free, and NaN stays NaN (Swift's
        // max/min return their first argument when the comparison is false).
        let d = T(delta)
        return min(max(r, -d), d)
    }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T {
        r.isNaN ? r : (abs(r) <= T(delta) ? 1 : 0)
    }
}
