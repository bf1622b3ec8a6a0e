import LossKitData
import LossKitNumerics
import LossKitOptimization

/// A linear model trained by stochastic gradient descent: scikit-learn's
/// `SGDRegressor`, with the same losses, penalties, schedules, averaging,
/// early stopping and stopping rule, so settings carry over.
///
/// ```swift
/// var sgd = SGDRegressor(loss: .huber(epsilon: 1), penalty: .elasticNet(l1Ratio: 0.15), alpha: 1e-4)
/// sgd.seed = 7
/// let model = try sgd.fit(data)                 // SGDRegressionModel
/// print(model.coefficients, model.stopReason, model.objective)
/// ```
///
/// **Objective.** With the features standardized (see `standardize`) and
/// the sample weights scaled to mean 1, the model minimizes scikit-learn's
///
///     f(w, b) = Σᵢ ŵᵢ·L(yᵢ − xᵢ·w − b) / Σᵢ ŵᵢ + α·R(w),
///     R(w) = (1 − ρ)/2·‖w‖₂² + ρ·‖w‖₁                (intercept not penalized)
///
/// with `L` the half squared error `r²/2`, Huber `½r²` / `ε(|r| − ½ε)`, the
/// ε-insensitive `max(0, |r| − ε)` or its square, and ρ = 0 (`l2`), 1 (`l1`)
/// or the elastic-net mixing. Without `standardize` the same objective is
/// minimized in the original units.
///
/// **Algorithm** (scikit-learn's `_plain_sgd`, per sample or per mini-batch):
/// the rows are shuffled once (seeded) into the training copy, and each epoch
/// visits them in a fresh shuffled order of runs of 16 neighbouring rows,
/// shuffled within each run (random for SGD's purposes, and it reads memory
/// in runs rather than one random row at a time; scikit-learn reshuffles all
/// rows every epoch); for
/// each row (batch) the prediction error's derivative `L′` (clipped to
/// ±10¹²) gives `w ← (1 − (1−ρ)ηα)·w + η·ŵ·L′·x`, `b ← b + η·ŵ·L′` (the
/// shrink floored at 0), and the L1 part is Tsuruoka et al.'s cumulative
/// truncated-gradient step, which clips a coefficient at exactly 0 rather
/// than letting it oscillate around it. η comes from `LearningRateScheduler`
/// (`constant`, `optimal`, `invscaling`, `adaptive`). With `average` the
/// model is the running mean of the iterates (ASGD).
///
/// **Speed.** The default case — squared error, `l2` or no penalty,
/// per-sample steps, no averaging — runs in a fused C kernel
/// (`CLossKitKernels`, AVX2/AVX-512 chosen at run time, a portable version
/// elsewhere) that takes the next row's prediction as
/// `shrink·(w·x′) + g·(x·x′)` so that one step need not wait for the previous
/// step's full dot product; results agree with the plain loop to rounding.
/// The other settings run the same steps in Swift.
///
/// **Stopping** (scikit-learn's rule): after each epoch, the epoch's mean
/// training loss plus α·R(w) — or, with `earlyStopping`, the R² on the held-out
/// validation rows — is compared with the best so far; after `patience`
/// epochs that do not improve it by `tolerance`, training stops (`adaptive`
/// first divides η by 5 and stops when η < 10⁻⁶). `tolerance = nil` runs all
/// `maxEpochs`.
///
/// **Edge cases.** A run whose parameters or objective become NaN or infinite
/// stops with `stopReason == .diverged`, keeps the parameters of the last
/// finite epoch and warns to lower the learning rate; reaching `maxEpochs`
/// is a warning (`converged == false`), never an error. Setup errors throw
/// `LossKitError.invalidParameter` naming the parameter.
///
/// - Complexity: O(epochs · n · p) time; O(n · p) memory for the
///   standardized, row-major copy of the data in the training precision
///   (see `fit(path:…)` to train on a file in blocks instead).
public struct SGDRegressor: Regressor, Sendable, Equatable {
    /// The training loss, scikit-learn's names and parameters.
    public enum Loss: Sendable, Equatable {
        /// `r²/2`.
        case squaredError
        /// Huber with threshold ε (absolute, units of y).
        case huber(epsilon: Double)
        /// `max(0, |r| − ε)`.
        case epsilonInsensitive(epsilon: Double)
        /// `max(0, |r| − ε)²`.
        case squaredEpsilonInsensitive(epsilon: Double)

