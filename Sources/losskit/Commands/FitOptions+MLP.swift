import ArgumentParser
import LossKit

extension MLPActivation: ExpressibleByArgument {}

/// The flags of `losskit fit --model mlp` that only the network reads. The
/// shared training flags (`--epochs`, `--batch-size`, `--learning-rate`,
/// `--loss`, `--early-stopping`, …) come from `TrainingOptions`, `--alpha`
/// from `fit` itself.
struct MLPOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Units per hidden layer, comma-separated (default 100); an empty list \"\" fits a linear model.", valueName: "n1,n2,..."))
    var hidden: String?

    @Option(help: ArgumentHelp("The hidden layers' activation (default relu).", valueName: "name"))
    var activation: MLPActivation?

    @Option(help: ArgumentHelp("The optimizer: adam (default) or sgd (with --momentum, Nesterov).", valueName: "name"))
    var solver: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Momentum μ in [0, 1) of --solver sgd (default 0.9; 0 is plain SGD).", valueName: "m"))
    var momentum: Double?

    /// The training flags `--model mlp` reads (the others are refused).
    static let trainingFlags: Set<String> = [
        "--loss", "--learning-rate", "--epochs", "--tol", "--batch-size", "--epsilon",
        "--early-stopping", "--validation-fraction", "--patience", "--seed",
    ]

    static let losses = ["squared_error", "huber", "absolute_error"]

    /// The hidden sizes of `--hidden`.
    func hiddenLayerSizes() throws -> [Int]? {
        guard let hidden else { return nil }
        let items = hidden.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if items == [""] { return [] }
        return try items.map { item in
            guard let size = Int(item) else { throw ValidationError("--hidden must be comma-separated layer sizes like 64,64; '\(item)' is not a whole number") }
            guard size >= 1 else { throw ValidationError("--hidden sizes must be at least 1, not \(size)") }
            return size
        }
    }

    /// The step size of `--learning-rate` (a number for the network).
    static func learningRate(_ text: String?) throws -> Double? {
        guard let text else { return nil }
        guard let rate = Double(text) else {
            throw ValidationError("--learning-rate for --model mlp is the step size, a number > 0; '\(text)' is not a number")
        }
        guard rate > 0, rate.isFinite else { throw ValidationError("--learning-rate must be a finite number > 0, not \(text)") }
        return rate
    }

    func validate() throws {
        _ = try hiddenLayerSizes()
        if let solver, !["adam", "sgd"].contains(solver) { throw ValidationError("--solver must be adam or sgd, not \(solver)") }
        if let momentum, !(momentum >= 0 && momentum < 1) { throw ValidationError("--momentum must be in [0, 1), not \(momentum)") }
    }

    /// The cross-checks with the model and the shared flags.
    func check(model: String, training: TrainingOptions) throws {
        guard model == "mlp" else {
            if let flag = [hidden.map { _ in "--hidden" }, activation.map { _ in "--activation" },
                           solver.map { _ in "--solver" }, momentum.map { _ in "--momentum" }].compactMap({ $0 }).first {
                throw ValidationError("\(flag) needs --model mlp")
            }
            return
        }
        try training.refuse(allBut: Self.trainingFlags, model: model)
        if momentum != nil, solver != "sgd" { throw ValidationError("--momentum needs --solver sgd") }
        if let loss = training.loss, !Self.losses.contains(loss) {
            throw ValidationError("--loss for --model mlp must be one of \(Self.losses.joined(separator: ", ")), not \(loss)")
        }
        if training.epsilon != nil, training.loss != "huber" { throw ValidationError("--epsilon (Huber's δ) needs --loss huber") }
        if let epsilon = training.epsilon, !(epsilon > 0) { throw ValidationError("--epsilon must be > 0 for --loss huber, not \(epsilon)") }
        _ = try Self.learningRate(training.learningRate)
    }

    /// Fills the library's settings for `--model mlp`.
    func fill(_ s: inout ModelCatalog.Settings, training: TrainingOptions) throws {
        s.hiddenLayerSizes = try hiddenLayerSizes()
        s.activation = activation
        s.solver = solver
        s.momentum = momentum
        s.lossName = training.loss
        s.lossDelta = training.epsilon
        s.learningRate = try Self.learningRate(training.learningRate)
        s.epochs = training.epochs
        s.batchSize = training.batchSize
        s.tolerance = training.tol
        s.patience = training.patience
        s.earlyStopping = training.earlyStopping
        s.validationFraction = training.validationFraction
        s.seed = training.seed
    }
}
