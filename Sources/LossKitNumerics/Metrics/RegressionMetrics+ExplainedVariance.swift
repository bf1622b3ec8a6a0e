// Scores relative to the target's variance: R² (coefficient of determination)
// and explained variance.

extension RegressionMetrics {
    /// Coefficient of determination, scikit-learn's `r2_score`:
    /// `R² = 1 − Σ wᵢ·(yᵢ − ŷᵢ)² / Σ wᵢ·(yᵢ − ȳ)²`, `ȳ = Σ wᵢ·yᵢ / Σ wᵢ`.
    ///
    /// `forceFinite` (scikit-learn's `force_finite`, default true) decides the
    /// constant-target case, where the denominator is 0:
    ///
    /// | residuals | target     | `forceFinite: true` | `false`          |
    /// |-----------|------------|---------------------|------------------|
    /// | all 0     | any        | 1.0                 | 1.0 (NaN if constant: 0/0) |
    /// | not all 0 | constant   | 0.0                 | −∞               |
    /// | not all 0 | varies     | formula             | formula          |
    ///
    /// "Constant" means equal over the positive-weight samples, decided exactly
    /// (scikit-learn can round a constant's mean by an ulp and report a huge
    /// negative score instead). Fewer than 2 samples give NaN, as in scikit-learn.
    ///
    /// Both sums of squares are scaled (no overflow or underflow for values near
    /// 1e±300) and the denominator is centered (mean first, then deviations).
    /// The result's absolute error is a few ulps times `|1 − R²|`.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n), five passes (one more if the sums need rescaling).
    @inlinable
    public static func r2Score<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, forceFinite: Bool = true,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        r2Scores(try input(targets, predictions, weights, nanPolicy), forceFinite: forceFinite).rawValues[0]
    }

    /// Per-output R² of k output columns (see the single-output form), with
    /// `uniformAverage` (scikit-learn's default) and `varianceWeighted` (each
    /// output weighted by its `Σ wᵢ·(yᵢⱼ − ȳⱼ)²`).
    /// - Complexity: O(n·k).
    @inlinable
    public static func r2Score<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil, forceFinite: Bool = true,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        r2Scores(try input(columns: targetColumns, predictionColumns, weights, nanPolicy), forceFinite: forceFinite)
    }

    /// Explained variance, scikit-learn's `explained_variance_score`:
    /// `EV = 1 − Var_w(y − ŷ) / Var_w(y)`, with the weighted variance
    /// `Var_w(x) = Σ wᵢ·(xᵢ − x̄)² / Σ wᵢ`.
    ///
    /// Unlike R² it ignores a constant offset (bias) of the predictions: EV = R²
    /// exactly when the residuals have mean 0. `forceFinite` works as in
    /// `r2Score` with "all residuals 0" read as "residuals constant": constant
    /// residuals score 1.0. Both variances are centered, exactly scaled sums.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n), seven passes.
    @inlinable
    public static func explainedVarianceScore<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, forceFinite: Bool = true,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        explainedVarianceScores(try input(targets, predictions, weights, nanPolicy), forceFinite: forceFinite)
            .rawValues[0]
    }

    /// Per-output explained variance of k output columns (see the single-output
    /// form), with `uniformAverage` and `varianceWeighted`.
    /// - Complexity: O(n·k).
    @inlinable
    public static func explainedVarianceScore<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil, forceFinite: Bool = true,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        explainedVarianceScores(
            try input(columns: targetColumns, predictionColumns, weights, nanPolicy), forceFinite: forceFinite)
    }

    @usableFromInline
    static func r2Scores(_ input: MetricInput, forceFinite: Bool) -> MultiOutputScores {
        guard input.count >= 2 else {
            let nan = Array(repeating: Double.nan, count: input.outputs)
            return MultiOutputScores(rawValues: nan, varianceWeights: nan)
        }
        let parts = input.perOutput(nanValue: (ScaledSquareSum.nan, ScaledSquareSum.nan)) { column in
            (MetricSums.squaredResiduals(column), MetricSums.targetMoments(column).squares)
        }
        return fractionsOfExplained(parts, forceFinite: forceFinite)
    }

    @usableFromInline
    static func explainedVarianceScores(_ input: MetricInput, forceFinite: Bool) -> MultiOutputScores {
        let parts = input.perOutput(nanValue: (ScaledSquareSum.nan, ScaledSquareSum.nan)) { column in
            (MetricSums.residualMoments(column).squares, MetricSums.targetMoments(column).squares)
        }
        return fractionsOfExplained(parts, forceFinite: forceFinite)
    }

    /// `1 − numerator/denominator` per output with scikit-learn's
    /// `_assemble_fraction_of_explained_deviance` rules, and the denominators
    /// (relative to the largest, so they cannot overflow) as variance weights.
    @usableFromInline
    static func fractionsOfExplained(
        _ parts: [(numerator: ScaledSquareSum, denominator: ScaledSquareSum)], forceFinite: Bool
    ) -> MultiOutputScores {
        let scores = parts.map { MetricSums.fractionExplained($0.numerator, $0.denominator, forceFinite: forceFinite) }
        let largest = parts.reduce(0.0) { max($0, $1.denominator.scale) }
        let weights = parts.map { part -> Double in
            let d = part.denominator
            if d.scale.isNaN { return .nan }
            if d.isZero { return 0 }
            let t = d.scale / largest
            return t * t * d.sumOfSquares
        }
        return MultiOutputScores(rawValues: scores, varianceWeights: weights)
    }
}
