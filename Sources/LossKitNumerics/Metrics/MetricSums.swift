/// The one engine of the regression metrics: what each metric accumulates
/// over a block of samples (one output column), how two blocks' sums merge,
/// and how the sums finish into the metric. The in-memory metrics
/// (`RegressionMetrics`) treat the whole column as one block;
/// `StreamingRegressionMetrics` merges the blocks' sums as they arrive. Both
/// call the same functions here, so the two cannot drift.
///
/// Every sum is fully compensated (`Summation.accurateSum`), sums of
/// squares are `ScaledSquareSum`s (no overflow or underflow where the metric
/// is representable), and the centered sums of R² and explained variance are
/// kept as (weighted mean, `Σwᵢ(xᵢ − x̄)²`) pairs, merged with Chan et al.'s
/// update `M = M_a + M_b + δ²·w_a·w_b/(w_a + w_b)`, `δ = x̄_b − x̄_a`: exact
/// in exact arithmetic and free of the cancellation of `Σwx² − (Σwx)²/Σw`, so
/// a single pass suffices and one block gives the in-memory value itself.
///
/// The median absolute error needs every residual and is not a sum; it stays
/// in-memory only.
@usableFromInline
struct MetricSums: Sendable {
    /// A weighted mean and the centered sum of squares about it.
    struct Moments: Sendable {
        var mean: Double
        var squares: ScaledSquareSum

        static let zero = Moments(mean: 0, squares: .zero)

            init(mean: Double, squares: ScaledSquareSum) {
            self.mean = mean
            self.squares = squares
        }

        /// Chan's pairwise update; `weight`s are the blocks' `Σw` (a block of
        /// weight 0 changes nothing).
        func merged(weight: Double, with other: Moments, otherWeight: Double) -> Moments {
            if otherWeight == 0 { return self }
            if weight == 0 { return other }
            let total = weight + otherWeight
            let delta = other.mean - mean
            let mean = self.mean + delta * (otherWeight / total)
            var squares = self.squares.adding(other.squares)
            if delta != 0 {
                // δ²·w_a·w_b/W as a scaled square (δ may be near the overflow limit).
                let exponent = Int(delta.exponent)
                let u = Double(sign: .plus, exponent: -exponent, significand: abs(delta))
                let between = ScaledSquareSum(
                    scale: Double(sign: .plus, exponent: exponent, significand: 1),
                    sumOfSquares: u * u * (weight * (otherWeight / total)), weightTotal: 0)
                squares = squares.adding(between)
            }
            return Moments(mean: mean, squares: squares)
        }
    }

    // MARK: Block reductions (one output column; the per-sample terms live only here)

    /// `Σ wᵢ rᵢ²`.
    static func squaredResiduals(_ c: MetricColumn) -> ScaledSquareSum { c.squares(c.residual) }

    /// `Σ wᵢ |rᵢ|`, scaled so that it is finite whenever the MAE is.
    static func absoluteResiduals(_ c: MetricColumn) -> ScaledLinearSum { c.homogeneousSum { abs($0 - $1) } }

    /// `Σ wᵢ |ŷᵢ − yᵢ| / max(|yᵢ|, ε)` (scikit-learn's MAPE term). If the
    /// direct sum overflows, the terms are summed halved·2^(−e) (`|ŷ − y|`
    /// itself may overflow for data near the threshold).
    static func absolutePercentages(_ c: MetricColumn) -> ScaledLinearSum {
        let direct = c.sum { i in abs(c.p[i] - c.y[i]) / max(abs(c.y[i]), Double.ulpOfOne) }
        if direct.isFinite || direct.isNaN { return ScaledLinearSum(sum: direct, exponent: 0) }
        let (largest, _) = c.largestMagnitude { i in abs(c.p[i] / 2 - c.y[i] / 2) / max(abs(c.y[i]), Double.ulpOfOne) }
        let e = largest.isFinite && largest > 0 ? Int(largest.exponent) + 1 : 0
        return ScaledLinearSum(sum: c.sum { i in
            (abs(c.p[i] / 2 - c.y[i] / 2) / max(abs(c.y[i]), Double.ulpOfOne)).timesPowerOfTwo(-e)
        }, exponent: e + 1)
    }

