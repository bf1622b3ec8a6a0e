// The metrics' argument labels before they took the losses' order
// `(predictions:targets:weights:)`: kept as deprecated forwarding wrappers so
// existing callers compile (with a fix-it) while they move.

extension RegressionMetrics {
    @available(*, deprecated, message: "use meanAbsoluteError(predictions:targets:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanAbsoluteError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try meanAbsoluteError(predictions: predictions, targets: targets, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use medianAbsoluteError(predictions:targets:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func medianAbsoluteError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try medianAbsoluteError(predictions: predictions, targets: targets, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanAbsolutePercentageError(predictions:targets:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanAbsolutePercentageError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try meanAbsolutePercentageError(predictions: predictions, targets: targets, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanSquaredError(predictions:targets:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanSquaredError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try meanSquaredError(predictions: predictions, targets: targets, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use rootMeanSquaredError(predictions:targets:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func rootMeanSquaredError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try rootMeanSquaredError(predictions: predictions, targets: targets, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use r2Score(predictions:targets:weights:forceFinite:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func r2Score<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try r2Score(predictions: predictions, targets: targets, weights: sampleWeights, forceFinite: forceFinite, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use explainedVarianceScore(predictions:targets:weights:forceFinite:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func explainedVarianceScore<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try explainedVarianceScore(predictions: predictions, targets: targets, weights: sampleWeights, forceFinite: forceFinite, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanPinballLoss(predictions:targets:weights:alpha:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanPinballLoss<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], alpha: Double = 0.5, sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try meanPinballLoss(predictions: predictions, targets: targets, weights: sampleWeights, alpha: alpha, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use maxError(predictions:targets:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func maxError<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try maxError(predictions: predictions, targets: targets, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use evaluate(predictions:targets:weights:quantile:forceFinite:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func evaluate<T: BinaryFloatingPoint>(
        targets: [T], predictions: [T], sampleWeights: [T]? = nil, quantile: Double = 0.5,
        forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> RegressionMetricsReport {
        try evaluate(predictions: predictions, targets: targets, weights: sampleWeights, quantile: quantile,
                     forceFinite: forceFinite, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanAbsoluteError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanAbsoluteError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try meanAbsoluteError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use medianAbsoluteError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func medianAbsoluteError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try medianAbsoluteError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanAbsolutePercentageError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanAbsolutePercentageError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try meanAbsolutePercentageError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanSquaredError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanSquaredError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try meanSquaredError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use rootMeanSquaredError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func rootMeanSquaredError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try rootMeanSquaredError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use r2Score(predictionColumns:targetColumns:weights:forceFinite:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func r2Score<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try r2Score(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, forceFinite: forceFinite, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use explainedVarianceScore(predictionColumns:targetColumns:weights:forceFinite:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func explainedVarianceScore<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, forceFinite: Bool = true, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try explainedVarianceScore(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, forceFinite: forceFinite, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use meanPinballLoss(predictionColumns:targetColumns:weights:alpha:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func meanPinballLoss<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], alpha: Double = 0.5, sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> MultiOutputScores {
        try meanPinballLoss(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, alpha: alpha, nanPolicy: nanPolicy)
    }

    @available(*, deprecated, message: "use pooledRootMeanSquaredError(predictionColumns:targetColumns:weights:nanPolicy:): predictions come first now, so swap the first two arguments (a rename fix-it would mislabel them)")
    @inlinable
    public static func pooledRootMeanSquaredError<T: BinaryFloatingPoint>(
        targetColumns: [[T]], predictionColumns: [[T]], sampleWeights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> Double {
        try pooledRootMeanSquaredError(predictionColumns: predictionColumns, targetColumns: targetColumns, weights: sampleWeights, nanPolicy: nanPolicy)
    }
}
