import RealModule

/// Fisher's F distribution with `d₁` (numerator) and `d₂` (denominator)
/// degrees of freedom: the distribution of a regression's overall F statistic
/// `(SSR/d₁)/(RSS/d₂)` when every slope is zero, `d₁ = p − 1`, `d₂ = n − p`.
///
/// ```swift
/// let f = try FDistribution(numeratorDegreesOfFreedom: 10, denominatorDegreesOfFreedom: 71)
/// f.survival(2162.4)   // p-value of Filip's F test, ≈ 0
/// ```
///
/// `P(F ≤ f) = I_{d₁f/(d₁f+d₂)}(d₁/2, d₂/2)`; the survival function uses the
/// mirrored incomplete beta `I_{d₂/(d₂+d₁f)}(d₂/2, d₁/2)` directly, so small
/// p-values keep their relative accuracy (about 1e-14). NaN gives NaN,
/// `f ≤ 0` gives cdf 0, `f = +∞` gives cdf 1.
/// - Complexity: O(1), up to a few hundred continued-fraction terms.
public struct FDistribution: Sendable, Equatable {
    public let numeratorDegreesOfFreedom: Double
    public let denominatorDegreesOfFreedom: Double

    /// - Throws: `LossKitError.invalidParameter` unless both degrees of freedom are finite and > 0.
    public init(numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) throws {
        guard d1 > 0, d1.isFinite else {
            throw LossKitError.invalidParameter(
                name: "numeratorDegreesOfFreedom", value: "\(d1)", requirement: "must be finite and > 0")
        }
        guard d2 > 0, d2.isFinite else {
            throw LossKitError.invalidParameter(
                name: "denominatorDegreesOfFreedom", value: "\(d2)", requirement: "must be finite and > 0")
        }
        numeratorDegreesOfFreedom = d1
        denominatorDegreesOfFreedom = d2
    }

    private func split(_ f: Double) -> (lower: Double, upper: Double) {
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        if f.isNaN { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        if f.isInfinite { return (1, 0) }
        let s = d1 * f + d2
        return IncompleteBeta.regularized(x: d1 * f / s, complement: d2 / s, a: d1 / 2, b: d2 / 2)
    }

    /// `P(F ≤ f)`.
    public func cdf(_ f: Double) -> Double { split(f).lower }

    /// `P(F > f)`: the p-value of an observed F statistic.
    public func survival(_ f: Double) -> Double { split(f).upper }
}
