import RealModule

/// Accurate summation primitives shared by losses, metrics and models.
///
/// These are the *reference-quality* building blocks: compensated (Neumaier)
/// summation in Double, and a scaled sum of squares that neither overflows nor
/// underflows where the answer is representable (the BLAS `nrm2` idea). The
/// SIMD hot paths of the losses live in `Losses/` and must agree with these.
public enum Summation {
    /// `Σ term(i)` for `i` in `0..<count`, accumulated in Double with Neumaier
    /// compensation: the error is about one rounding of the result plus
    /// `O(n·ε²)·Σ|termᵢ|`, independent of the order of magnitude spread.
    ///
    /// NaN in any term gives NaN; +∞ and −∞ together give NaN.
    /// - Complexity: O(n), one call of `term` per index.
    @inlinable
    public static func compensatedSum(count: Int, _ term: (Int) -> Double) -> Double {
        var accumulator = CompensatedAccumulator()
        for i in 0..<count {
            accumulator.add(term(i))
        }
        return accumulator.value
    }

    /// `Σ xᵢ²` without overflow or underflow where the result is representable
    /// as a scaled pair: returns `(scale, sumOfSquares)` such that the true value
    /// is `scale² · sumOfSquares`, with `scale = max|xᵢ|` (or 0 when all are 0).
    ///
    /// Use `scaledNorm` for `sqrt(Σ xᵢ²)` directly. NaN propagates; an infinite
    /// element gives `(+∞, +∞)`.
    /// - Complexity: O(n), two passes.
    @inlinable
    public static func scaledSumOfSquares(count: Int, _ term: (Int) -> Double) -> (scale: Double, sumOfSquares: Double) {
        var scale = 0.0
        for i in 0..<count {
            let a = abs(term(i))
            if a.isNaN { return (.nan, .nan) }
            if a > scale { scale = a }
        }
        if scale == 0 { return (0, 0) }
        if scale.isInfinite { return (.infinity, .infinity) }
        let inverse = 1 / scale
        // 1/scale can overflow for subnormal scale; fall back to division then.
        let s: Double
        if inverse.isFinite {
            s = compensatedSum(count: count) { let r = term($0) * inverse; return r * r }
        } else {
            s = compensatedSum(count: count) { let r = term($0) / scale; return r * r }
        }
        return (scale, s)
    }

    /// `sqrt(Σ xᵢ²)`: finite and correct to a few ulps for elements near 1e±300.
    ///
    /// Fast path first (the BLAS `nrm2` idea): one compensated pass over `xᵢ²`;
    /// only if that overflowed, or is so small that underflowed squares could
    /// have cost more than an ulp (`Σ < n·leastNormal/ε`), it is recomputed as
    /// `scale · sqrt(Σ (xᵢ/scale)²)` with `scaledSumOfSquares`.
    /// - Complexity: O(n); one pass, three when rescaling.
    @inlinable
    public static func scaledNorm(count: Int, _ term: (Int) -> Double) -> Double {
        let direct = compensatedSum(count: count) { let x = term($0); return x * x }
        if direct.isNaN { return .nan }
        if direct.isFinite && direct >= Double(count) * Double.leastNormalMagnitude / Double.ulpOfOne {
            return direct.squareRoot()
        }
        let (scale, s) = scaledSumOfSquares(count: count, term)
        if scale == 0 || !scale.isFinite { return scale }
        return scale * s.squareRoot()
    }
}
