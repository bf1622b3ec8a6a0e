import LossKitData
import LossKitNumerics
import LossKitOptimization

/// A multilayer-perceptron regressor trained by backpropagation on mini-batches:
/// scikit-learn's `MLPRegressor`, with LossKit's losses, weights and optimizers.
///
/// ```swift
/// var estimator = MLPRegressor(hiddenLayerSizes: [64, 64])
/// estimator.maxEpochs = 50
/// let model = try estimator.fit(data)            // MLPRegressionModel
/// print(model.lossHistory.last!, model.stopReason)
/// let yHat = try model.predict(data)
/// ```
///
/// **Objective.** With inputs and targets standardized internally (each
/// column to mean 0, standard deviation 1; see `standardizeInputs`), each
/// step minimizes on a batch B of rows with weights `wᵢ` (1 without weights)
///
///     J_B(θ) = Σ_{i∈B} wᵢ·(1/K)·Σₖ ℓ(yᵢₖ − ŷᵢₖ) / Σ_{i∈B} wᵢ  +  α/(2|B|)·Σₗ‖W_l‖²
///
/// with `ℓ` the loss (`SquaredError` r², `HuberLoss`, `AbsoluteError` — the
/// same functions and weighted-mean meaning as everywhere in LossKit), K the
/// outputs, and the L2 penalty on the weights only (scikit-learn's
/// `alpha` per batch; biases are not penalized). Note that scikit-learn's
/// squared loss is ½r²: with `squared_error` the same α weighs twice as
/// little against the data here as there (α_LossKit = 2·α_sklearn gives the
/// same minimizer).
///
/// **Training.** Each epoch shuffles the training rows (SplitMix64, seeded)
/// and takes one step per batch with Adam or SGD with momentum/Nesterov
/// (`AdamStep`, `MomentumStep`: the one implementation of each in LossKit) at
/// a constant learning rate. It stops at `maxEpochs`, or — scikit-learn's rule —
/// when the epoch's training objective (or, with `earlyStopping`, the
/// validation loss on a held-out `validationFraction` of the rows) has not
/// improved by more than `tolerance` for `patience` epochs in a row; early
/// stopping then restores the weights of the best validation epoch. A NaN or
/// infinite batch loss stops training with `.diverged` and keeps the weights of
/// the last finite epoch. Not converging is a result (`converged == false`,
/// with a warning), never an error.
///
/// **Reproducibility.** The shuffles, the validation split and the initial
/// weights depend only on `seed`; products run in a fixed order: the same
/// data and settings give the same model bit for bit.
///
/// - Complexity: per epoch `O(n·Σₗ sizes[l]·sizes[l + 1])` time; memory the
///   data (converted once to `precision`) plus a few batches of activations.
public struct MLPRegressor: Regressor {
    /// The optimizer of each mini-batch step.
    public enum Solver: Sendable, Equatable {
        /// Adam (`AdamStep`, PyTorch's definition; scikit-learn's defaults).
        case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
        /// SGD with momentum μ, optionally Nesterov (`MomentumStep`);
        /// scikit-learn's defaults μ = 0.9, Nesterov.
        case sgd(momentum: Double = 0.9, nesterov: Bool = true)

        /// `adam` or `sgd`.
        public var name: String {
            switch self {
            case .adam: "adam"
            case .sgd: "sgd"
            }
        }
    }

    /// The training loss.
    public enum Loss: Sendable, Equatable {
        /// `SquaredError`, r² (the default).
        case squaredError
        /// `HuberLoss` with threshold δ in units of the target.
        case huber(delta: Double = 1)
        /// `AbsoluteError`, |r|.
        case absoluteError

        /// The `LossCatalog` name: `squared_error`, `huber`, `absolute_error`.
        public var name: String {
            switch self {
            case .squaredError: "squared_error"
            case .huber: "huber"
            case .absoluteError: "absolute_error"
            }
        }
    }

