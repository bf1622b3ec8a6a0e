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

    /// `Σ term(i)` for every sample, fully compensated: four interleaved lanes
    /// of Knuth's TwoSum (branch-free, so the lanes run in SIMD registers)
    /// collect every rounding error, and `Summation.compensatedSum` combines the
    /// lanes. Error: about one rounding of the result plus `O(n·ε²)·Σ|termᵢ|` —
    /// the accuracy of `Summation.compensatedSum`, at several times its speed.
    /// NaN propagates; an infinite sum is returned as is.
    @inline(__always)
    func accurateSum(_ term: (Int) -> Double) -> Double {
        let n = count
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
        let parts = [sum[0], sum[1], sum[2], sum[3], error[0], error[1], error[2], error[3]]
        return Summation.compensatedSum(count: parts.count + n - tail) { k in
            k < parts.count ? parts[k] : term(tail + k - parts.count)
        }
    }

    /// `Σ wᵢ·f(i) / Σ wᵢ` (unweighted: `Σ f(i) / n`), fully compensated.
    @inline(__always)
    func mean(_ f: (Int) -> Double) -> Double {
        guard let w else { return accurateSum(f) / weightTotal }
        return accurateSum { i in w[i] > 0 ? w[i] * f(i) : 0 } / weightTotal
    }

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

    /// `Σ wᵢ·f(i)²` as a scaled pair whose scale is the power of two `2^e`,
    /// `e` the exponent of `max|f(i)|` (over positive-weight samples).
    ///
    /// Scaling by a power of two is exact, so the only roundings are the
    /// squares and the compensated sum: a few ulps, no overflow or underflow
    /// wherever the result is representable as a pair.
    @inline(__always)
    func squares(_ f: (Int) -> Double) -> MetricSquareSum {
        let (largest, sawNaN) = largestMagnitude(f)
        if sawNaN { return .nan }
        if largest == 0 { return .zero }
        if largest.isInfinite { return MetricSquareSum(scale: .infinity, sum: .infinity) }
        let exponent = Int(largest.exponent)
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        let factor = Double(sign: .plus, exponent: -exponent, significand: 1)
        let sum: Double
        if factor.isNormal {
            // x·2^-e is exact (unless the product is subnormal, i.e. negligible).
            if let w {
                sum = accurateSum { i in
                    let u = f(i) * factor
                    return w[i] > 0 ? w[i] * (u * u) : 0
                }
            } else {
                sum = accurateSum { i in
                    let u = f(i) * factor
                    return u * u
                }
            }
        } else {
            // 2^-e overflows or is subnormal at the ends of the exponent range.
            sum = accurateSum { i in
                guard counts(i) else { return 0 }
                let u = Double(sign: .plus, exponent: -exponent, significand: f(i))
                return (w?[i] ?? 1) * (u * u)
            }
        }
        return MetricSquareSum(scale: scale, sum: sum)
    }

    /// `Σ wᵢ·(f(i) − f̄)²` with `f̄` the weighted mean, by two passes:
    ///
    /// - exactly 0 when `f` is constant over the positive-weight samples (a
    ///   one-pass mean of a constant can be off by an ulp, which would turn
    ///   R²'s "constant target" case into a huge negative score);
    /// - values are first scaled by an exact power of two so the mean and the
    ///   deviations cannot overflow, and the mean gets one correction pass
    ///   (`f̄ += mean(f − f̄)`), so the deviations are accurate;
    /// - NaN when a positive-weight value is infinite (∞ − ∞) or NaN.
    @inline(__always)
    func centeredSquares(_ f: (Int) -> Double) -> MetricSquareSum {
        guard let first = (0..<count).first(where: counts).map(f) else { return .zero }
        var constant = true
        var largest = 0.0
        for i in 0..<count where counts(i) {
            let v = f(i)
            if v != first { constant = false }
            let a = abs(v)
            if !(a <= largest) { largest = a }  // a NaN sticks
        }
        if largest.isNaN { return .nan }
        if constant { return .zero }
        if largest.isInfinite { return .nan }
        let exponent = Int(largest.exponent)
        let factor = Double(sign: .plus, exponent: -exponent, significand: 1)
        let centered: MetricSquareSum
        if factor.isNormal {
            var center = mean { f($0) * factor }
            center += mean { f($0) * factor - center }
            centered = squares { f($0) * factor - center }
        } else {
            func u(_ i: Int) -> Double { Double(sign: .plus, exponent: -exponent, significand: f(i)) }
            var center = mean(u)
            center += mean { u($0) - center }
            centered = squares { u($0) - center }
        }
        return centered.rescaled(byPowerOfTwo: exponent)
    }
}
