import RealModule

/// The squared ε-insensitive loss (scikit-learn
/// `SGDRegressor(loss: "squared_epsilon_insensitive")`), with `r = y − ŷ`:
///
///     ℓ(r) = max(0, |r| − ε)²
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `2·sign(r)·(|r| − ε)` for `|r| > ε`, else 0 — continuous |
/// | `d²ℓ/dr²` | 2 for `|r| > ε`, 0 for `|r| < ε`; **at `|r| = ε` it jumps and 0 (the inner side) is returned** (2 everywhere when `ε = 0`) |
///
/// `ε = 0` is `SquaredError`. **Robustness:** none outside the tube (quadratic
/// growth, like L2). **Infinity:** `+∞`, derivative `±∞`.
@frozen
public struct SquaredEpsilonInsensitiveLoss: RegressionLoss, Hashable {
    /// The half-width of the zero-loss tube (≥ 0).
    public let epsilon: Double

    /// - Throws: `LossKitError.invalidParameter(name: "epsilon", …)` unless
    ///   `epsilon` is finite and ≥ 0.
    @inlinable
    public init(epsilon: Double = 0.1) throws {
        self.epsilon = try LossKernels.checkedParameter(
            "epsilon", epsilon, "must be finite and >= 0") { $0 >= 0 && $0.isFinite }
    }

    public var name: String { "squared_epsilon_insensitive" }
    public var description: String { "squared_epsilon_insensitive(epsilon: \(epsilon))" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let excess = abs(r) - T(epsilon)
        return excess > 0 ? excess * excess : LossKernels.zero(propagating: r)
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T {
        let excess = abs(r) - T(epsilon)
        return excess > 0 ? 2 * excess * LossKernels.sign(r) : LossKernels.zero(propagating: r)
    }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T {
        if r.isNaN { return r }
        return abs(r) > T(epsilon) || epsilon == 0 ? 2 : 0
    }
}
