/// A sum of squares held as `scale² · sum`, so that it neither overflows nor
/// underflows while the metrics built on it (RMSE, R², explained variance) are
/// representable: residuals near 1e200 or 1e-200 keep all their digits.
///
/// `scale` is a power of two within a factor 2 of the largest magnitude that
/// entered the sum (0 when every term was 0, +∞ when a term was infinite), and
/// `sum` is `Σ wᵢ·(xᵢ/scale)²`, at most `4·Σ wᵢ`. Power-of-two scales make the
/// scaling exact and the ratio of two such sums one rounding from `sum/sum`.
@usableFromInline
struct MetricSquareSum: Sendable, Equatable {
    @usableFromInline var scale: Double
    @usableFromInline var sum: Double

    @usableFromInline static let zero = MetricSquareSum(scale: 0, sum: 0)
    @usableFromInline static let nan = MetricSquareSum(scale: .nan, sum: .nan)

    @usableFromInline
    init(scale: Double, sum: Double) {
        self.scale = scale
        self.sum = sum
    }

    /// True only when the sum is exactly zero (every weighted term was 0).
    @usableFromInline var isZero: Bool { scale == 0 }

    /// `scale² · sum / total`, multiplied out so that a representable result is
    /// not lost to an intermediate `scale²` overflow (`sum / total ≤ 4`).
    @usableFromInline
    func mean(over total: Double) -> Double {
        if isZero { return 0 }
        return scale * (scale * (sum / total))
    }

    /// `sqrt(scale² · sum / total) = scale · sqrt(sum / total)`: finite and
    /// accurate for any representable root mean square.
    @usableFromInline
    func rootMean(over total: Double) -> Double {
        if isZero { return 0 }
        return scale * (sum / total).squareRoot()
    }

    /// `self / other` without forming either square: `(s₁/s₂)² · (q₁/q₂)`.
    @usableFromInline
    func ratio(to other: MetricSquareSum) -> Double {
        let t = scale / other.scale
        return (t * (sum / other.sum)) * t
    }

    /// The same quantity with `scale` multiplied by `2^exponent` (exact).
    @usableFromInline
    func rescaled(byPowerOfTwo exponent: Int) -> MetricSquareSum {
        MetricSquareSum(scale: Double(sign: .plus, exponent: exponent, significand: scale), sum: sum)
    }

    /// The sum of the two quantities, at the larger power-of-two scale (the
    /// rescaling of the other is exact unless its terms are below the
    /// subnormal range relative to this one, where they are negligible).
    func adding(_ other: MetricSquareSum) -> MetricSquareSum {
        if other.isZero { return self }
        if isZero { return other }
        if scale.isNaN || other.scale.isNaN { return .nan }
        if scale.isInfinite || other.scale.isInfinite { return MetricSquareSum(scale: .infinity, sum: .infinity) }
        let x = normalized, y = other.normalized
        let top = max(x.scale, y.scale)
        let a = x.scale / top, b = y.scale / top
        return MetricSquareSum(scale: top, sum: x.sum * a * a + y.sum * b * b)
    }

    /// The same quantity with `sum` in `[1, 4)` (its binary exponent moved
    /// into `scale`, exactly), so that adding two sums cannot overflow `sum`.
    private var normalized: MetricSquareSum {
        guard sum.isNormal, scale.isFinite, scale > 0 else { return self }
        let half = Int(sum.exponent) / 2
        return MetricSquareSum(
            scale: Double(sign: .plus, exponent: half, significand: scale),
            sum: Double(sign: .plus, exponent: -2 * half, significand: sum))
    }
}
