/// Regression metrics accumulated over blocks of rows, in memory independent
/// of the number of rows, for data that does not fit in memory.
///
/// Two passes over the data: the first (`addTargets`) learns the weighted mean
/// of y, the second (`add`) accumulates the residual sums, so R² and explained
/// variance use centered sums `Σw(y − ȳ)²` as the in-memory metrics do. Every
/// sum is compensated (`CompensatedAccumulator`), so the results agree with
/// `RegressionMetrics.evaluate` to about 1e-13 relative on ordinary data.
///
/// The median absolute error needs every residual and is not available here
/// (`nil`); everything else follows `RegressionMetrics` exactly in meaning,
/// weights included (`Σwᵢ·ℓᵢ / Σwᵢ`; `max_error` ignores weights).
///
/// ```swift
/// var metrics = StreamingRegressionMetrics()
/// for block in blocks { try metrics.addTargets(block.y, sampleWeights: block.w) }
/// for block in blocks { try metrics.add(targets: block.y, predictions: model(block.x), sampleWeights: block.w) }
/// let report = metrics.values
/// ```
/// - Complexity: O(n) time over both passes, O(1) memory.
public struct StreamingRegressionMetrics: Sendable {
    public let quantile: Double
    private var firstWeight = CompensatedAccumulator()
    private var firstWeightedY = CompensatedAccumulator()
    private var weight = CompensatedAccumulator()
    private var squared = CompensatedAccumulator()
    private var absolute = CompensatedAccumulator()
    private var residualSum = CompensatedAccumulator()
    private var centeredTarget = CompensatedAccumulator()
    private var percentage = CompensatedAccumulator()
    private var pinball = CompensatedAccumulator()
    private var maxAbsolute = 0.0
    private var sawNaN = false
    public private(set) var count = 0

    /// - Throws: `LossKitError.invalidParameter` for a quantile outside (0, 1).
    public init(quantile: Double = 0.5) throws {
        guard quantile > 0, quantile < 1 else {
            throw LossKitError.invalidParameter(name: "quantile", value: "\(quantile)", requirement: "must be in (0, 1)")
        }
        self.quantile = quantile
    }

    /// First pass: the targets (and weights) of one block.
    public mutating func addTargets(_ y: [Double], sampleWeights w: [Double]? = nil) throws {
        try Self.check(y.count, w)
        for i in y.indices {
            let wi = w?[i] ?? 1
            firstWeight.add(wi)
            firstWeightedY.add(wi * y[i])
        }
    }

    /// Second pass: targets, predictions and weights of one block.
    public mutating func add(targets y: [Double], predictions p: [Double], sampleWeights w: [Double]? = nil) throws {
        guard y.count == p.count else {
            throw LossKitError.countMismatch(name: "predictions", count: p.count, otherName: "targets", otherCount: y.count)
        }
        try Self.check(y.count, w)
        let mean = firstWeight.value > 0 ? firstWeightedY.value / firstWeight.value : .nan
        let epsilon = Double.ulpOfOne
        for i in y.indices {
            let wi = w?[i] ?? 1
            let r = y[i] - p[i]
            if r.isNaN { sawNaN = true }
            let a = abs(r)
            weight.add(wi)
            squared.add(wi * r * r)
            absolute.add(wi * a)
            residualSum.add(wi * r)
            let d = y[i] - mean
            centeredTarget.add(wi * d * d)
            percentage.add(wi * a / max(abs(y[i]), epsilon))
            pinball.add(wi * (r >= 0 ? quantile * r : (quantile - 1) * r))
            if a > maxAbsolute { maxAbsolute = a }
        }
        count += y.count
    }

    static func check(_ n: Int, _ w: [Double]?) throws {
        guard let w else { return }
        guard w.count == n else {
            throw LossKitError.countMismatch(name: "sampleWeights", count: w.count, otherName: "targets", otherCount: n)
        }
        for (i, wi) in w.enumerated() where !(wi >= 0) || !wi.isFinite {
            throw LossKitError.invalidWeight(index: i, value: wi)
        }
    }

    /// The metrics so far: `mse`, `rmse`, `mae`, `r2`, `explained_variance`,
    /// `max_error`, `mape`, `mean_pinball_loss` (R² and explained variance
    /// with scikit-learn's `force_finite` convention for a constant target).
    public var namedValues: [(name: String, value: Double?)] {
        let total = weight.value
        let mse = squared.value / total
        let sst = centeredTarget.value
        let residualMean = residualSum.value / total
        let residualVariance = max(0, mse - residualMean * residualMean)
        func score(_ numerator: Double) -> Double {
            if sst == 0 { return numerator == 0 ? 1 : 0 }
            return 1 - numerator / (sst / total)
        }
        return [
            ("mse", mse), ("rmse", mse.squareRoot()), ("mae", absolute.value / total),
            ("r2", score(mse)), ("explained_variance", score(residualVariance)),
            ("max_error", sawNaN ? .nan : maxAbsolute), ("median_absolute_error", nil),
            ("mape", percentage.value / total), ("mean_pinball_loss", pinball.value / total),
        ]
    }
}
