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
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        meanAbsoluteErrors(try input(targets, predictions, sampleWeights, nanPolicy))[0]
    }

    /// Per-output mean absolute error of k output columns (see the single-output form).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanAbsoluteError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: meanAbsoluteErrors(try input(columns: targetColumns, predictionColumns, sampleWeights, nanPolicy)))
    }

    /// Median absolute error, scikit-learn's `median_absolute_error`:
    /// `median(|yᵢ − ŷᵢ|)`.
    ///
    /// Unweighted it is `numpy.median` (mean of the two middle values for even
    /// n). With `sampleWeights` it is scikit-learn 1.9's weighted median,
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
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        medianAbsoluteErrors(try input(targets, predictions, sampleWeights, nanPolicy))[0]
    }

    /// Per-output median absolute error of k output columns (see the single-output form).
    /// - Complexity: O(n·k) expected.
    @inlinable
    public static func medianAbsoluteError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: medianAbsoluteErrors(try input(columns: targetColumns, predictionColumns, sampleWeights, nanPolicy)))
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
        targets: [T], predictions: [T], nanPolicy: NaNPolicy = .propagate
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
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        meanAbsolutePercentageErrors(try input(targets, predictions, sampleWeights, nanPolicy))[0]
    }

    /// Per-output mean absolute percentage error of k output columns (see the
    /// single-output form).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanAbsolutePercentageError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: meanAbsolutePercentageErrors(try input(columns: targetColumns, predictionColumns, sampleWeights, nanPolicy)))
    }

    @usableFromInline
    static func meanAbsoluteErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in column.mean { abs(column.residual($0)) } }
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
        input.perOutput { column in
            var largest = 0.0
            for i in 0..<column.count {
                let r = abs(column.residual(i))
                if r.isNaN { return .nan }  // ∞ − ∞
                largest = max(largest, r)
            }
            return largest
        }
    }

    @usableFromInline
    static func meanAbsolutePercentageErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in
            column.mean { i in abs(column.p[i] - column.y[i]) / max(abs(column.y[i]), Double.ulpOfOne) }
        }
    }
}
