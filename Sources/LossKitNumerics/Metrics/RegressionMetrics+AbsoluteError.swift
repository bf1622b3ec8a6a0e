// Absolute-error metrics: mean, median and maximum absolute error, and the
// mean absolute percentage error.

extension RegressionMetrics {
    /// Mean absolute error, scikit-learn's `mean_absolute_error`:
    /// `MAE = Σ wᵢ·|yᵢ − ŷᵢ| / Σ wᵢ`.
    /// - Returns: the (weighted) mean absolute residual, compensated sum
    ///   (relative error a few ulps); +∞ if a residual is infinite.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n).
    @inlinable
    public static func meanAbsoluteError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        meanAbsoluteErrors(try input(targets, predictions, weights, nanPolicy))[0]
    }

    /// Per-output mean absolute error of k output columns (see the single-output form).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanAbsoluteError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: meanAbsoluteErrors(try input(columns: targetColumns, predictionColumns, weights, nanPolicy)))
    }

    /// Median absolute error, scikit-learn's `median_absolute_error`:
    /// `median(|yᵢ − ŷᵢ|)`.
    ///
    /// Unweighted it is `numpy.median` (mean of the two middle values for even
    /// n). With `weights` it is scikit-learn 1.9's weighted median,
    /// `_weighted_percentile(|r|, w, 50, average=True)` (the averaged inverted
    /// CDF): with `t = Σw/2`, the smallest `|r|` whose cumulative weight reaches
    /// `t`, averaged with the next positive-weight value when the cumulative
    /// weight hits `t` exactly (within machine epsilon, absolute). All weights 1
    /// give the unweighted median. Zero-weight samples do not count.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n) time (expected): a selection (quickselect) without
    ///   weights, a radix sort with them; O(n) memory.
    @inlinable
    public static func medianAbsoluteError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        medianAbsoluteErrors(try input(targets, predictions, weights, nanPolicy))[0]
    }

    /// Per-output median absolute error of k output columns (see the single-output form).
    /// - Complexity: O(n·k) expected.
    @inlinable
    public static func medianAbsoluteError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: medianAbsoluteErrors(try input(columns: targetColumns, predictionColumns, weights, nanPolicy)))
    }

    /// Maximum absolute error, scikit-learn's `max_error`: `maxᵢ |yᵢ − ŷᵢ|`.
    ///
    /// Single output only and unweighted, as in scikit-learn (every sample
    /// counts, whatever weights are used elsewhere).
    /// - Returns: the largest absolute residual (exact); +∞ if one is infinite.
    /// - Throws: `LossKitError` for mismatched counts or no samples.
    /// - Complexity: O(n).
    @inlinable
    public static func maxError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        maxErrors(try input(targets, predictions, nil, nanPolicy))[0]
    }

    /// Mean absolute percentage error, scikit-learn's
    /// `mean_absolute_percentage_error`:
    /// `MAPE = Σ wᵢ·|yᵢ − ŷᵢ| / max(|yᵢ|, ε) / Σ wᵢ`, ε = `Double.ulpOfOne`
    /// (2.2e-16, numpy's float64 eps).
    ///
    /// A fraction, not a percentage (0.1 means 10 %). The ε guard keeps a zero
    /// target finite but makes its term huge (`|ŷᵢ| / 2.2e-16`), exactly as in
    /// scikit-learn; MAPE is not a useful metric for targets at or near 0.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n).
    @inlinable
    public static func meanAbsolutePercentageError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        meanAbsolutePercentageErrors(try input(targets, predictions, weights, nanPolicy))[0]
    }

    /// Per-output mean absolute percentage error of k output columns (see the
    /// single-output form).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanAbsolutePercentageError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: meanAbsolutePercentageErrors(try input(columns: targetColumns, predictionColumns, weights, nanPolicy)))
    }

    @usableFromInline
    static func meanAbsoluteErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in MetricSums.absoluteResiduals(column).mean(over: column.weightTotal) }
    }

    @usableFromInline
    static func medianAbsoluteErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in
            var errors = (0..<column.count).map { abs(column.residual($0)) }
            if MetricInput.containsNaN(errors) { return .nan }  // ∞ − ∞
            guard let w = column.w else { return WeightedMedian.median(reordering: &errors) }
            return WeightedMedian.median(errors, weights: Array(w))
        }
    }

    @usableFromInline
    static func maxErrors(_ input: MetricInput) -> [Double] {
        input.perOutput(MetricSums.largestResidual)
    }

    @usableFromInline
    static func meanAbsolutePercentageErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in MetricSums.absolutePercentages(column).mean(over: column.weightTotal) }
    }
}