    /// How the initial weights are drawn (see `MLPNetwork.initialized`).
    public enum Initialization: String, Sendable, Equatable, CaseIterable, Codable {
        /// Glorot/Xavier uniform as scikit-learn's `MLPRegressor` (the default).
        case glorotUniform = "glorot_uniform"
        /// He uniform (weights `±√(6/fan_in)`, biases 0), suited to ReLU.
        case heUniform = "he_uniform"
    }

    /// The floating-point type the network trains and predicts in.
    public enum Precision: String, Sendable, Equatable, CaseIterable, Codable {
        case float, double
    }

    /// Units per hidden layer; empty for a linear model (no hidden layer).
    public var hiddenLayerSizes: [Int]
    public var activation: MLPActivation
    public var solver: Solver
    public var loss: Loss
    /// L2 penalty α ≥ 0 on the weights (scikit-learn's meaning; default 1e-4).
    public var alpha: Double
    /// Rows per step; nil for min(200, n) as scikit-learn.
    public var batchSize: Int?
    /// The constant step size η > 0 (default 1e-3, scikit-learn's and PyTorch's Adam default).
    public var learningRate: Double
    /// The epoch limit (default 200, scikit-learn's `max_iter`).
    public var maxEpochs: Int
    /// The improvement an epoch must make, in standardized-target units (default 1e-4).
    public var tolerance: Double
    /// Epochs without improvement before stopping (default 10, scikit-learn's `n_iter_no_change`).
    public var patience: Int
    /// Stop on a held-out validation loss instead of the training objective.
    public var earlyStopping: Bool
    /// The fraction of rows held out with `earlyStopping`, in (0, 1) (default 0.1).
    public var validationFraction: Double
    /// Seed of the initialization, the validation split and the shuffles.
    public var seed: UInt64
    public var initialization: Initialization
    public var precision: Precision
    /// Standardize each input column (mean 0, standard deviation 1; a
    /// constant column is only centered). Default true.
    public var standardizeInputs: Bool
    /// Standardize each target the same way; predictions are mapped back.
    public var standardizeTargets: Bool
    /// A solver or loss name from `init(settings:)` that is not one of ours.
    var unknownName: (setting: String, value: String)?

    public init(hiddenLayerSizes: [Int] = [100], activation: MLPActivation = .relu, solver: Solver = .adam(),
                loss: Loss = .squaredError, alpha: Double = 1e-4, batchSize: Int? = nil, learningRate: Double = 1e-3,
                maxEpochs: Int = 200, tolerance: Double = 1e-4, patience: Int = 10, earlyStopping: Bool = false,
                validationFraction: Double = 0.1, seed: UInt64 = 0, initialization: Initialization = .glorotUniform,
                precision: Precision = .float, standardizeInputs: Bool = true, standardizeTargets: Bool = true) {
        self.hiddenLayerSizes = hiddenLayerSizes
        self.activation = activation
        self.solver = solver
        self.loss = loss
        self.alpha = alpha
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.maxEpochs = maxEpochs
        self.tolerance = tolerance
        self.patience = patience
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.seed = seed
        self.initialization = initialization
        self.precision = precision
        self.standardizeInputs = standardizeInputs
        self.standardizeTargets = standardizeTargets
    }

