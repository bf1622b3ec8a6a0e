import LossKitData
import LossKitNumerics

extension ModelRegistry {
    /// The kinds LossKit ships, one line per model.
    static let builtIn: [Entry] = [
        Entry(LinearRegressionResult.self),
        Entry(PolynomialRegressionResult.self),
        Entry(RidgeResult.self),
        Entry(RobustRegressionModel.self),
        Entry(SGDRegressionModel.self),
        Entry(KernelSupportVectorRegressionModel.self),
        Entry(LinearSupportVectorRegressionModel.self),
        Entry(MLPRegressionModel.self),
    ]
}
