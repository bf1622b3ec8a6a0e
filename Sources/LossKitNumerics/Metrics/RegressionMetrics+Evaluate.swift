// Every regression metric at once, for the command-line tool and reports.

extension RegressionMetrics {
    /// Computes every regression metric of one single-output prediction,
    /// validating the input once.
    ///
    /// ```swift
    /// let report = try RegressionMetrics.evaluate(predictions: ŷ, targets: y)
    /// for (name, value) in report.namedValues { print(name, value) }  // mse 0.375 …
    /// ```
    /// Each value is the one the individual function returns (`meanSquaredError`,
    /// `rootMeanSquaredError`, …) for the same arguments. `maxError` ignores
    /// the weights' values, as scikit-learn's `max_error` has none, but every
    /// metric sees the same samples: with `.skip` a row with a NaN weight is
    /// dropped for all of them, with `.propagate` a NaN weight makes all NaN.
    /// - Parameters:
    ///   - predictions: the predicted values `ŷ`.
    ///   - targets: the true values `y`, as many as `predictions`.
    ///   - weights: optional weights, finite and ≥ 0, not all 0.
    ///   - quantile: α of the mean pinball loss, in (0, 1); default 0.5.
    ///   - forceFinite: passed to R² and explained variance.
    ///   - nanPolicy: `.propagate` (NaN results) or `.skip` (drop NaN samples
    ///     from every metric).
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights,
    ///   or `quantile` outside (0, 1) (`invalidParameter` naming `quantile`).
    /// - Complexity: O(n) (the median by selection or radix sort), about ten passes.
    @inlinable
    public static func evaluate<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, quantile: Double = 0.5,
        forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> RegressionMetricsReport {
        try checkQuantile(quantile, name: "quantile")
        return evaluate(try input(targets, predictions, weights, nanPolicy), quantile: quantile, forceFinite: forceFinite)
    }

    @usableFromInline
    static func evaluate(_ input: MetricInput, quantile: Double, forceFinite: Bool) -> RegressionMetricsReport {
        RegressionMetricsReport(
            meanSquaredError: meanSquaredErrors(input)[0],
            rootMeanSquaredError: rootMeanSquaredErrors(input)[0],
            meanAbsoluteError: meanAbsoluteErrors(input)[0],
            r2: r2Scores(input, forceFinite: forceFinite).rawValues[0],
            explainedVariance: explainedVarianceScores(input, forceFinite: forceFinite).rawValues[0],
            maxError: maxErrors(input)[0],  // ignores the weights, not the skipped rows
            medianAbsoluteError: medianAbsoluteErrors(input)[0],
            meanAbsolutePercentageError: meanAbsolutePercentageErrors(input)[0],
            meanPinballLoss: meanPinballLosses(input, alpha: quantile)[0],
            quantile: quantile)
    }
}
