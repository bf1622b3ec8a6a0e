import LossKitData
import LossKitNumerics
import LossKitOptimization

/// Training an `SGDRegressor` on a stream of blocks (scikit-learn's
/// `partial_fit`): each `partialFit` call makes one pass of updates over the
/// block's rows, in a seeded shuffled order, continuing the schedule, the
/// average and the L1 bookkeeping where the previous block left them.
///
/// ```swift
/// var online = try SGDPartialFit<Float>(SGDRegressor(), featureNames: ["a", "b"],
///                                       featureMeans: means, featureScales: scales)
/// for block in blocks { _ = try online.partialFit(block) }
/// let model = online.model()
/// ```
///
/// The features are standardized with the means and scales given at `init`
/// (nil: none), which a file's first pass can compute (see
/// `SGDRegressor.fit(path:…)`). Sample weights are used as given, times
/// `weightScale` (the streamed fit passes 1 / mean weight, so that weights
/// mean what they mean in memory).
/// - Complexity: O(rows · p) per block, plus the block's row-major copy.
public struct SGDPartialFit<Scalar: SGDScalar>: Sendable {
    public let estimator: SGDRegressor
    public let featureNames: [String]
    let scaling: SGDFeatureScaling
    let weightScale: Double
    var trainer: SGDTrainer<Scalar>
    var rng: SplitMix64
    /// Rows trained on so far, over every call.
    public private(set) var rowsSeen = 0

    /// - Parameters:
    ///   - estimator: the settings (validated here); `maxEpochs`,
    ///     `tolerance`, `patience` and early stopping are the caller's
    ///     business between calls.
    ///   - featureMeans, featureScales: the standardization (a scale ≤ 0 or
    ///     not finite counts as 1); nil for none.
    ///   - initialIntercept: where the intercept starts (the streamed fit
    ///     passes the weighted mean of y).
    /// - Throws: `LossKitError.invalidParameter` for a bad setting,
    ///   `.countMismatch` when the means or scales do not match the names.
    public init(_ estimator: SGDRegressor, featureNames: [String], featureMeans: [Double]? = nil, featureScales: [Double]? = nil,
                initialIntercept: Double = 0, weightScale: Double = 1) throws {
        try estimator.validate()
        let p = featureNames.count
        for (name, values) in [("featureMeans", featureMeans), ("featureScales", featureScales)] {
            if let values, values.count != p {
                throw LossKitError.countMismatch(name: name, count: values.count, otherName: "features", otherCount: p)
            }
        }
        self.estimator = estimator
        self.featureNames = featureNames
        scaling = SGDFeatureScaling(means: featureMeans ?? [Double](repeating: 0, count: p),
                                    scales: featureScales ?? [Double](repeating: 1, count: p))
        self.weightScale = weightScale
        trainer = try SGDTrainer(featureCount: p, configuration: estimator, initialIntercept: Scalar(initialIntercept))
        rng = SplitMix64(seed: estimator.seed)
    }

    /// The block as standardized row-major `Scalar`s, targets and scaled weights.
    func prepared(_ block: RegressionData) throws -> (rows: [Scalar], targets: [Scalar], weights: [Scalar]?) {
        guard block.featureCount == featureNames.count else {
            throw LossKitError.countMismatch(name: "block features", count: block.featureCount,
                                             otherName: "model features", otherCount: featureNames.count)
        }
        return (scaling.rowMajor(block.features, as: Scalar.self), block.targets.map { Scalar($0) }, block.weights.map { $0.map { Scalar($0 * weightScale) } })
    }

