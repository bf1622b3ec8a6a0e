// Mean squared error and root mean squared error, single- and multi-output.

extension RegressionMetrics {
    /// Mean squared error, scikit-learn's `mean_squared_error`:
    /// `MSE = Σ wᵢ·(yᵢ − ŷᵢ)² / Σ wᵢ` (unweighted: divided by n).
    ///
    /// ```swift
    /// try RegressionMetrics.meanSquaredError(predictions: [2.5, 0, 2, 8], targets: [3, -0.5, 2, 7])  // 0.375
    /// ```
    /// - Parameters:
    ///   - predictions: the predicted values `ŷ`.
    ///   - targets: the true values `y`, as many as `predictions`.
    ///   - weights: optional weights, finite and ≥ 0, not all 0.
    ///   - nanPolicy: `.propagate` (NaN result) or `.skip` (drop NaN samples).
    /// - Returns: the (weighted) mean of the squared residuals. It overflows to
    ///   +∞ only when the MSE itself exceeds `Double.greatestFiniteMagnitude`
    ///   (and underflows only when it is below the smallest subnormal): the
    ///   squares are summed scaled. Relative error a few ulps.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n): a NaN scan and one summing pass (two more only when
    ///   the sum overflows or underflows and is redone scaled).
    @inlinable
    public static func meanSquaredError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        meanSquaredErrors(try input(targets, predictions, weights, nanPolicy))[0]
    }

    /// Per-output mean squared error of k output columns (see the single-output
    /// `meanSquaredError`); `uniformAverage` is scikit-learn's default
    /// `multioutput='uniform_average'`.
    /// - Parameters:
    ///   - predictionColumns: k columns of n predictions.
    ///   - targetColumns: k columns of n true values, matching `predictionColumns`.
    ///   - weights: n weights shared by every output.
    ///   - nanPolicy: `.propagate` (NaN in each output whose columns hold a NaN;
    ///     a NaN weight makes every output NaN) or `.skip` (drop the rows with a
    ///     NaN in any output or weight, from every output).
    /// - Complexity: O(n·k).
    @inlinable
    public static func meanSquaredError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: meanSquaredErrors(try input(columns: targetColumns, predictionColumns, weights, nanPolicy)))
    }

    /// Root mean squared error, scikit-learn's `root_mean_squared_error`:
    /// `RMSE = sqrt(Σ wᵢ·(yᵢ − ŷᵢ)² / Σ wᵢ)`.
    ///
    /// Computed as `s·sqrt(Σ wᵢ·(rᵢ/s)² / Σ wᵢ)` with `s = max|rᵢ|`, so it is
    /// finite and accurate (a few ulps) whenever the RMSE is representable:
    /// residuals near 1e200 do not overflow, near 1e-200 do not underflow.
    /// - Parameters: as `meanSquaredError`.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n), as `meanSquaredError`.
    @inlinable
    public static func rootMeanSquaredError<T: BinaryFloatingPoint>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        rootMeanSquaredErrors(try input(targets, predictions, weights, nanPolicy))[0]
    }

    /// Per-output root mean squared error: `rawValues[j] = sqrt(MSEⱼ)`.
    ///
    /// Two ways to make one number of k outputs' RMSE; they differ whenever the
    /// outputs' errors differ (the first is never larger, by Jensen):
    /// - `uniformAverage` here is the **mean of the per-output roots**,
    ///   `(1/k) Σⱼ sqrt(MSEⱼ)` — what scikit-learn's `root_mean_squared_error`
    ///   returns with `multioutput='uniform_average'`;
    /// - `pooledRootMeanSquaredError` is the **root of the mean**,
    ///   `sqrt((1/k) Σⱼ MSEⱼ)` — the RMSE of all n·k residuals together,
    ///   `sqrt(mean_squared_error(..., multioutput='uniform_average'))`.
    /// - Complexity: O(n·k).
    @inlinable
    public static func rootMeanSquaredError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        MultiOutputScores(rawValues: rootMeanSquaredErrors(try input(columns: targetColumns, predictionColumns, weights, nanPolicy)))
    }

    /// The root of the mean of the outputs' MSE, `sqrt((1/k) Σⱼ MSEⱼ)`: the
    /// RMSE of all n·k residuals pooled (each sample's weight applying to all of
    /// its outputs). Equals `sqrt(mean_squared_error(y, ŷ))` in scikit-learn for
    /// 2-D `y`; contrast `rootMeanSquaredError(predictionColumns:…).uniformAverage`,
    /// the mean of the per-output roots.
    ///
    /// Finite and accurate for residuals near 1e±300, like the single-output RMSE.
    /// - Throws: `LossKitError` for mismatched counts, no samples, bad weights.
    /// - Complexity: O(n·k).
    @inlinable
    public static func pooledRootMeanSquaredError<T: BinaryFloatingPoint>(
        predictionColumns: [[T]], targetColumns: [[T]], weights: [T]? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        pooledRootMeanSquaredError(try input(columns: targetColumns, predictionColumns, weights, nanPolicy))
    }

    @usableFromInline
    static func meanSquaredErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in MetricSums.squaredResiduals(column).mean(over: column.weightTotal) }
    }

    @usableFromInline
    static func rootMeanSquaredErrors(_ input: MetricInput) -> [Double] {
        input.perOutput { column in MetricSums.squaredResiduals(column).rootMean(over: column.weightTotal) }
    }

    @usableFromInline
    static func pooledRootMeanSquaredError(_ input: MetricInput) -> Double {
        // Per-output RMSEᵣ are representable; pool them as sqrt(mean(RMSEⱼ²)) scaled.
        let roots = rootMeanSquaredErrors(input)
        return Summation.scaledNorm(count: roots.count) { roots[$0] } / Double(roots.count).squareRoot()
    }
}
