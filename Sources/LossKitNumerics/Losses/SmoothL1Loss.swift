import RealModule

/// PyTorch's `SmoothL1Loss(beta:)`, exactly, with `r = y − ŷ`:
///
///     ℓ(r) = ½ r² / β     if |r| < β
///            |r| − ½ β    otherwise
///
/// The **absolute** residual is compared with `β` (a negative residual below
/// `−β` is on the linear branch; mlx-swift once compared the signed residual).
/// `β = 0` is exactly `AbsoluteError`. For `β > 0`, `SmoothL1Loss(beta: β)`
/// equals `HuberLoss(delta: β)` divided by `β`.
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `r/β` if `|r| < β`, else `sign(r)` (0 at `r = 0` when `β = 0`) |
/// | `d²ℓ/dr²` | `1/β` if `|r| < β`, else 0; **at `|r| = β` it jumps and 0 (the outer side, PyTorch's branch) is returned**; NaN at `r = 0` when `β = 0` |
///
/// **Robustness:** as Huber: bounded derivative (`|dℓ/dr| ≤ 1`).
/// Use it where PyTorch code uses it (e.g. box regression).
/// **Infinity:** an infinite residual gives `+∞` with derivative ±1.
@frozen
public struct SmoothL1Loss: RegressionLoss, Hashable {
    /// The width of the quadratic zone (≥ 0).
    public let beta: Double

    /// - Throws: `LossKitError.invalidParameter(name: "beta", …)` unless
    ///   `beta` is finite and ≥ 0.
    @inlinable
    public init(beta: Double = 1) throws {
        self.beta = try LossKernels.checkedParameter(
            "beta", beta, "must be finite and >= 0") { $0 >= 0 && $0.isFinite }
    }

    public var name: String { "smooth_l1" }
    public var description: String { "smooth_l1(beta: \(beta))" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let a = abs(r), b = T(beta)
        return a < b ? r * r / (2 * b) : a - b / 2
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T {
        let b = T(beta)
        return abs(r) < b ? r / b : LossKernels.sign(r)
    }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T {
        let a = abs(r), b = T(beta)
        if a < b { return 1 / b }
        if b == 0 && a == 0 { return .nan }
        return LossKernels.zero(propagating: r)
    }
}
