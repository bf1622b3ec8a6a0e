/// One output column of a validated metric input (no NaN left in its values):
/// the accurate weighted reductions every regression metric is built from.
///
/// Samples with weight 0 contribute nothing (not even an infinite value).
/// The loops take the per-sample term as a closure and are
/// `@inline(__always)`, so each metric gets its own specialized loop.
struct MetricColumn {
    let y: UnsafeBufferPointer<Double>
    let p: UnsafeBufferPointer<Double>
    let w: UnsafeBufferPointer<Double>?
    /// `Σ wᵢ`, or `n` without weights.
    let weightTotal: Double

    var count: Int { y.count }

    /// The residual `yᵢ − ŷᵢ` (target minus prediction).
    @inline(__always)
    func residual(_ i: Int) -> Double { y[i] - p[i] }

    /// Whether sample `i` counts (positive weight, or no weights).
    @inline(__always)
    func counts(_ i: Int) -> Bool { w.map { $0[i] > 0 } ?? true }

    /// `Σ term(i)`, fully compensated (`Summation.accurateSum`).
    @inline(__always)
    static func accurateSum(count n: Int, _ term: (Int) -> Double) -> Double {
        Summation.accurateSum(count: n, term)
    }

    @inline(__always)
    func accurateSum(_ term: (Int) -> Double) -> Double {
        Self.accurateSum(count: count, term)
    }

    /// `Σ wᵢ·f(i)` (unweighted: `Σ f(i)`), fully compensated.
    @inline(__always)
    func sum(_ f: (Int) -> Double) -> Double {
        guard let w else { return accurateSum(f) }
        return accurateSum { i in w[i] > 0 ? w[i] * f(i) : 0 }
    }

    /// `Σ wᵢ·f(i) / Σ wᵢ` (unweighted: `Σ f(i) / n`), fully compensated.
    @inline(__always)
    func mean(_ f: (Int) -> Double) -> Double { sum(f) / weightTotal }

    /// `max |f(i)|` over the samples that count, and whether some `f(i)` was NaN
    /// (only ∞ − ∞ can make one).
    @inline(__always)
    func largestMagnitude(_ f: (Int) -> Double) -> (largest: Double, sawNaN: Bool) {
        var largest = SIMD4<Double>.zero
        let n = count
        var i = 0
        var sawNaN = false
        while i + 4 <= n {
            var a = SIMD4(abs(f(i)), abs(f(i + 1)), abs(f(i + 2)), abs(f(i + 3)))
            if let w { a.replace(with: 0, where: SIMD4(w[i], w[i + 1], w[i + 2], w[i + 3]) .<= 0) }
            sawNaN = sawNaN || any(a .!= a)
            largest.replace(with: a, where: a .> largest)
            i += 4
        }
        var result = largest.max()
        for k in i..<n where counts(k) {
            let a = abs(f(k))
            sawNaN = sawNaN || a.isNaN
            if a > result { result = a }
        }
        return (result, sawNaN)
    }

    /// `Σ wᵢ·f(i)²` as a scaled sum whose scale is a power of two.
    ///
    /// First one direct compensated pass (scale 1). Only if that overflowed, or
    /// is so small that underflowing squares could have cost digits, it is
    /// redone scaled by `2^-e`, `e` the exponent of `max|f(i)|` (the BLAS `nrm2`
    /// idea). Scaling by a power of two is exact, so the only roundings are the
    /// squares and the compensated sum: a few ulps, no overflow or underflow
    /// wherever the result is representable as a pair.
    @inline(__always)
    func squares(_ f: (Int) -> Double) -> ScaledSquareSum {
        let direct: Double
        if let w {
            direct = accurateSum { i in
                let x = f(i)
                return w[i] > 0 ? w[i] * (x * x) : 0
            }
        } else {
            direct = accurateSum { i in
                let x = f(i)
                return x * x
            }
        }
        if direct.isNaN { return .nan }
        // Below this, squares of the smallest terms may have lost digits to underflow.
        let safe = Double(count) * Double.leastNormalMagnitude / Double.ulpOfOne
        if direct.isFinite && direct >= safe { return ScaledSquareSum(scale: 1, sumOfSquares: direct, weightTotal: weightTotal) }
        return rescaledSquares(f)
    }

