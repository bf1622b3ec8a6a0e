import ArgumentParser
import LossKit

/// Flags shared by the models that train iteratively (`--model sgd`, `mlp`,
/// `svr`): one definition each, so `--epochs` or `--seed` mean the same for
/// every model. Each model's own options file says which of these it reads
/// and refuses the rest; here only the values themselves are checked.
struct TrainingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The training loss of a gradient-trained model (sgd: squared_error, huber, epsilon_insensitive, squared_epsilon_insensitive; mlp: squared_error, huber, absolute_error).", valueName: "name"))
    var loss: String?

    @Option(help: ArgumentHelp("The penalty of --model sgd: none, l2 (default), l1, elasticnet.", valueName: "name"))
    var penalty: String?

    @Option(name: .customLong("l1-ratio"), parsing: .unconditional, help: ArgumentHelp("Elastic-net mixing in [0, 1]: 0 is pure L2, 1 pure L1 (default 0.15).", valueName: "r"))
    var l1Ratio: Double?

    @Option(name: .customLong("learning-rate"), parsing: .unconditional, help: ArgumentHelp("sgd: the schedule constant, optimal, invscaling or adaptive; mlp: the initial step size (a number).", valueName: "schedule|rate"))
    var learningRate: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Initial learning rate η₀ of the constant, invscaling and adaptive schedules (default 0.01).", valueName: "rate"))
    var eta0: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("The maximum number of passes over the data.", valueName: "n"))
    var epochs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stopping tolerance on the training (or validation) objective or the optimality gap.", valueName: "t"))
    var tol: Double?

    @Option(name: .customLong("max-iter"), parsing: .unconditional, help: ArgumentHelp("The iteration limit of a solver that counts iterations rather than epochs; reaching it returns the fit with converged: false.", valueName: "n"))
    var maxIter: Int?

    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: ArgumentHelp("Rows per gradient step (sgd default 1, mlp default min(200, n)).", valueName: "b"))
    var batchSize: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The width ε of the insensitive zone of the huber / ε-insensitive losses, in units of y.", valueName: "e"))
    var epsilon: Double?

    @Flag(help: "Average the iterates (averaged SGD); the averaged weights are the model.")
    var average = false

    @Flag(name: .customLong("early-stopping"), help: "Hold out --validation-fraction of the rows and stop when the validation score stops improving.")
    var earlyStopping = false

    @Option(name: .customLong("validation-fraction"), parsing: .unconditional, help: ArgumentHelp("Fraction of rows held out for --early-stopping, in (0, 1) (default 0.1).", valueName: "f"))
    var validationFraction: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Epochs without improvement before stopping (sgd default 5, mlp default 10, as scikit-learn).", valueName: "n"))
    var patience: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the shuffling, the validation split and the initialization (default 0): the same seed gives the same model.", valueName: "s"))
    var seed: UInt64?

    /// The flags of this group that were given, as the user spelled them.
    var givenFlags: [String] {
        var flags: [String] = []
        if loss != nil { flags.append("--loss") }
        if penalty != nil { flags.append("--penalty") }
        if l1Ratio != nil { flags.append("--l1-ratio") }
        if learningRate != nil { flags.append("--learning-rate") }
        if eta0 != nil { flags.append("--eta0") }
        if epochs != nil { flags.append("--epochs") }
        if tol != nil { flags.append("--tol") }
        if maxIter != nil { flags.append("--max-iter") }
        if batchSize != nil { flags.append("--batch-size") }
        if epsilon != nil { flags.append("--epsilon") }
        if average { flags.append("--average") }
        if earlyStopping { flags.append("--early-stopping") }
        if validationFraction != nil { flags.append("--validation-fraction") }
        if patience != nil { flags.append("--patience") }
        if seed != nil { flags.append("--seed") }
        return flags
    }

    /// Refuses the given flags that `model` does not read.
    func refuse(allBut allowed: Set<String>, model: String) throws {
        if let flag = givenFlags.first(where: { !allowed.contains($0) }) {
            throw ValidationError("\(flag) does not apply to --model \(model)")
        }
    }

    func validate() throws {
        if let l1Ratio, !(l1Ratio >= 0 && l1Ratio <= 1) { throw ValidationError("--l1-ratio must be in [0, 1], not \(l1Ratio)") }
        if let eta0, !(eta0 > 0 && eta0.isFinite) { throw ValidationError("--eta0 must be a finite number > 0, not \(eta0)") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, not \(epochs)") }
        if let tol, !(tol >= 0 && tol.isFinite) { throw ValidationError("--tol must be a finite number >= 0, not \(tol)") }
        if let maxIter, maxIter < 1 { throw ValidationError("--max-iter must be at least 1, not \(maxIter)") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, not \(batchSize)") }
        if let epsilon, !(epsilon >= 0 && epsilon.isFinite) { throw ValidationError("--epsilon must be a finite number >= 0, not \(epsilon)") }
        if let validationFraction, !(validationFraction > 0 && validationFraction < 1) {
            throw ValidationError("--validation-fraction must be in (0, 1), not \(validationFraction)")
        }
        if let patience, patience < 1 { throw ValidationError("--patience must be at least 1, not \(patience)") }
        if validationFraction != nil, !earlyStopping { throw ValidationError("--validation-fraction needs --early-stopping") }
    }
}
