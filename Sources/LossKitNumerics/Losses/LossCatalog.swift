import RealModule

/// Every regression loss LossKit ships, by snake_case name, built from one set
/// of parameters. The CLI and the report list losses from here.
///
/// ```swift
/// let losses = try LossCatalog.all(LossCatalog.Parameters(delta: 1.35))
/// for loss in losses { print(loss.name, try loss.loss(predictions: p, targets: y)) }
/// let huber = try LossCatalog.loss(named: "huber", LossCatalog.Parameters(delta: 2))
/// ```
///
/// Metrics report the `.mean` of `squared_error` as `mse` and of
/// `absolute_error` as `mae`; the loss names here are the losses' own.
public enum LossCatalog {
    /// The parameters of the parametrised losses, with their usual defaults:
    /// `delta = 1` (PyTorch `HuberLoss`), `beta = 1` (PyTorch `SmoothL1Loss`),
    /// `quantile = 0.5` (scikit-learn `mean_pinball_loss`), `epsilon = 0.1`
    /// (scikit-learn `SGDRegressor`). Validated when a loss is built.
    public struct Parameters: Sendable, Hashable, Codable {
        public var delta: Double
        public var beta: Double
        public var quantile: Double
        public var epsilon: Double

        public init(delta: Double = 1, beta: Double = 1, quantile: Double = 0.5, epsilon: Double = 0.1) {
            self.delta = delta
            self.beta = beta
            self.quantile = quantile
            self.epsilon = epsilon
        }
    }

    /// The loss names in catalog order: the L2 loss first, then the robust
    /// alternatives.
    public static let names: [String] = [
        "squared_error", "absolute_error", "huber", "smooth_l1", "log_cosh",
        "pinball", "epsilon_insensitive", "squared_epsilon_insensitive",
    ]

    /// The loss called `name`, built with `parameters`.
    /// - Throws: `LossKitError.invalidParameter(name: "loss", …)` for an unknown
    ///   name (the message lists the known ones), or the loss's own
    ///   `invalidParameter` for a bad `delta`/`beta`/`quantile`/`epsilon`.
    public static func loss(named name: String, _ parameters: Parameters = Parameters()) throws -> AnyRegressionLoss {
        switch name {
        case "squared_error": return AnyRegressionLoss(SquaredError())
        case "absolute_error": return AnyRegressionLoss(AbsoluteError())
        case "huber": return AnyRegressionLoss(try HuberLoss(delta: parameters.delta))
        case "smooth_l1": return AnyRegressionLoss(try SmoothL1Loss(beta: parameters.beta))
        case "log_cosh": return AnyRegressionLoss(LogCoshLoss())
        case "pinball": return AnyRegressionLoss(try PinballLoss(quantile: parameters.quantile))
        case "epsilon_insensitive": return AnyRegressionLoss(try EpsilonInsensitiveLoss(epsilon: parameters.epsilon))
        case "squared_epsilon_insensitive":
            return AnyRegressionLoss(try SquaredEpsilonInsensitiveLoss(epsilon: parameters.epsilon))
        default:
            throw LossKitError.invalidParameter(
                name: "loss", value: name, requirement: "one of " + names.joined(separator: ", "))
        }
    }

    /// Every loss, in `names` order, built with `parameters`.
    /// - Throws: the first invalid parameter's `LossKitError.invalidParameter`.
    public static func all(_ parameters: Parameters = Parameters()) throws -> [AnyRegressionLoss] {
        try names.map { try loss(named: $0, parameters) }
    }
}
