import LossKitData
import LossKitNumerics

/// Estimators by the names `losskit fit --model` and `losskit report --models`
/// take, so the tool and the report build models one way.
///
/// ```swift
/// var settings = ModelCatalog.Settings()
/// settings.quantile = 0.9
/// let estimator = try ModelCatalog.estimator(named: "quantile", settings: settings)
/// let model = try estimator.fitModel(data)
/// ```
public enum ModelCatalog {
    /// What a user can set from the command line; each estimator reads the
    /// fields that concern it and rejects nothing else (the tool validates
    /// which flags go with which model).
    public struct Settings: Sendable {
        public var fitIntercept = true
        /// Level of coefficient confidence intervals.
        public var confidenceLevel = 0.95
        /// Ridge: one α.
        public var alpha: Double?
        /// Ridge: a grid of α, the best chosen by leave-one-out error.
        public var alphas: [Double]?
        /// Ridge: choose α by leave-one-out error (on `alphas`, or `Ridge.defaultAlphaGrid`).
        public var crossValidate = false
        /// Least squares: fit a polynomial of this degree in the one feature.
        public var degree: Int?
        /// Huber: the tuning constant k in units of the robust scale (default 1.345).
        public var huberK: Double?
        /// Huber: an absolute threshold δ in units of y; the fit then holds the
        /// scale at 1 (`RobustScale.fixed(1)`). Overrides `huberK`.
        public var huberDelta: Double?
        /// Quantile: τ in (0, 1) (default 0.5).
        public var quantile: Double?
        /// SGD: the estimator's settings (`fitIntercept` and `alpha` above override its own).
        public var sgd: SGDRegressor?
        /// SVR: the kernel (γ may be `scale`/`auto`); RBF with γ = scale by default.
        public var svrKernel: SupportVectorKernel?
        /// SVR: the loss beyond the ε tube (ε-insensitive by default).
        public var svrLoss: SupportVectorLoss?
        /// SVR: C > 0 (default 1).
        public var svrC: Double?
        /// SVR: the tube half-width ε ≥ 0 (default 0.1).
        public var epsilon: Double?
        /// Iterative fits: the stopping tolerance (SVR: the KKT violation, default 1e-3).
        public var tolerance: Double?
        /// Iterative fits: the iteration limit (SVR: SMO steps).
        public var maxIterations: Int?
        /// SVR: the kernel cache in MB (default 200).
        public var cacheMegabytes: Double?
        /// Linear SVR: penalize the intercept as LIBLINEAR and scikit-learn's `LinearSVR` do.
        public var penalizeIntercept = false
        /// Iterative models: the epoch limit, rows per step, the step size,
        /// the stopping tolerance and patience, early stopping on a held-out
        /// fraction, the seed; nil for each model's default.
        public var epochs: Int?
        public var batchSize: Int?
        public var learningRate: Double?
        public var patience: Int?
        public var earlyStopping = false
        public var validationFraction: Double?
        public var seed: UInt64?
        /// Iterative models: the training loss by `LossCatalog` name, and the
        /// Huber threshold δ in units of y for `huber`.
        public var lossName: String?
        public var lossDelta: Double?
        /// MLP: units per hidden layer (empty: linear), the hidden activation,
        /// the solver (`adam`, `sgd`) and SGD's momentum.
        public var hiddenLayerSizes: [Int]?
        public var activation: MLPActivation?
        public var solver: String?
        public var momentum: Double?

        public init() {}
    }

    /// The names, in the order help texts list them.
    public static var names: [String] { entries.map(\.name) }

    /// The estimator called `name`, configured by `settings`.
    /// - Throws: `LossKitError.invalidParameter(name: "model")` for an unknown
    ///   name, listing the known ones.
    public static func estimator(named name: String, settings: Settings = Settings()) throws -> any Regressor {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw LossKitError.invalidParameter(name: "model", value: name,
                                                requirement: "must be one of \(names.joined(separator: ", "))")
        }
        return entry.make(settings)
    }

    private struct Entry: Sendable {
        let name: String
        let make: @Sendable (Settings) -> any Regressor
    }

    /// One line per model name.
    private static let entries: [Entry] = [
        Entry(name: "ols") { s in
            s.degree.map { PolynomialRegression(degree: $0, confidenceLevel: s.confidenceLevel) as any Regressor }
                ?? LinearRegression(fitIntercept: s.fitIntercept, confidenceLevel: s.confidenceLevel)
        },
        Entry(name: "ridge") { s in
            s.crossValidate || s.alphas != nil
                ? RidgeCV(alphas: s.alphas ?? Ridge.defaultAlphaGrid, fitIntercept: s.fitIntercept) as any Regressor
                : Ridge(alpha: s.alpha ?? 1, fitIntercept: s.fitIntercept)
        },
        Entry(name: "huber") { s in
            s.huberDelta.map { RobustLinearRegression(loss: .huber(k: $0), scale: .fixed(1), fitIntercept: s.fitIntercept) }
                ?? RobustLinearRegression(loss: .huber(k: s.huberK ?? RobustLoss.defaultHuberK), fitIntercept: s.fitIntercept)
        },
        Entry(name: "l1") { s in RobustLinearRegression(loss: .leastAbsoluteDeviation, fitIntercept: s.fitIntercept) },
        Entry(name: "quantile") { s in RobustLinearRegression(loss: .quantile(s.quantile ?? 0.5), fitIntercept: s.fitIntercept) },
        Entry(name: "sgd") { s in
            var sgd = s.sgd ?? SGDRegressor()
            sgd.fitIntercept = s.fitIntercept
            sgd.alpha = s.alpha ?? sgd.alpha
            return sgd
        },
        // The linear kernel trains in the primal weights (LIBLINEAR's solvers,
        // coefficients reported); the others by SMO on the kernel (libsvm's).
        Entry(name: "svr") { s in
            if s.svrKernel == .linear {
                return LinearSupportVectorRegression(loss: s.svrLoss ?? .epsilonInsensitive, C: s.svrC ?? 1, epsilon: s.epsilon ?? 0.1, fitIntercept: s.fitIntercept,
                                                     penalizeIntercept: s.penalizeIntercept, tolerance: s.tolerance ?? 1e-4,
                                                     maxIterations: s.maxIterations ?? 1000)
            }
            return KernelSupportVectorRegression(kernel: s.svrKernel ?? .rbf(gamma: .scale), loss: s.svrLoss ?? .epsilonInsensitive,
                                          c: s.svrC ?? 1, epsilon: s.epsilon ?? 0.1, tolerance: s.tolerance ?? 1e-3,
                                          maxIterations: s.maxIterations, cacheMegabytes: s.cacheMegabytes ?? 200)
        },
        Entry(name: "mlp") { s in MLPRegressor(settings: s) },
    ]
}
