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
    /// is `scale² · sumOfSquares`, with `scale` the power of two `2^e` of
    /// `max|xᵢ|` (`e` its binary exponent; 0 when all are 0), so
    /// `sumOfSquares ∈ [1, 4n)` and the scaling is exact.
    ///
    /// Use `scaledNorm` for `sqrt(Σ xᵢ²)` directly. NaN propagates; an infinite
    /// element gives `(+∞, +∞)`.
    /// - Complexity: O(n), two passes.
    @inlinable
    public static func scaledSumOfSquares(count: Int, _ term: (Int) -> Double) -> (scale: Double, sumOfSquares: Double) {
        var largest = 0.0
        for i in 0..<count {
            let a = abs(term(i))
            if a.isNaN { return (.nan, .nan) }
            if a > largest { largest = a }
        }
        return powerOfTwoScaledSquares(count: count, largest: largest, term) { _ in 1 }
    }

    /// The rescaled pass behind every scaled sum of squares in LossKit
    /// (`scaledSumOfSquares`, the losses' `ScaledSquareSum`, the metrics'):
    /// `Σ wᵢ xᵢ²` as `(2^e, Σ wᵢ (xᵢ·2^-e)²)` with `e` the binary exponent of
    /// `largest` (the caller's `max|xᵢ|` over the samples it counts, NaN-free).
    /// Scaling by a power of two is exact (unless the product is subnormal,
    /// i.e. negligible), so the only roundings are the squares and the sum;
    /// at the ends of the exponent range, where `2^-e` itself is not normal,
    /// each term is rescaled through its significand instead.
    ///
    /// A sample with weight ≤ 0 contributes nothing (the caller returns
    /// weight 0 for a sample it drops). `largest == 0` gives `(0, 0)`,
    /// `largest == ∞` gives `(∞, ∞)`.
    /// - Complexity: O(n), one compensated pass (`accurateSum`).
    @inlinable @inline(__always)
    static func powerOfTwoScaledSquares(
        count: Int, largest: Double, _ term: (Int) -> Double, weight: (Int) -> Double
    ) -> (scale: Double, sumOfSquares: Double) {
        if largest.isNaN { return (.nan, .nan) }
        if largest == 0 { return (0, 0) }
        if largest.isInfinite { return (.infinity, .infinity) }
        let exponent = Int(largest.exponent)
        let factor = Double(sign: .plus, exponent: -exponent, significand: 1)
        let sum: Double
        if factor.isNormal {
            sum = accurateSum(count: count) { i in
                let w = weight(i), u = term(i) * factor
                return w > 0 ? w * (u * u) : 0
            }
        } else {
            sum = accurateSum(count: count) { i in
                let w = weight(i)
                guard w > 0 else { return 0 }
                let u = Double(sign: .plus, exponent: -exponent, significand: term(i))
                return w * (u * u)
            }
        }
        return (Double(sign: .plus, exponent: exponent, significand: 1), sum)
    }

    /// `Σ term(i)` for `i` in `0..<count`, fully compensated: four interleaved
    /// lanes of Knuth's TwoSum (branch-free, so the lanes run in SIMD
    /// registers) collect every rounding error, and `compensatedSum` combines
    /// the lanes. Error: about one rounding of the result plus
    /// `O(n·ε²)·Σ|termᵢ|` — the accuracy of `compensatedSum`, at several
    /// times its speed. NaN propagates; an infinite sum is returned as is.
    @inlinable @inline(__always)
    static func accurateSum(count n: Int, _ term: (Int) -> Double) -> Double {
        var sum = SIMD4<Double>.zero
        var error = SIMD4<Double>.zero
        var i = 0
        while i + 4 <= n {
            let x = SIMD4(term(i), term(i + 1), term(i + 2), term(i + 3))
            let t = sum + x
            let xPart = t - sum
            error += (sum - (t - xPart)) + (x - xPart)
            sum = t
            i += 4
        }
        let tail = i
        let lanes = (sum, error)
        let total = compensatedSum(count: 8 + n - tail) { k in
            k < 4 ? lanes.0[k] : k < 8 ? lanes.1[k - 4] : term(tail + k - 8)
        }
        if total.isNaN {
            // An overflowing lane makes its error term ∞ − ∞ = NaN: the sum is ±∞ then.
            let plain = compensatedSum(count: 4 + n - tail) { k in
                k < 4 ? lanes.0[k] : term(tail + k - 4)
            }
            if plain.isInfinite { return plain }
        }
        return total
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