        /// The names the tool takes (`--loss`), as scikit-learn spells them.
        public static let names = ["squared_error", "huber", "epsilon_insensitive", "squared_epsilon_insensitive"]
        /// scikit-learn's default ε (0.1).
        public static let defaultEpsilon = 0.1

        /// The loss called `name`, with `epsilon` (default 0.1) where it has one.
        /// - Throws: `LossKitError.invalidParameter(name: "loss")` listing the names.
        public init(name: String, epsilon: Double? = nil) throws {
            let e = epsilon ?? Self.defaultEpsilon
            switch name {
            case "squared_error": self = .squaredError
            case "huber": self = .huber(epsilon: e)
            case "epsilon_insensitive": self = .epsilonInsensitive(epsilon: e)
            case "squared_epsilon_insensitive": self = .squaredEpsilonInsensitive(epsilon: e)
            default:
                throw LossKitError.invalidParameter(name: "loss", value: name, requirement: "must be one of \(Self.names.joined(separator: ", "))")
            }
        }

        public var name: String {
            switch self {
            case .squaredError: "squared_error"
            case .huber: "huber"
            case .epsilonInsensitive: "epsilon_insensitive"
            case .squaredEpsilonInsensitive: "squared_epsilon_insensitive"
            }
        }

        /// ε, or nil for the squared error.
        public var epsilon: Double? {
            switch self {
            case .squaredError: nil
            case let .huber(e), let .epsilonInsensitive(e), let .squaredEpsilonInsensitive(e): e
            }
        }
    }

    /// The penalty R(w) on the coefficients (never on the intercept).
    public enum Penalty: Sendable, Equatable {
        case none
        /// `½‖w‖₂²`.
        case l2
        /// `‖w‖₁`.
        case l1
        /// `(1 − ρ)/2·‖w‖₂² + ρ‖w‖₁`, ρ ∈ [0, 1] (scikit-learn's default ρ 0.15).
        case elasticNet(l1Ratio: Double)

        /// The names the tool takes (`--penalty`).
        public static let names = ["none", "l2", "l1", "elasticnet"]

        /// - Throws: `LossKitError.invalidParameter(name: "penalty")` listing the names.
        public init(name: String, l1Ratio: Double? = nil) throws {
            switch name {
            case "none": self = .none
            case "l2": self = .l2
            case "l1": self = .l1
            case "elasticnet": self = .elasticNet(l1Ratio: l1Ratio ?? 0.15)
            default:
                throw LossKitError.invalidParameter(name: "penalty", value: name, requirement: "must be one of \(Self.names.joined(separator: ", "))")
            }
        }

        public var name: String {
            switch self {
            case .none: "none"
            case .l2: "l2"
            case .l1: "l1"
            case .elasticNet: "elasticnet"
            }
        }

        /// ρ, the L1 share: 0 for `none`/`l2`, 1 for `l1`.
        public var l1Ratio: Double {
            switch self {
            case .none, .l2: 0
            case .l1: 1
            case let .elasticNet(r): r
            }
        }
    }

    /// The step-size schedule by name; η₀ and the power are separate settings.
    public enum LearningRate: String, Sendable, Equatable, CaseIterable {
        case constant, optimal, invscaling, adaptive
    }

    /// The arithmetic of the training loop: Double, or Float (half the memory
    /// and bandwidth; the loss sums, standardization and the reported model
    /// are still Double).
    public enum Precision: String, Sendable, Equatable, CaseIterable {
        case double, float
    }

    public var loss: Loss
    public var penalty: Penalty
    /// α ≥ 0, the penalty's weight (scikit-learn's default 1e-4).
    public var alpha: Double
    public var learningRate: LearningRate
    /// η₀ > 0 of `constant`, `invscaling` and `adaptive` (default 0.01).
    public var eta0: Double
    /// The exponent of `invscaling`, η = η₀ / t^power (default 0.25).
    public var powerT: Double
    /// The epoch limit (scikit-learn's `max_iter`, default 1000).
    public var maxEpochs: Int
    /// The stopping tolerance (default 1e-3); nil runs all `maxEpochs`.
    public var tolerance: Double?
    /// Epochs without improvement before stopping (`n_iter_no_change`, default 5).
    public var patience: Int
    /// Rows per update: 1 is scikit-learn's per-sample SGD; B > 1 averages the
    /// gradient over B rows per step.
    public var batchSize: Int
    /// Average the iterates (ASGD); the averaged parameters are the model.
    public var average: Bool
    /// Hold out `validationFraction` of the rows and stop on their R².
    public var earlyStopping: Bool
    /// In (0, 1), default 0.1.
    public var validationFraction: Double
    public var fitIntercept: Bool
    /// Standardize the features (weighted mean and population standard
    /// deviation of the data; a constant column keeps scale 1) and report the
    /// coefficients in the original units. Default true: it sets the
    /// conditioning that decides how fast SGD converges.
    public var standardize: Bool
    /// The seed of the shuffling and of the validation split.
    public var seed: UInt64
    public var precision: Precision

