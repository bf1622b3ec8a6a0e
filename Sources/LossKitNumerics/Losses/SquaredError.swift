import RealModule

/// The squared error (L2 loss) `ℓ(r) = r²` with `r = y − ŷ`; its `.mean`
/// reduction is the mean squared error (MSE).
///
/// **Note the factor:** the per-element loss is `(y − ŷ)²`, **not** `½(y − ŷ)²`
/// (PyTorch's `MSELoss`, scikit-learn's `mean_squared_error` and Keras agree;
/// the ½ appears only inside `HuberLoss`). So `dℓ/dŷ = 2(ŷ − y)`.
///
/// | | |
/// |---|---|
/// | value | `r²` |
/// | `dℓ/dr` | `2r` (so `dℓ/dŷ = −2r`) |
/// | `d²ℓ/dr²` | `2` everywhere |
///
/// **Robustness:** none — one residual of size `k` weighs as much as `k²`
/// unit residuals; the mean is pulled toward outliers. Use it when errors are
/// roughly Gaussian, or when you want the conditional mean.
///
/// **Infinity:** an infinite residual gives `+∞` (and `∓∞` derivative); `∞ − ∞`
/// residuals (both inputs infinite with the same sign) are NaN.
///
/// The array API (`loss`, `values`, `gradient`, `valueAndGradient`) runs SIMD
/// kernels for `Float` and `Double` (see `SquaredError+Kernels.swift`);
/// `rootMeanSquaredError` and `scaledMeanSquare` give an overflow- and
/// underflow-free RMSE (see `SquaredError+RootMean.swift`).
@frozen
public struct SquaredError: RegressionLoss, Hashable {
    @inlinable public init() {}

    public var name: String { "squared_error" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T { r * r }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T { 2 * r }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T { r.isNaN ? r : 2 }
}
