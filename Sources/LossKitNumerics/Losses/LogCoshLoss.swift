import RealModule

/// The log-cosh loss `ℓ(r) = log(cosh r)` with `r = y − ŷ`: about `½r²` for
/// small residuals and `|r| − log 2` for large ones.
///
/// Computed without overflow (`cosh` overflows for `|r| > 710` in Double, 89 in
/// Float) and without cancellation:
/// - `|r| > 1`: `|r| + log1p(exp(−2|r|)) − log 2`;
/// - `|r| ≤ 1`: `log1p(m²/(2(1 + m)))` with `m = expm1(|r|)` (since
///   `cosh r − 1 = (e^|r| − 1)²/(2e^|r|)`), so tiny residuals keep full
///   relative accuracy (`ℓ ≈ r²/2`).
///
/// | | |
/// |---|---|
/// | `dℓ/dr` | `tanh r` |
/// | `d²ℓ/dr²` | `sech² r`, computed as `4e/(1 + e)²` with `e = exp(−2|r|)` (no cancellation, no overflow) |
///
/// Smooth everywhere (twice differentiable, unlike Huber), bounded derivative.
/// **Robustness:** like Huber with `δ ≈ 1`, in the units of the residual, so
/// scale the data first. **Infinity:** `+∞`, derivative ±1, second derivative 0.
@frozen
public struct LogCoshLoss: RegressionLoss, Hashable {
    @inlinable public init() {}

    public var name: String { "log_cosh" }

    @inlinable
    public func value<T: LossScalar>(residual r: T) -> T {
        let a = abs(r)
        if a <= 1 {
            // cosh r − 1 = (eᵃ − 1)² / (2eᵃ): one expm1, no cancellation.
            let m = T.expMinusOne(a)
            return Self._logOnePlus(m * m / (2 * (1 + m)))
        }
        return a + Self._logOnePlus(T.exp(-2 * a)) - T.log(2)
    }

    /// `log(1 + x)` for `x ≥ 0` as `log(u)·x/(u − 1)` with `u = 1 + x`
    /// (Goldberg's correction: the rounding of `u` cancels), accurate to a few
    /// ulps. glibc's `log1pf` costs several times its `logf`; this is one `log`
    /// and one division.
    @inlinable @inline(__always)
    static func _logOnePlus<T: LossScalar>(_ x: T) -> T {
        let u = 1 + x
        return u == 1 ? x : T.log(u) * (x / (u - 1))
    }

    @inlinable
    public func derivative<T: LossScalar>(residual r: T) -> T { T.tanh(r) }

    @inlinable
    public func secondDerivative<T: LossScalar>(residual r: T) -> T {
        let e = T.exp(-2 * abs(r))
        let onePlus = 1 + e
        return 4 * e / (onePlus * onePlus)
    }
}
