/// A sum kept as `total · 2^exponent`, so that a sum of terms near the
/// overflow threshold (MAE, pinball loss, MAPE of data near 1e307) stays
/// finite whenever the mean it feeds is representable. The linear-term
/// counterpart of `ScaledSquareSum`. `exponent` is 0 unless the direct sum
/// overflowed or lost digits to underflow, so the common case is the plain
/// compensated sum. Rescaling is by powers of two (exact, except for terms
/// that fall below the subnormal range relative to the total, where they are
/// negligible).
struct ScaledLinearSum: Sendable {
    private(set) var exponent = 0
    private var total = CompensatedAccumulator()

    init() {}

    init(sum: Double, exponent: Int) {
        self.exponent = exponent
        total.add(sum)
    }

    /// The sum itself; ±∞ only when it is outside Double's range.
    var value: Double { total.value.timesPowerOfTwo(exponent) }

    /// `sum / weightTotal`, unscaled after the division so that a
    /// representable mean is not lost to an overflowing sum.
    func mean(over weightTotal: Double) -> Double { (total.value / weightTotal).timesPowerOfTwo(exponent) }

    /// Adds `sum · 2^e`, realigning to the larger exponent (and one more
    /// when the aligned sum would overflow).
    mutating func add(_ sum: Double, exponent e: Int) {
        let current = total.value
        if sum == 0 || current.isNaN { return }
        if current == 0 || !sum.isFinite {
            if current != 0 { total.add(sum); return }
            exponent = e
            total = CompensatedAccumulator()
            total.add(sum)
            return
        }
        if e > exponent {
            rescale(to: e)
        }
        var term = sum.timesPowerOfTwo(e - exponent)
        if !(total.value + term).isFinite, current.isFinite {
            rescale(to: exponent + 1)
            term = sum.timesPowerOfTwo(e - exponent)
        }
        total.add(term)
    }

    mutating func add(_ other: ScaledLinearSum) { add(other.total.value, exponent: other.exponent) }

    private mutating func rescale(to e: Int) {
        let v = total.value.timesPowerOfTwo(exponent - e)
        total = CompensatedAccumulator()
        total.add(v)
        exponent = e
    }
}

extension MetricColumn {
    /// `Σ wᵢ·term(yᵢ, ŷᵢ)` for a term that is positively homogeneous of degree
    /// 1 in `(y, ŷ)` (`|y − ŷ|`, the pinball loss): first the direct
    /// compensated sum; only if it overflowed (or is so small that underflow
    /// may have cost digits) again on `(y, ŷ)·2^(−e)`, `e` one more than the
    /// exponent of the largest `|y|`, `|ŷ|`, so that not even the residual
    /// `y − ŷ` can overflow. The weights were already brought into range by
    /// `MetricInput`.
    @inline(__always)
    func homogeneousSum(_ term: (Double, Double) -> Double) -> ScaledLinearSum {
        let direct = sum { term(y[$0], p[$0]) }
        let tiny = Double(count) * Double.leastNormalMagnitude / Double.ulpOfOne
        if direct.isNaN || (direct.isFinite && (direct >= tiny || direct == 0)) {
            return ScaledLinearSum(sum: direct, exponent: 0)
        }
        let (largestY, _) = largestMagnitude { y[$0] }
        let (largestP, _) = largestMagnitude { p[$0] }
        let largest = max(largestY, largestP)
        guard largest.isFinite, largest > 0 else { return ScaledLinearSum(sum: direct, exponent: 0) }
        let e = Int(largest.exponent) + 1
        return ScaledLinearSum(sum: sum { term(y[$0].timesPowerOfTwo(-e), p[$0].timesPowerOfTwo(-e)) }, exponent: e)
    }
}
