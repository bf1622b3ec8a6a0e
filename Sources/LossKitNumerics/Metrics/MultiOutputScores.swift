/// The scores of a multi-output regression metric, one per output column,
/// and their averages.
///
/// ```swift
/// let r2 = try RegressionMetrics.r2Score(predictionColumns: ŷ, targetColumns: y)
/// r2.rawValues          // [R²₀, R²₁, …]   scikit-learn multioutput='raw_values'
/// r2.uniformAverage     // mean of those     'uniform_average' (the default)
/// r2.varianceWeighted   // weighted by target variance, 'variance_weighted'
/// ```
public struct MultiOutputScores: Sendable, Equatable {
    /// One score per output column, in column order.
    public let rawValues: [Double]
    /// Per-output target variances (`Σᵢ wᵢ·(yᵢⱼ − ȳⱼ)²`, relative to the
    /// largest), for metrics that support `.varianceWeighted`; nil otherwise.
    @usableFromInline let varianceWeights: [Double]?

    @usableFromInline
    init(rawValues: [Double], varianceWeights: [Double]? = nil) {
        self.rawValues = rawValues
        self.varianceWeights = varianceWeights
    }

    /// The plain mean of `rawValues` (compensated sum). NaN if any output is NaN.
    public var uniformAverage: Double {
        Summation.compensatedSum(count: rawValues.count) { rawValues[$0] } / Double(rawValues.count)
    }

    /// The target-variance-weighted mean of `rawValues` (R² and explained
    /// variance only; nil for other metrics). Outputs with constant targets get
    /// weight 0; if all are constant this is `uniformAverage`, as in scikit-learn.
    public var varianceWeighted: Double? {
        guard let weights = varianceWeights else { return nil }
        if weights.allSatisfy({ $0 == 0 }) { return uniformAverage }
        return Self.weightedMean(rawValues, weights)
    }

    /// The scores combined as `averaging` says.
    /// - Throws: `LossKitError.invalidParameter` for `.varianceWeighted` on a
    ///   metric without it; for `.outputWeights`, `countMismatch` when there is
    ///   not one weight per output, `invalidWeight` for a negative or non-finite
    ///   weight, `zeroTotalWeight` when they sum to 0.
    /// - Complexity: O(k) for k outputs.
    public func average(_ averaging: MultiOutputAveraging) throws -> Double {
        switch averaging {
        case .uniformAverage:
            return uniformAverage
        case .varianceWeighted:
            guard let value = varianceWeighted else {
                throw LossKitError.invalidParameter(
                    name: "multioutput", value: "varianceWeighted",
                    requirement: "variance weighting is defined for r2Score and explainedVarianceScore only")
            }
            return value
        case .outputWeights(let weights):
            guard weights.count == rawValues.count else {
                throw LossKitError.countMismatch(
                    name: "outputWeights", count: weights.count, otherName: "outputs", otherCount: rawValues.count)
            }
            for (j, v) in weights.enumerated() where !(v >= 0 && v.isFinite) {
                throw LossKitError.invalidWeight(index: j, value: v)
            }
            guard weights.contains(where: { $0 > 0 }) else { throw LossKitError.zeroTotalWeight }
            return Self.weightedMean(rawValues, weights)
        }
    }

    static func weightedMean(_ values: [Double], _ weights: [Double]) -> Double {
        let total = Summation.compensatedSum(count: weights.count) { weights[$0] }
        // IEEE products, as numpy.average: a zero weight times ±∞ or NaN is NaN.
        return Summation.compensatedSum(count: values.count) { weights[$0] * values[$0] } / total
    }
}