    /// One pass of updates over the block's rows, in a shuffled order.
    /// - Returns: `Σ ŵᵢ ℓ(rᵢ)` of the rows (each before its own update) and `Σ ŵᵢ`.
    /// - Throws: `LossKitError.countMismatch` for another number of features.
    @discardableResult
    public mutating func partialFit(_ block: RegressionData) throws -> (lossSum: Double, weight: Double) {
        let (rows, targets, weights) = try prepared(block)
        var order = Array(0..<block.rowCount)
        sgdShuffle(&order, using: &rng)
        rowsSeen += block.rowCount
        let lossSum = rows.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                withOptionalPointer(weights) { sw in
                    order.withUnsafeBufferPointer {
                        trainer.pass(rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: sw, order: $0)
                    }
                }
            }
        }
        return (lossSum, weights.map { $0.reduce(0.0) { $0 + Double($1) } } ?? Double(block.rowCount))
    }

    /// `Σ ŵᵢ ℓ(rᵢ)` of the block at the current model parameters (no update), and `Σ ŵᵢ`.
    public func lossSum(_ block: RegressionData) throws -> (lossSum: Double, weight: Double) {
        let (rows, targets, weights) = try prepared(block)
        let all = Array(0..<block.rowCount)
        let sum = rows.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                withOptionalPointer(weights) { sw in
                    all.withUnsafeBufferPointer { trainer.lossSum(rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: sw, indices: $0) }
                }
            }
        }
        return (sum, weights.map { $0.reduce(0.0) { $0 + Double($1) } } ?? Double(block.rowCount))
    }

    /// `α·R(w)` at the current model parameters (standardized units).
    public var penaltyValue: Double { trainer.penaltyValue }

    /// The model so far: the averaged parameters with ASGD, in the original units.
    public func model(objective: Double = .nan, epochs: Int = 0, stopReason: OptimizationStopReason = .iterationLimit,
                      history: [Double] = [], observationCount: Int? = nil, totalWeight: Double? = nil,
                      weighted: Bool = false) -> SGDRegressionModel {
        SGDRunOutcome(objective: objective).finish(
            trainer: trainer, configuration: estimator, scaling: scaling, epochs: epochs, stop: stopReason, history: history,
            featureNames: featureNames, observationCount: observationCount ?? rowsSeen,
            totalWeight: totalWeight ?? Double(rowsSeen), weighted: weighted)
    }
}

extension SGDRegressor {
    /// Trains on a file in epochs over `DataReader.forEachBlock`, so that a
    /// file larger than memory can be used: memory is O(rowsPerBlock · p)
    /// whatever the row count.
    ///
    /// A first pass computes the standardization (weighted means and
    /// standard deviations, merged block by block) and checks every value;
    /// then each epoch reads the file again, block by block in file order,
    /// with the rows shuffled within each block (`SGDPartialFit`); the
    /// stopping rule, divergence handling and history are those of the
    /// in-memory fit. A last pass computes the final objective and the
    /// training metrics. Results differ from the in-memory fit only by the
    /// visiting order (the whole file shuffled there).
    ///
    /// Early stopping is not available here: it needs the held-out rows'
    /// score after every epoch (a second pass per epoch); it throws
    /// `LossKitError.unsupported`.
    /// - Parameters:
    ///   - path: a CSV, TSV or `.npy` file; read `maxEpochs + 2` times at most.
    ///   - progress: called after each epoch.
    /// - Returns: the report (with `streamed: true`), the rows the reader
    ///   dropped, and the rows skipped for a zero weight.
    /// - Throws: the reader's `DataError`s; `LossKitError.nonFiniteValue` and
    ///   `.invalidWeight` with the 0-based row counted over the whole file.
    public func fit(path: String, target: String, features: [String], weights: String? = nil,
                    options: DataReadOptions = DataReadOptions(), rowsPerBlock: Int = 65_536,
                    progress: ((TrainingProgress) -> Void)? = nil)
        throws -> (report: FitReport, droppedRowCount: Int, zeroWeightRowCount: Int) {
        try validate()
        if earlyStopping {
            throw LossKitError.unsupported(name: "earlyStopping", model: "sgd (streamed)",
                                           reason: "the validation score needs the held-out rows after every epoch; fit in memory")
        }
        switch precision {
        case .double: return try streamedFit(Double.self, path: path, target: target, features: features, weights: weights,
                                             options: options, rowsPerBlock: rowsPerBlock, progress: progress)
        case .float: return try streamedFit(Float.self, path: path, target: target, features: features, weights: weights,
                                            options: options, rowsPerBlock: rowsPerBlock, progress: progress)
        }
    }

