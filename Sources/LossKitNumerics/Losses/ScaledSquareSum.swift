import RealModule

/// A weighted sum of squares kept as `scale² · sumOfSquares`, so that neither
/// huge (1e200) nor tiny (1e-200) residuals overflow or flush to zero: the one
/// representation behind `SquaredError.rootMeanSquaredError` and every
/// regression metric built on squares (MSE, RMSE, R², explained variance, in
/// memory and streamed).
///
/// `scale` is a power of two (1 unless the direct sum overflowed or lost
/// digits to underflow), so the scaling itself is exact and the ratio of two
/// such sums is one rounding from `sumOfSquares / sumOfSquares`. `scale` is 0
/// when every term was 0 and +∞ when one was infinite. The rescaled pass that
/// produces it is `Summation.powerOfTwoScaledSquares`.
@frozen
public struct ScaledSquareSum: Sendable, Hashable {
    /// A power of two `s` with `Σ wᵢ rᵢ² = s² · sumOfSquares`.
    public var scale: Double
    /// `Σ wᵢ (rᵢ/s)²`, accumulated in Double.
    public var sumOfSquares: Double
    /// `Σ wᵢ` over the samples used (unweighted: their count).
    public var weightTotal: Double

    @inlinable
    public init(scale: Double, sumOfSquares: Double, weightTotal: Double) {
        self.scale = scale
        self.sumOfSquares = sumOfSquares
        self.weightTotal = weightTotal
    }

    /// `√(Σ wᵢ rᵢ² / Σ wᵢ)` = `s · √(sumOfSquares / weightTotal)`: finite
    /// whenever the answer is representable in Double. NaN if `weightTotal` is 0.
    @inlinable
    public var rootMeanSquare: Double {
        if scale == 0 || scale.isNaN || scale.isInfinite { return weightTotal == 0 ? .nan : scale }
        return rootMean(over: weightTotal)
    }

    /// `Σ wᵢ rᵢ² / Σ wᵢ`, multiplied out as `s·(s·(sumOfSquares/weightTotal))`
    /// so that an intermediate `s²` cannot overflow; it overflows to `+∞` or
    /// underflows to 0 only when the true mean square is outside Double's
    /// range (use `rootMeanSquare` then).
    @inlinable
    public var meanSquare: Double {
        if scale == 0 || scale.isNaN || scale.isInfinite { return weightTotal == 0 ? .nan : scale }
        return mean(over: weightTotal)
    }
}

// Arithmetic of the metrics (internal).
extension ScaledSquareSum {
    /// Nothing summed yet (or every term 0), over `weightTotal`.
    @usableFromInline
    static func zero(weightTotal: Double) -> ScaledSquareSum {
        ScaledSquareSum(scale: 0, sumOfSquares: 0, weightTotal: weightTotal)
    }
    @usableFromInline static let zero = ScaledSquareSum.zero(weightTotal: 0)
    @usableFromInline static let nan = ScaledSquareSum(scale: .nan, sumOfSquares: .nan, weightTotal: .nan)

    /// True only when the sum is exactly zero (every weighted term was 0).
    @usableFromInline var isZero: Bool { scale == 0 }

    /// `scale² · sumOfSquares / total`, multiplied out so that a representable
    /// result is not lost to an intermediate `scale²` overflow.
    @inlinable
    func mean(over total: Double) -> Double {
        if isZero { return 0 }
        return scale * (scale * (sumOfSquares / total))
    }

    /// `sqrt(scale² · sumOfSquares / total) = scale · sqrt(sumOfSquares / total)`:
    /// finite and accurate for any representable root mean square.
    @inlinable
    func rootMean(over total: Double) -> Double {
        if isZero { return 0 }
        return scale * (sumOfSquares / total).squareRoot()
    }

    /// `self / other` without forming either square: `(s₁/s₂)² · (q₁/q₂)`.
    @usableFromInline
    func ratio(to other: ScaledSquareSum) -> Double {
        let t = scale / other.scale
        return (t * (sumOfSquares / other.sumOfSquares)) * t
    }

    /// The sum of the two quantities (and of their weight totals), at the
    /// larger power-of-two scale; the rescaling of the other is exact unless
    /// its terms fall below the subnormal range relative to this one, where
    /// they are negligible.
    func adding(_ other: ScaledSquareSum) -> ScaledSquareSum {
        let weightTotal = weightTotal + other.weightTotal
        if other.isZero { return ScaledSquareSum(scale: scale, sumOfSquares: sumOfSquares, weightTotal: weightTotal) }
        if isZero { return ScaledSquareSum(scale: other.scale, sumOfSquares: other.sumOfSquares, weightTotal: weightTotal) }
        if scale.isNaN || other.scale.isNaN { return .nan }
        if scale.isInfinite || other.scale.isInfinite {
            return ScaledSquareSum(scale: .infinity, sumOfSquares: .infinity, weightTotal: weightTotal)
        }
        let x = normalized, y = other.normalized
        let top = max(x.scale, y.scale)
        let a = x.scale / top, b = y.scale / top
        return ScaledSquareSum(scale: top, sumOfSquares: x.sumOfSquares * a * a + y.sumOfSquares * b * b, weightTotal: weightTotal)
    }

    /// The same quantity with `sumOfSquares` in `[1, 4)` (its binary exponent
    /// moved into `scale`, exactly), so that adding two sums cannot overflow.
    private var normalized: ScaledSquareSum {
        guard sumOfSquares.isNormal, scale.isFinite, scale > 0 else { return self }
        let half = Int(sumOfSquares.exponent) / 2
        return ScaledSquareSum(
            scale: Double(sign: .plus, exponent: half, significand: scale),
            sumOfSquares: Double(sign: .plus, exponent: -2 * half, significand: sumOfSquares), weightTotal: weightTotal)
    }
}