    /// `Σ wᵢ ρ_α(rᵢ)`, `ρ_α(r) = α·r` for `r ≥ 0`, `(α − 1)·r` otherwise;
    /// scaled so that it is finite whenever the mean pinball loss is.
    static func pinball(_ c: MetricColumn, alpha: Double) -> ScaledLinearSum {
        c.homogeneousSum { y, p in
            let r = y - p
            return r >= 0 ? alpha * r : (alpha - 1) * r
        }
    }

    /// `max |rᵢ|` over every sample, weights ignored (scikit-learn's
    /// `max_error` has none); NaN if a residual is NaN (∞ − ∞).
    static func largestResidual(_ c: MetricColumn) -> Double {
        var largest = 0.0
        for i in 0..<c.count {
            let r = abs(c.residual(i))
            if r.isNaN { return .nan }
            largest = max(largest, r)
        }
        return largest
    }

    /// The weighted mean of the targets and `Σ wᵢ (yᵢ − ȳ)²`.
    static func targetMoments(_ c: MetricColumn) -> Moments { c.centeredMoments { c.y[$0] } }

    /// The weighted mean of the residuals and `Σ wᵢ (rᵢ − r̄)²`.
    static func residualMoments(_ c: MetricColumn) -> Moments { c.centeredMoments(c.residual) }

    // MARK: Finishing

    /// `1 − numerator/denominator` with scikit-learn's
    /// `_assemble_fraction_of_explained_deviance` rules (R² and explained
    /// variance): with `forceFinite`, a perfect fit scores 1 and a constant
    /// target 0; without, a constant target gives NaN (perfect) or −∞.
    static func fractionExplained(_ numerator: ScaledSquareSum, _ denominator: ScaledSquareSum, forceFinite: Bool) -> Double {
        if forceFinite {
            if numerator.isZero { return 1 }
            if denominator.isZero { return 0 }
        } else if denominator.isZero {
            return numerator.isZero || numerator.scale.isNaN ? .nan : -.infinity
        }
        return 1 - numerator.ratio(to: denominator)
    }

    /// R² needs two samples (scikit-learn returns NaN with a warning below).
    static func r2(residualSquares: ScaledSquareSum, target: Moments, count: Int, forceFinite: Bool) -> Double {
        count >= 2 ? fractionExplained(residualSquares, target.squares, forceFinite: forceFinite) : .nan
    }

    // MARK: All sums of one block, and their merge (the streamed metrics)

    var count = 0
    var weight = CompensatedAccumulator()
    var squares = ScaledSquareSum.zero
    var absolute = ScaledLinearSum()
    var percentage = ScaledLinearSum()
    var pinballLoss = ScaledLinearSum()
    var largest = 0.0
    var target = Moments.zero
    var residual = Moments.zero

    init() {}

    /// Every sum of one block (`alpha`: the pinball loss's quantile).
    init(_ c: MetricColumn, alpha: Double) {
        count = c.count
        weight.add(c.weightTotal)
        squares = Self.squaredResiduals(c)
        absolute = Self.absoluteResiduals(c)
        percentage = Self.absolutePercentages(c)
        pinballLoss = Self.pinball(c, alpha: alpha)
        largest = Self.largestResidual(c)
        target = Self.targetMoments(c)
        residual = Self.residualMoments(c)
    }

    /// Adds another block's sums.
    mutating func merge(_ other: MetricSums) {
        let w = weight.value, ow = other.weight.value
        count += other.count
        weight.add(ow)
        squares = squares.adding(other.squares)
        absolute.add(other.absolute)
        percentage.add(other.percentage)
        pinballLoss.add(other.pinballLoss)
        largest = largest.isNaN || other.largest.isNaN ? .nan : max(largest, other.largest)
        target = target.merged(weight: w, with: other.target, otherWeight: ow)
        residual = residual.merged(weight: w, with: other.residual, otherWeight: ow)
    }

    var meanSquaredError: Double { squares.mean(over: weight.value) }
    var rootMeanSquaredError: Double { squares.rootMean(over: weight.value) }
    var meanAbsoluteError: Double { absolute.mean(over: weight.value) }
    var meanAbsolutePercentageError: Double { percentage.mean(over: weight.value) }
    var meanPinballLoss: Double { pinballLoss.mean(over: weight.value) }
    func r2(forceFinite: Bool) -> Double {
        Self.r2(residualSquares: squares, target: target, count: count, forceFinite: forceFinite)
    }
    func explainedVariance(forceFinite: Bool) -> Double {
        Self.fractionExplained(residual.squares, target.squares, forceFinite: forceFinite)
    }
}