    private func streamedFit<Scalar: SGDScalar>(
        _: Scalar.Type, path: String, target: String, features: [String], weights: String?,
        options: DataReadOptions, rowsPerBlock: Int, progress: ((TrainingProgress) -> Void)?
    ) throws -> (report: FitReport, droppedRowCount: Int, zeroWeightRowCount: Int) {
        var options = options
        var wanted = features
        for name in [target] + (weights.map { [$0] } ?? []) where !wanted.contains(name) { wanted.append(name) }
        options.columns = wanted
        let blockRows = StreamedLeastSquaresFit.rowsPerBlock(rowsPerBlock, columns: wanted.count)
        /// Every block as regression data, with errors naming the file's row.
        func blocks(_ body: (RegressionData) throws -> Void) throws -> (rows: Int, dropped: Int) {
            var rows = 0, dropped = 0
            try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: blockRows) { table in
                let data: RegressionData
                do {
                    data = try RegressionData(table: table, target: target, features: features, weights: weights)
                } catch let LossKitError.nonFiniteValue(name, row, value) {
                    throw LossKitError.nonFiniteValue(name: name, row: rows + row, value: value)
                } catch let LossKitError.invalidWeight(index, value) {
                    throw LossKitError.invalidWeight(index: rows + index, value: value)
                }
                rows += table.rowCount
                dropped += table.droppedRowCount
                if data.rowCount > 0 { try body(data) }
            }
            return (rows, dropped)
        }
        var moments = SGDMoments(featureCount: features.count)
        var kept = 0
        let (rows, dropped) = try blocks { data in
            moments.add(features: data.features, targets: data.targets, weights: data.weights)
            kept += data.rowCount
        }
        guard kept > 0 else { throw LossKitError.tooFewValues(name: "rows", count: 0, minimum: 1) }
        let scaling = moments.scaling(standardize: standardize)
        let meanWeight = moments.weight / Double(kept)
        var online = try SGDPartialFit<Scalar>(self, featureNames: features, featureMeans: scaling.means, featureScales: scaling.scales,
                                               initialIntercept: fitIntercept ? moments.targetMean : 0, weightScale: 1 / meanWeight)
        /// Σŵℓ over the file at the current parameters.
        func fileLossSum(_ online: SGDPartialFit<Scalar>) throws -> Double {
            var sum = 0.0
            _ = try blocks { sum += try online.lossSum($0).lossSum }
            return sum
        }
        let trainingWeight = Double(kept)   // Σŵ with ŵ = w / mean(w)
        var trainer = online.trainer
        let loop = try SGDEpochLoop.run(
            trainer: &trainer, configuration: self, trainingWeight: trainingWeight, startLossSum: fileLossSum(online),
            epoch: { trainer in
                // The partial fit owns the trainer between blocks; hand it over and back.
                var sum = 0.0
                online.trainer = trainer
                _ = try blocks { sum += try online.partialFit($0).lossSum }
                trainer = online.trainer
                return sum
            },
            validationScore: nil, progress: progress)
        online.trainer = trainer
        var metrics = try StreamingRegressionMetrics()
        var finalSum = 0.0
        let unscaled = online.model()
        _ = try blocks { data in
            finalSum += try online.lossSum(data).lossSum
            try metrics.add(predictions: try unscaled.predict(data.features), targets: data.targets, weights: data.weights)
        }
        let model = online.model(objective: finalSum / trainingWeight + online.penaltyValue, epochs: loop.epochs, stopReason: loop.stop,
                                 history: loop.history, observationCount: kept, totalWeight: moments.weight, weighted: weights != nil)
        return (FitReport(model: model, rowCount: kept, metrics: metrics.namedValues, streamed: true), dropped, rows - kept)
    }
}