    /// Checks every setting.
    /// - Throws: `LossKitError.invalidParameter` naming the setting.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> LossKitError {
            .invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        if let (setting, value) = unknownName {
            throw bad(setting, value, setting == "solver" ? "must be adam or sgd" : "must be squared_error, huber or absolute_error")
        }
        if let size = hiddenLayerSizes.first(where: { $0 < 1 }) { throw bad("hiddenLayerSizes", size, "every layer needs at least 1 unit") }
        guard alpha >= 0, alpha.isFinite else { throw bad("alpha", alpha, "must be a finite number >= 0") }
        if let batchSize, batchSize < 1 { throw bad("batchSize", batchSize, "must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("learningRate", learningRate, "must be a finite number > 0") }
        guard maxEpochs >= 1 else { throw bad("maxEpochs", maxEpochs, "must be at least 1") }
        guard tolerance >= 0, tolerance.isFinite else { throw bad("tolerance", tolerance, "must be a finite number >= 0") }
        guard patience >= 1 else { throw bad("patience", patience, "must be at least 1") }
        guard validationFraction > 0, validationFraction < 1 else { throw bad("validationFraction", validationFraction, "must be in (0, 1)") }
        switch solver {
        case let .adam(beta1, beta2, epsilon):
            guard beta1 >= 0, beta1 < 1 else { throw bad("beta1", beta1, "must be in [0, 1)") }
            guard beta2 >= 0, beta2 < 1 else { throw bad("beta2", beta2, "must be in [0, 1)") }
            guard epsilon > 0, epsilon.isFinite else { throw bad("epsilon", epsilon, "must be a finite number > 0") }
        case let .sgd(momentum, _):
            guard momentum >= 0, momentum < 1 else { throw bad("momentum", momentum, "must be in [0, 1)") }
        }
        if case let .huber(delta) = loss, !(delta > 0 && delta.isFinite) { throw bad("delta", delta, "must be a finite number > 0") }
    }

    /// Fits `data` (one target).
    /// - Throws: as `fit(features:targets:weights:featureNames:targetNames:progress:)`.
    public func fit(_ data: RegressionData) throws -> MLPRegressionModel {
        try fit(data, progress: nil)
    }

    /// `fit(_:)`, reporting each epoch.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> MLPRegressionModel {
        try fit(features: data.features, targets: Matrix(uncheckedRows: data.rowCount, columns: 1, storage: data.targets),
                weights: data.weights, featureNames: data.featureNames, targetNames: [data.targetName], progress: progress)
    }

    /// Fits one or several outputs: `targets` is `n × K` (one column per output).
    /// - Parameters:
    ///   - features: `n × p`, finite.
    ///   - targets: `n × K`, finite, K ≥ 1.
    ///   - weights: optional, `n` values, finite and ≥ 0, not all 0.
    /// - Throws: `LossKitError.invalidParameter` for a setting out of range;
    ///   `.countMismatch`/`.nonFiniteValue`/`.invalidWeight` for bad data;
    ///   `.tooFewValues` when there are too few rows to hold out a validation
    ///   set; `.zeroTotalWeight`. Non-convergence and divergence are results.
    public func fit(features: Matrix, targets: Matrix, weights: [Double]? = nil, featureNames: [String]? = nil,
                    targetNames: [String]? = nil, progress: ((TrainingProgress) -> Void)? = nil) throws -> MLPRegressionModel {
        try validate()
        let n = features.rows
        guard targets.rows == n else {
            throw LossKitError.countMismatch(name: "targets", count: targets.rows, otherName: "feature rows", otherCount: n)
        }
        guard targets.columns >= 1 else { throw LossKitError.tooFewValues(name: "target columns", count: 0, minimum: 1) }
        guard n >= 1 else { throw LossKitError.tooFewValues(name: "rows", count: n, minimum: 1) }
        let names = featureNames ?? (0..<features.columns).map { "x\($0 + 1)" }
        guard names.count == features.columns else {
            throw LossKitError.countMismatch(name: "featureNames", count: names.count, otherName: "feature columns", otherCount: features.columns)
        }
        let outputs = targetNames ?? (targets.columns == 1 ? ["y"] : (0..<targets.columns).map { "y\($0 + 1)" })
        guard outputs.count == targets.columns else {
            throw LossKitError.countMismatch(name: "targetNames", count: outputs.count, otherName: "target columns", otherCount: targets.columns)
        }
        for (name, matrix) in [("features", features), ("targets", targets)] {
            if let k = matrix.storage.firstIndex(where: { !$0.isFinite }) {
                let column = k / max(matrix.rows, 1)
                throw LossKitError.nonFiniteValue(name: name == "features" ? names[column] : outputs[column],
                                                  row: k % max(matrix.rows, 1), value: matrix.storage[k])
            }
        }
        if let weights {
            guard weights.count == n else { throw LossKitError.countMismatch(name: "weights", count: weights.count, otherName: "rows", otherCount: n) }
            if let i = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) { throw LossKitError.invalidWeight(index: i, value: weights[i]) }
            if !weights.contains(where: { $0 > 0 }) { throw LossKitError.zeroTotalWeight }
        }
        try checkNetworkSize(inputs: features.columns, outputs: targets.columns, rows: n)
        let problem = MLPProblem(features: features, targets: targets, weights: weights, featureNames: names, targetNames: outputs,
                                 standardizeInputs: standardizeInputs, standardizeTargets: standardizeTargets)
        switch precision {
        case .float: return try MLPTraining<Float>(settings: self, problem: problem).run(progress: progress)
        case .double: return try MLPTraining<Double>(settings: self, problem: problem).run(progress: progress)
        }
    }
}

