import RealModule

/// The ε-insensitive loss of support vector regression (scikit-learn
/// `SGDRegressor(loss: "epsilon_insensitive")`, `LinearSVR`), with `r = y − ŷ`:
///
///     ℓ(r) = max(0, |r| − ε)
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `sign(r)` for `|r| > ε`, else 0 — **0 at the kinks `|r| = ε`** (as scikit-learn's `dloss`) |
/// | `d²ℓ/dr²` | 0 except **NaN at `|r| = ε`** (undefined) |
///
/// `ε = 0` is `AbsoluteError`. **Robustness:** high, like L1; residuals
/// inside the tube cost nothing. **Infinity:** `+∞`, derivative ±1.
@frozen
public struct EpsilonInsensitiveLoss: RegressionLoss, Hashable {
    /// The half-width of the zero-loss tube (≥ 0).
    public let epsilon: Double

    /// - Throws: `LossKitError.invalidParameter(name: "epsilon", …)` unless
    ///   `epsilon` is finite and ≥ 0.
    @inlinable
    public init(epsilon: Double = 0.1) throws {
        self.epsilon = try LossKernels.checkedParameter(
            "epsilon", epsilon, "must be finite and >= 0") { $0 >= 0 && $0.isFinite }
    }

    public var name: String { "epsilon_insensitive" }
    public var description: String { "epsilon_insensitive(epsilon: \(epsilon))" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let excess = abs(r) - T(epsilon)
        return excess > 0 ? excess : LossKernels.zero(propagating: r)
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T {
        abs(r) > T(epsilon) ? LossKernels.sign(r) : LossKernels.zero(propagating: r)
    }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T {
        abs(r) == T(epsilon) ? .nan : LossKernels.zero(propagating: r)
    }
}
