import LossKitData
import LossKitNumerics

/// An estimator: a model's configuration, which fits `RegressionData` and
/// returns a fitted model.
///
/// ```swift
/// let estimators: [any Regressor] = [LinearRegression(), Ridge(alpha: 1), RobustLinearRegression(loss: .huber())]
/// for estimator in estimators {
///     let model = try estimator.fitModel(data)
///     print(model.modelName, try model.predict(data).prefix(3))
/// }
/// ```
///
/// Every estimator takes sample weights (`data.weights`, the weighted-mean
/// meaning `Σ wᵢℓᵢ / Σ wᵢ` used everywhere in LossKit), or says in its doc
/// comment why it cannot and throws `LossKitError.unsupported` naming
/// `weights`.
public protocol Regressor: Sendable {
    associatedtype Model: FittedRegressor
    /// Fits the model to `data`.
    func fit(_ data: RegressionData) throws -> Model
    /// Fits the model, calling `progress` as training goes (iterative fits
    /// report each step; direct solvers may not call it at all).
    func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> Model
}

/// Where an iterative fit is, for a progress line: the step and a status text.
public struct TrainingProgress: Sendable, Equatable {
    /// Steps taken so far (reweighting steps, pivots, epochs: see `message`).
    public var step: Int
    /// A short status for a person, e.g. "reweighting step 3, mean loss 0.41".
    public var message: String

    public init(step: Int, message: String) {
        self.step = step
        self.message = message
    }
}

extension Regressor {
    /// Direct solvers have no steps to report.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> Model {
        try fit(data)
    }

    /// `fit(_:)` with the result as `any FittedRegressor`, for code that
    /// chooses an estimator at run time.
    public func fitModel(_ data: RegressionData, progress: ((TrainingProgress) -> Void)? = nil) throws -> any FittedRegressor {
        try fit(data, progress: progress)
    }

    /// Fits arrays: features, targets, weights, in the order every loss and
    /// metric takes them (`predictions, targets, weights`).
    public func fit(features: Matrix, targets: [Double], weights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> Model {
        try fit(RegressionData(features: features, targets: targets, weights: weights, featureNames: featureNames))
    }
}
