import RealModule

/// The pinball (quantile) loss for quantile `τ ∈ (0, 1)`, with `r = y − ŷ`:
///
///     ℓ(r) = τ·max(r, 0) + (1 − τ)·max(−r, 0)
///
/// Its `.mean` is scikit-learn's `mean_pinball_loss(alpha: τ)`; minimising it
/// gives the conditional `τ`-quantile (`τ = 0.5`: half the absolute error).
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `τ` for `r > 0`, `τ − 1` for `r < 0`; **0 at `r = 0`** (a subgradient: 0 ∈ [τ − 1, τ]) |
/// | `d²ℓ/dr²` | 0 for `r ≠ 0`; **NaN at `r = 0`** (undefined) |
///
/// **Robustness:** high, like L1. Use it for prediction intervals and
/// asymmetric costs (under-prediction costs `τ`, over-prediction `1 − τ`).
/// **Infinity:** `+∞`, derivative `τ` or `τ − 1`.
@frozen
public struct PinballLoss: RegressionLoss, Hashable {
    /// The quantile `τ`, strictly between 0 and 1.
    public let quantile: Double

    /// - Throws: `LossKitError.invalidParameter(name: "quantile", …)` unless
    ///   `0 < quantile < 1`.
    @inlinable
    public init(quantile: Double = 0.5) throws {
        self.quantile = try LossKernels.checkedParameter(
            "quantile", quantile, "must be strictly between 0 and 1") { $0 > 0 && $0 < 1 }
    }

    public var name: String { "pinball" }
    public var description: String { "pinball(quantile: \(quantile))" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let tau = T(quantile)
        return r >= 0 ? tau * r : (tau - 1) * r
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T {
        let tau = T(quantile)
        return r > 0 ? tau : (r < 0 ? tau - 1 : LossKernels.zero(propagating: r))
    }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T { r == 0 ? .nan : LossKernels.zero(propagating: r) }
}