    /// `squares` by the two-pass scaled route (zero, tiny or overflowing sums):
    /// `max|f|` over the samples that count, then `Summation`'s rescaled pass.
    @inline(__always)
    func rescaledSquares(_ f: (Int) -> Double) -> ScaledSquareSum {
        let (largest, sawNaN) = largestMagnitude(f)
        if sawNaN { return .nan }
        let (scale, sum) = Summation.powerOfTwoScaledSquares(count: count, largest: largest, f) { i in w?[i] ?? 1 }
        return ScaledSquareSum(scale: scale, sumOfSquares: sum, weightTotal: weightTotal)
    }

    /// The weighted mean `f̄` and `Σ wᵢ·(f(i) − f̄)²`, by three passes:
    ///
    /// 1. a scan: exactly 0 when `f` is constant over the positive-weight
    ///    samples (a mean of a constant can be off by an ulp, which would turn
    ///    R²'s "constant target" case into a huge negative score); NaN when a
    ///    value is NaN or infinite (∞ − ∞ when centering); and `max|f|`;
    /// 2. the compensated mean of `uᵢ = f(i)·2^-e` (`e` the exponent of the
    ///    max, an exact scaling, so nothing below can overflow);
    /// 3. the compensated `Σ wᵢ·(uᵢ − ū)²`, scaled back by `2^e`.
    ///
    /// A correction pass for the mean is not needed: an error δ in ū changes
    /// the sum by `W·δ²` only, and ū is within about one ulp. The deviations
    /// `uᵢ − ū` of values in `[−2, 2]` that are not all equal cannot underflow
    /// harmfully, so one pass without rescaling suffices.
    @inline(__always)
    func centeredMoments(_ f: (Int) -> Double) -> MetricSums.Moments {
        guard let start = (0..<count).first(where: counts) else { return .zero }
        let first = f(start)
        var largest = SIMD4<Double>(repeating: abs(first))
        var differs = SIMDMask<SIMD4<Double>.MaskStorage>(repeating: false)
        var i = start
        while i + 4 <= count {
            let v = SIMD4(f(i), f(i + 1), f(i + 2), f(i + 3))
            var a = v.replacing(with: -v, where: v .< 0)
            var different = v .!= first
            if let w {
                let zero = SIMD4(w[i], w[i + 1], w[i + 2], w[i + 3]) .<= 0
                a.replace(with: 0, where: zero)
                different = different .& .!zero
            }
            differs = differs .| different
            // `a > largest` is false for NaN: keep NaN by taking it explicitly.
            largest.replace(with: a, where: (a .> largest) .| (a .!= a))
            i += 4
        }
        var top = 0.0
        for k in 0..<4 where !(largest[k] <= top) { top = largest[k] }
        var constant = !any(differs)
        for k in i..<count where counts(k) {
            let v = f(k)
            if v != first { constant = false }
            if !(abs(v) <= top) { top = abs(v) }
        }
        if top.isNaN || top.isInfinite { return MetricSums.Moments(mean: .nan, squares: .nan) }
        if constant { return MetricSums.Moments(mean: first, squares: .zero(weightTotal: weightTotal)) }
        let exponent = Int(top.exponent)
        let factor = Double(sign: .plus, exponent: -exponent, significand: 1)
        let centered: Double, center: Double
        if factor.isNormal {
            center = mean { f($0) * factor }
            centered = weightedSquares { f($0) * factor - center }
        } else {
            func u(_ i: Int) -> Double { Double(sign: .plus, exponent: -exponent, significand: f(i)) }
            center = mean(u)
            centered = weightedSquares { u($0) - center }
        }
        return MetricSums.Moments(
            mean: Double(sign: .plus, exponent: exponent, significand: center),
            squares: ScaledSquareSum(
                scale: Double(sign: .plus, exponent: exponent, significand: 1), sumOfSquares: centered, weightTotal: weightTotal))
    }

    /// `Σ wᵢ·d(i)²` in one compensated pass, no scaling.
    @inline(__always)
    func weightedSquares(_ d: (Int) -> Double) -> Double {
        guard let w else {
            return accurateSum { i in
                let x = d(i)
                return x * x
            }
        }
        return accurateSum { i in
            let x = d(i)
            return w[i] > 0 ? w[i] * (x * x) : 0
        }
    }
}
