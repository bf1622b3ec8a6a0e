/// Regression metrics accumulated over blocks of rows, in memory independent
/// of the number of rows, for data that does not fit in memory.
///
/// One pass: each block's sums are computed and merged by `MetricSums`, the
/// engine of the in-memory `RegressionMetrics` too (which sees the whole
/// column as one block), so the two agree by construction, to rounding:
/// every sum is compensated, sums of squares are scaled (no overflow), and R²
/// and explained variance use centered sums `Σw(y − ȳ)²`, `Σw(r − r̄)²`
/// merged block by block with Chan's update (no first pass for the means).
///
/// The median absolute error needs every residual and is not available here
/// (`nil`); everything else follows `RegressionMetrics` exactly in meaning,
/// weights included (`Σwᵢ·ℓᵢ / Σwᵢ`; `max_error` ignores weights), with
/// `nanPolicy: .propagate` and `forceFinite: true`.
///
/// ```swift
/// var metrics = try StreamingRegressionMetrics()
/// for block in blocks { try metrics.add(predictions: model(block.x), targets: block.y, weights: block.w) }
/// let report = metrics.namedValues
/// ```
/// - Complexity: O(n) time, one pass; O(1) memory.
public struct StreamingRegressionMetrics: Sendable {
    public let quantile: Double
    private var sums = MetricSums()
    /// Rows added so far.
    public var count: Int { sums.count }

    /// - Throws: `LossKitError.invalidParameter` for a quantile outside (0, 1).
    public init(quantile: Double = 0.5) throws {
        guard quantile > 0, quantile < 1 else {
            throw LossKitError.invalidParameter(name: "quantile", value: "\(quantile)", requirement: "must be in (0, 1)")
        }
        self.quantile = quantile
    }

    /// Adds one block: predictions, targets and (optionally) weights.
    /// - Throws: `LossKitError.countMismatch` naming `predictions` or
    ///   `weights`; `.invalidWeight` (0-based index in the block) for a
    ///   negative, NaN or infinite weight. A failed call changes nothing.
    public mutating func add(predictions p: [Double], targets y: [Double], weights w: [Double]? = nil) throws {
        guard y.count == p.count else {
            throw LossKitError.countMismatch(name: "predictions", count: p.count, otherName: "targets", otherCount: y.count)
        }
        try Self.check(y.count, w)
        guard !y.isEmpty else { return }
        let quantile = quantile
        let block = y.withUnsafeBufferPointer { yp in
            p.withUnsafeBufferPointer { pp in
                guard let w else {
                    return MetricSums(MetricColumn(y: yp, p: pp, w: nil, weightTotal: Double(y.count)), alpha: quantile)
                }
                return w.withUnsafeBufferPointer { wp in
                    let total = MetricColumn.accurateSum(count: wp.count) { wp[$0] }
                    return MetricSums(MetricColumn(y: yp, p: pp, w: wp, weightTotal: total), alpha: quantile)
                }
            }
        }
        sums.merge(block)
    }

    /// The former first pass (it learned the mean of y); no longer needed,
    /// since the centered sums are merged block by block. Only validates.
    @available(*, deprecated, message: "not needed: add(predictions:targets:weights:) is one pass")
    public mutating func addTargets(_ y: [Double], sampleWeights w: [Double]? = nil) throws {
        try Self.check(y.count, w)
    }

    @available(*, deprecated, message: "use add(predictions:targets:weights:): predictions come first now, so swap the first two arguments")
    public mutating func add(targets y: [Double], predictions p: [Double], sampleWeights w: [Double]? = nil) throws {
        try add(predictions: p, targets: y, weights: w)
    }

    static func check(_ n: Int, _ w: [Double]?) throws {
        guard let w else { return }
        guard w.count == n else {
            throw LossKitError.countMismatch(name: "weights", count: w.count, otherName: "targets", otherCount: n)
        }
        for (i, wi) in w.enumerated() where !(wi >= 0) || !wi.isFinite {
            throw LossKitError.invalidWeight(index: i, value: wi)
        }
    }

    /// The metrics so far: `mse`, `rmse`, `mae`, `r2`, `explained_variance`,
    /// `max_error`, `median_absolute_error` (nil), `mape`, `mean_pinball_loss`
    /// (R² and explained variance with scikit-learn's `force_finite`
    /// convention for a constant target). NaN before any row.
    public var namedValues: [(name: String, value: Double?)] {
        [
            ("mse", sums.meanSquaredError), ("rmse", sums.rootMeanSquaredError), ("mae", sums.meanAbsoluteError),
            ("r2", sums.r2(forceFinite: true)), ("explained_variance", sums.explainedVariance(forceFinite: true)),
            ("max_error", sums.count > 0 ? sums.largest : .nan), ("median_absolute_error", nil),
            ("mape", sums.meanAbsolutePercentageError), ("mean_pinball_loss", sums.meanPinballLoss),
        ]
    }
}
