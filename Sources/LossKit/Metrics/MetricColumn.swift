/// One output column of a validated metric input (no NaN left in it): the
/// accurate weighted reductions every regression metric is built from.
///
/// Samples with weight 0 contribute nothing (not even an infinite value).
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

    /// `Σ wᵢ·f(i) / Σ wᵢ` (unweighted: `Σ f(i) / n`), compensated summation.
    func mean(_ f: (Int) -> Double) -> Double {
        guard let w else {
            return Summation.compensatedSum(count: count, f) / weightTotal
        }
        return Summation.compensatedSum(count: count) { i in w[i] == 0 ? 0 : w[i] * f(i) } / weightTotal
    }

    /// Whether sample `i` counts (positive weight, or no weights).
    @inline(__always)
    func counts(_ i: Int) -> Bool { w.map { $0[i] > 0 } ?? true }

    /// `Σ wᵢ·f(i)²` as a scaled pair whose scale is the power of two `2^e`,
    /// `e` the exponent of `max|f(i)|` (over positive-weight samples).
    ///
    /// Scaling by a power of two is exact, so the only roundings are the
    /// squares and the compensated sum (`Summation.compensatedSum`): a few ulps,
    /// no overflow or underflow wherever the result is representable as a pair.
    func squares(_ f: (Int) -> Double) -> MetricSquareSum {
        var largest = 0.0
        for i in 0..<count where counts(i) {
            let a = abs(f(i))
            if a.isNaN { return .nan }  // ∞ − ∞ in a residual
            largest = max(largest, a)
        }
        if largest == 0 { return .zero }
        if largest.isInfinite { return MetricSquareSum(scale: .infinity, sum: .infinity) }
        let exponent = Int(largest.exponent)
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        let factor = Double(sign: .plus, exponent: -exponent, significand: 1)
        let sum: Double
        if factor.isNormal {
            // x·2^-e is exact (the products are ≥ 2^-1022 unless negligible).
            if let w {
                sum = Summation.compensatedSum(count: count) { i in
                    guard w[i] > 0 else { return 0 }
                    let u = f(i) * factor
                    return w[i] * (u * u)
                }
            } else {
                sum = Summation.compensatedSum(count: count) { i in
                    let u = f(i) * factor
                    return u * u
                }
            }
        } else {
            // 2^-e overflows or is subnormal at the ends of the exponent range.
            sum = Summation.compensatedSum(count: count) { i in
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
    /// - NaN when a positive-weight value is infinite (∞ − ∞).
    func centeredSquares(_ f: (Int) -> Double) -> MetricSquareSum {
        var first: Double?
        var constant = true
        var largest = 0.0
        for i in 0..<count where counts(i) {
            let v = f(i)
            if v.isNaN { return .nan }  // ∞ − ∞ in a residual
            if let first { constant = constant && v == first } else { first = v }
            largest = max(largest, abs(v))
        }
        if constant { return .zero }
        if largest.isInfinite { return .nan }
        let shift = -largest.exponent
        return withoutActuallyEscaping(f) { f in
            let u = { (i: Int) in Double(sign: .plus, exponent: shift, significand: f(i)) }
            var center = mean(u)
            center += mean { u($0) - center }
            return squares { u($0) - center }.rescaled(byPowerOfTwo: -shift)
        }
    }
}
