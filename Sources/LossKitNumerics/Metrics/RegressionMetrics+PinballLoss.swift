// The pinball (quantile) loss as a metric. The loss type with gradients lives
// in Losses/; this is scikit-learn's mean_pinball_loss.

extension RegressionMetrics {
    /// Mean pinball loss, scikit-learn's `mean_pinball_loss`:
    /// `Σ wᵢ·ρ_α(yᵢ − ŷᵢ) / Σ wᵢ` with `ρ_α(r) = α·r` for `r ≥ 0` and
    /// `(α − 1)·r` for `r < 0`. Minimized by the α-quantile; α = 0.5 gives half
    /// the mean absolute error.
    /// - Parameters:
    ///   - predictions: the predicted values `ŷ`.
    ///   - targets: the true values `y`, as many as `predictions`.
    ///   - weights: optional weights, finite and ≥ 0, not all 0.
    ///   - alpha: the quantile level, in the open interval (0, 1).
    ///     (scikit-learn also accepts the degenerate 0 and 1; LossKit does not.)
    ///   - nanPolicy: `.propagate` (NaN result) or `.skip` (drop NaN samples).
    /// - Throws: `LossKitError.invalidParameter` for α outside (0, 1) or NaN;
    ///   `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n).
    @inlinable
    public static func meanPinballLoss<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, alpha: Double = 0.5,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try checkQuantile(alpha, name: "alpha")
        return meanPinballLosses(try input(targets, predictions, weights, nanPolicy), alpha: alpha)[0]
    }

    /// Per-output mean pinball loss of k output columns (see the single-output form).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanPinballLoss<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil, alpha: Double = 0.5,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try checkQuantile(alpha, name: "alpha")
        return MultiOutputScores(
            rawValues: meanPinballLosses(
                try input(columns: targetColumns, predictionColumns, weights, nanPolicy), alpha: alpha))
    }

    @usableFromInline
    static func checkQuantile(_ alpha: Double, name: String) throws {
        guard alpha > 0 && alpha < 1 else {
            throw LossKitError.invalidParameter(
                name: name, value: "\(alpha)", requirement: "must be in the open interval (0, 1)")
        }
    }

    @usableFromInline
    static func meanPinballLosses(_ input: MetricInput, alpha: Double) -> [Double] {
        input.perOutput { column in MetricSums.pinball(column, alpha: alpha) / column.weightTotal }
    }
}