    public init(loss: Loss = .squaredError, penalty: Penalty = .l2, alpha: Double = 1e-4,
                learningRate: LearningRate = .invscaling, eta0: Double = 0.01, powerT: Double = 0.25,
                maxEpochs: Int = 1000, tolerance: Double? = 1e-3, patience: Int = 5, batchSize: Int = 1,
                average: Bool = false, earlyStopping: Bool = false, validationFraction: Double = 0.1,
                fitIntercept: Bool = true, standardize: Bool = true, seed: UInt64 = 0, precision: Precision = .double) {
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.learningRate = learningRate
        self.eta0 = eta0
        self.powerT = powerT
        self.maxEpochs = maxEpochs
        self.tolerance = tolerance
        self.patience = patience
        self.batchSize = batchSize
        self.average = average
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.fitIntercept = fitIntercept
        self.standardize = standardize
        self.seed = seed
        self.precision = precision
    }

    /// Checks every setting.
    /// - Throws: `LossKitError.invalidParameter` naming the first bad one:
    ///   α, ε, η₀ or the tolerance negative or not finite, `optimal` with
    ///   α = 0, ρ outside [0, 1], a batch size, epoch limit or patience below 1,
    ///   a validation fraction outside (0, 1).
    public func validate() throws {
        func check(_ name: String, _ value: Double, _ ok: Bool, _ requirement: String) throws {
            if !ok { throw LossKitError.invalidParameter(name: name, value: "\(value)", requirement: requirement) }
        }
        try check("alpha", alpha, alpha >= 0 && alpha.isFinite, "must be a finite number >= 0")
        if let e = loss.epsilon { try check("epsilon", e, e >= 0 && e.isFinite, "must be a finite number >= 0") }
        let rho = penalty.l1Ratio
        try check("l1Ratio", rho, rho >= 0 && rho <= 1, "must be in [0, 1]")
        try check("eta0", eta0, eta0 > 0 && eta0.isFinite, "must be a finite number > 0")
        try check("powerT", powerT, powerT.isFinite, "must be finite")
        if let tolerance { try check("tolerance", tolerance, tolerance >= 0 && tolerance.isFinite, "must be a finite number >= 0") }
        if learningRate == .optimal {
            try check("alpha", alpha, alpha > 0, "must be > 0 for the optimal learning rate, η = 1/(α(t₀ + t))")
        }
        try check("validationFraction", validationFraction, validationFraction > 0 && validationFraction < 1, "must be in (0, 1)")
        for (name, value) in [("maxEpochs", maxEpochs), ("patience", patience), ("batchSize", batchSize)] where value < 1 {
            throw LossKitError.invalidParameter(name: name, value: "\(value)", requirement: "must be at least 1")
        }
    }

    /// The schedule with its parameters (for `optimal`, Bottou's offset t₀ as
    /// scikit-learn computes it).
    var schedule: LearningRateSchedule {
        switch learningRate {
        case .constant: return .constant(eta0: eta0)
        case .invscaling: return .invscaling(eta0: eta0, power: powerT)
        case .adaptive: return .adaptive(eta0: eta0)
        case .optimal:
            // scikit-learn takes max(1, dloss(p = −typw, y = 1)); for every
            // regression loss that derivative is negative, so the divisor is 1
            // and η at the first update is typw = α^(−1/4).
            return .optimal(alpha: alpha, offset: LearningRateSchedule.optimalOffset(alpha: alpha) { _ in 0 })
        }
    }

    /// Fits `data` in memory (see the type's documentation).
    public func fit(_ data: RegressionData) throws -> SGDRegressionModel {
        try fit(data, progress: nil)
    }

    /// `fit(_:)`, reporting each epoch (number, objective) to `progress`.
    /// - Throws: `LossKitError.invalidParameter` for a bad setting,
    ///   `.tooFewValues` when early stopping leaves no training or no
    ///   validation row.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> SGDRegressionModel {
        try validate()
        switch precision {
        case .double: return try SGDInMemoryRun<Double>(self, data: data).run(progress: progress)
        case .float: return try SGDInMemoryRun<Float>(self, data: data).run(progress: progress)
        }
    }
}
