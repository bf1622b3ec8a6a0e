import ArgumentParser
import LossKit

/// `fit --model sgd`: which of the shared training flags it reads, their
/// checks, and the `SGDRegressor` they describe. The flags themselves are
/// the shared ones of `TrainingOptions` (and `--alpha`).
extension FitCommand {
    /// The training flags `--model sgd` reads (`--max-iter` is not one: SGD
    /// counts epochs, `--epochs`).
    static let sgdFlags: Set<String> = [
        "--loss", "--penalty", "--l1-ratio", "--learning-rate", "--eta0", "--epochs", "--tol", "--batch-size",
        "--epsilon", "--average", "--early-stopping", "--validation-fraction", "--patience", "--seed",
    ]

    /// Checks the flags of `--model sgd` (the values' ranges are checked by
    /// `TrainingOptions.validate`; here the names and what goes with what).
    func validateSGD() throws {
        try training.refuse(allBut: Self.sgdFlags, model: "sgd")
        if let loss = training.loss, !SGDRegressor.Loss.names.contains(loss) {
            throw ValidationError("--loss \(loss) is not an sgd loss; choose one of \(SGDRegressor.Loss.names.joined(separator: ", "))")
        }
        if let penalty = training.penalty, !SGDRegressor.Penalty.names.contains(penalty) {
            throw ValidationError("--penalty \(penalty) is not a penalty; choose one of \(SGDRegressor.Penalty.names.joined(separator: ", "))")
        }
        if let rate = training.learningRate, SGDRegressor.LearningRate(rawValue: rate) == nil {
            throw ValidationError("--learning-rate \(rate) is not a schedule; choose one of \(SGDRegressor.LearningRate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let loss = training.loss ?? "squared_error"
        if let epsilon = training.epsilon {
            if loss == "squared_error" {
                throw ValidationError("--epsilon applies to --loss huber, epsilon_insensitive and squared_epsilon_insensitive, not squared_error")
            }
            if loss == "huber", epsilon == 0 { throw ValidationError("--epsilon must be > 0 for --loss huber (its threshold), not 0") }
        }
        if training.l1Ratio != nil, training.penalty != "elasticnet" {
            throw ValidationError("--l1-ratio sets the mixing of --penalty elasticnet; give --penalty elasticnet")
        }
        if training.learningRate == "optimal", alpha == 0 {
            throw ValidationError("--learning-rate optimal needs --alpha > 0 (η = 1/(α(t₀ + t)))")
        }
        if stream, training.earlyStopping {
            throw ValidationError("--early-stopping needs the data in memory (the held-out rows are scored after every epoch); drop --stream")
        }
    }

    /// The estimator the flags describe (scikit-learn's defaults elsewhere);
    /// `--alpha` and `--no-intercept` reach it through `ModelCatalog.Settings`.
    func sgdEstimator() throws -> SGDRegressor {
        var sgd = SGDRegressor()
        sgd.loss = try SGDRegressor.Loss(name: training.loss ?? "squared_error", epsilon: training.epsilon)
        sgd.penalty = try SGDRegressor.Penalty(name: training.penalty ?? "l2", l1Ratio: training.l1Ratio)
        if let rate = training.learningRate.flatMap(SGDRegressor.LearningRate.init(rawValue:)) { sgd.learningRate = rate }
        if let eta0 = training.eta0 { sgd.eta0 = eta0 }
        if let epochs = training.epochs { sgd.maxEpochs = epochs }
        if let tol = training.tol { sgd.tolerance = tol }
        if let batchSize = training.batchSize { sgd.batchSize = batchSize }
        if let patience = training.patience { sgd.patience = patience }
        if let fraction = training.validationFraction { sgd.validationFraction = fraction }
        if let seed = training.seed { sgd.seed = seed }
        sgd.average = training.average
        sgd.earlyStopping = training.earlyStopping
        return sgd
    }

    /// `--model sgd --stream`: epochs over the file in blocks (memory
    /// independent of the row count), then one pass for the training metrics.
    func runSGDStreaming(featureNames: [String]) throws {
        // The catalog applies --alpha and --no-intercept, as for the in-memory fit.
        guard let sgd = try ModelCatalog.estimator(named: "sgd", settings: settings()) as? SGDRegressor else {
            throw ToolError("the catalog's sgd entry is not an SGDRegressor")
        }
        // Every epoch reads the file again: a pipe or standard input is read
        // once, into a temporary copy.
        let spooled = try SpooledInput.ifReadOnce(file)
        defer { spooled?.remove() }
        let progress = Progress(label: "fitting sgd (streamed)", enabled: !output.json)
        let outcome = try inFileRows(droppedRows: 0, columns: featureNames + [target] + (weights.map { [$0] } ?? [])) {
            try sgd.fit(path: spooled?.path ?? file, target: target, features: featureNames, weights: weights,
                        options: input.readOptions(columns: nil), rowsPerBlock: blockRows) { step in progress.update { step.message } }
        }
        progress.finish()
        if outcome.droppedRowCount > 0 { note("dropped \(outcome.droppedRowCount) row(s) with missing values (--drop-missing)") }
        if outcome.zeroWeightRowCount > 0 { noteZeroWeights(outcome.zeroWeightRowCount) }
        try finish(outcome.report)
    }
}
