import RealModule

/// A weighted sum of squares kept as `scale² · sumOfSquares`, so that neither
/// huge (1e200) nor tiny (1e-200) residuals overflow or flush to zero: the
/// representation behind `SquaredError.rootMeanSquaredError`, for metrics that
/// need the root or the log of a mean square.
///
/// `scale` is a power of two (1 unless the direct sum overflowed or lost
/// digits to underflow), so the scaling itself is exact.
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
        return scale * (sumOfSquares / weightTotal).squareRoot()
    }

    /// `Σ wᵢ rᵢ² / Σ wᵢ`; overflows to `+∞` or underflows to 0 when the true
    /// mean square is outside Double's range (use `rootMeanSquare` then).
    @inlinable
    public var meanSquare: Double {
        if scale == 0 || scale.isNaN || scale.isInfinite { return weightTotal == 0 ? .nan : scale }
        return (scale * scale) * (sumOfSquares / weightTotal)
    }
}