extension MLPRegressor {
    /// The most parameters (weights and biases) a network may have: 2²⁷, i.e.
    /// 512 MiB per copy in Float; training holds the weights, their gradient
    /// and Adam's two moments.
    public static let maximumParameterCount = 1 << 27

    /// The most activation values one mini-batch may hold (batch size × the
    /// sum of the layer widths): 2²⁷.
    public static let maximumBatchActivations = 1 << 27

    /// Refuses a network too large to train in memory, before anything is
    /// allocated (an absurd `--hidden` must be an error, not an allocation trap).
    /// - Throws: `LossKitError.invalidParameter` naming `hiddenLayerSizes`.
    func checkNetworkSize(inputs: Int, outputs: Int, rows: Int) throws {
        let widths = [inputs] + hiddenLayerSizes + [outputs]
        let parameters = MLPNetwork<Double>.parameterCount(sizes: widths)
        var units = 0, overflow = parameters == .max
        for width in widths.dropFirst() {
            let (sum, o) = units.addingReportingOverflow(width)
            units = sum; overflow = overflow || o
        }
        let batch = min(batchSize ?? min(200, rows), rows)
        let (activations, o4) = units.multipliedReportingOverflow(by: max(batch, 1))
        let sizes = hiddenLayerSizes.map(String.init).joined(separator: ",")
        if overflow || parameters > Self.maximumParameterCount {
            throw LossKitError.invalidParameter(
                name: "hiddenLayerSizes", value: sizes,
                requirement: "gives a network of \(overflow ? "more than 2^63" : String(parameters)) parameters for \(inputs) input(s); at most \(Self.maximumParameterCount) are supported")
        }
        if o4 || activations > Self.maximumBatchActivations {
            throw LossKitError.invalidParameter(
                name: "hiddenLayerSizes", value: sizes,
                requirement: "with batches of \(batch) rows needs \(o4 ? "more than 2^63" : String(activations)) activation values per batch; at most \(Self.maximumBatchActivations) are supported (use a smaller --batch-size or fewer units)")
        }
    }

    /// The estimator `losskit fit --model mlp` builds: scikit-learn's defaults
    /// where a setting is nil. An unknown solver or loss name is kept for
    /// `validate()` to reject (`fit` throws naming it).
    public init(settings s: ModelCatalog.Settings) {
        self.init()
        if let sizes = s.hiddenLayerSizes { hiddenLayerSizes = sizes }
        if let activation = s.activation { self.activation = activation }
        switch s.solver ?? "adam" {
        case "sgd": solver = .sgd(momentum: s.momentum ?? 0.9, nesterov: (s.momentum ?? 0.9) > 0)
        case "adam": solver = .adam()
        case let other: unknownName = ("solver", other)
        }
        switch s.lossName ?? "squared_error" {
        case "squared_error": loss = .squaredError
        case "huber": loss = .huber(delta: s.lossDelta ?? 1)
        case "absolute_error": loss = .absoluteError
        case let other: unknownName = ("loss", other)
        }
        if let alpha = s.alpha { self.alpha = alpha }
        batchSize = s.batchSize
        if let rate = s.learningRate { learningRate = rate }
        if let epochs = s.epochs { maxEpochs = epochs }
        if let tol = s.tolerance { tolerance = tol }
        if let patience = s.patience { self.patience = patience }
        earlyStopping = s.earlyStopping
        if let fraction = s.validationFraction { validationFraction = fraction }
        if let seed = s.seed { self.seed = seed }
    }
}
