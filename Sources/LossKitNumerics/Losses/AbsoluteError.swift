import RealModule

/// The absolute error (L1 loss) `ℓ(r) = |r|` with `r = y − ŷ`; its `.mean`
/// reduction is the mean absolute error (MAE, scikit-learn's
/// `mean_absolute_error`, PyTorch's `L1Loss`).
///
/// | | |
/// |---|---|
/// | value | `|r|` |
/// | `dℓ/dr` | `sign(r)`; **0 at `r = 0`** (a subgradient, as PyTorch's `sign`) |
/// | `d²ℓ/dr²` | 0 for `r ≠ 0`; **NaN at `r = 0`** (undefined: the derivative jumps) |
///
/// **Robustness:** high — a residual's pull on the fit does not grow with its
/// size. Use it when you want the conditional median or errors have heavy tails.
/// **Infinity:** an infinite residual gives `+∞` with derivative ±1.
@frozen
public struct AbsoluteError: RegressionLoss, Hashable {
    @inlinable public init() {}

    public var name: String { "absolute_error" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T { abs(r) }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T { LossKernels.sign(r) }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T { r == 0 ? .nan : LossKernels.zero(propagating: r) }
}
