/// All regression metrics of one single-output prediction, from
/// `RegressionMetrics.evaluate(predictions:targets:weights:quantile:forceFinite:nanPolicy:)`.
///
/// Fields are named in Swift style; `namedValues` lists them in a fixed order
/// under the snake_case keys used by the command-line tool and in JSON
/// (`Codable` uses the same keys; non-finite values need a
/// `nonConformingFloatEncodingStrategy`).
public struct RegressionMetricsReport: Sendable, Equatable, Codable {
    /// Mean squared error (`mse`).
    public var meanSquaredError: Double
    /// Root mean squared error (`rmse`).
    public var rootMeanSquaredError: Double
    /// Mean absolute error (`mae`).
    public var meanAbsoluteError: Double
    /// Coefficient of determination R² (`r2`).
    public var r2: Double
    /// Explained variance score (`explained_variance`).
    public var explainedVariance: Double
    /// Maximum absolute error, ignoring weights as scikit-learn does (`max_error`).
    public var maxError: Double
    /// Median absolute error, weighted median when weighted (`median_absolute_error`).
    public var medianAbsoluteError: Double
    /// Mean absolute percentage error, a fraction (`mape`).
    public var meanAbsolutePercentageError: Double
    /// Mean pinball loss at `quantile` (`mean_pinball_loss`).
    public var meanPinballLoss: Double
    /// The quantile level α used for `meanPinballLoss` (`quantile`, not in `namedValues`).
    public var quantile: Double

    /// The metric keys of `namedValues`, in order.
    public static let keys = [
        "mse", "rmse", "mae", "r2", "explained_variance", "max_error", "median_absolute_error", "mape",
        "mean_pinball_loss",
    ]

    /// `(snake_case name, value)` for every metric, in the order of `keys`.
    public var namedValues: [(name: String, value: Double)] {
        let values = [
            meanSquaredError, rootMeanSquaredError, meanAbsoluteError, r2, explainedVariance, maxError,
            medianAbsoluteError, meanAbsolutePercentageError, meanPinballLoss,
        ]
        return Array(zip(Self.keys, values)).map { (name: $0.0, value: $0.1) }
    }

    enum CodingKeys: String, CodingKey {
        case meanSquaredError = "mse"
        case rootMeanSquaredError = "rmse"
        case meanAbsoluteError = "mae"
        case r2
        case explainedVariance = "explained_variance"
        case maxError = "max_error"
        case medianAbsoluteError = "median_absolute_error"
        case meanAbsolutePercentageError = "mape"
        case meanPinballLoss = "mean_pinball_loss"
        case quantile
    }
}
