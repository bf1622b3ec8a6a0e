import Foundation
import LossKitData
import LossKitNumerics

/// A fitted robust linear model as it is saved and loaded: the loss, the
/// feature names, `ŷ = intercept + Σⱼ coefficients[j]·xⱼ`, the final scale and
/// how the fit ended. Built from a `RobustFit`; the per-row weights and
/// residuals of the training data are not part of the model file.
///
/// Model file (docs/model-file-format.md): the common header with
/// `"kind": "robust-linear-regression"`, then `loss` (`"huber"`, `"l1"` or
/// `"quantile"`), `delta` (Huber, in scale units) or `quantile` (τ),
/// `featureNames`, `fitIntercept`, `intercept`, `coefficients`, `scale`,
/// `iterations`, `stopReason`.
public struct RobustRegressionModel: Sendable, Equatable {
    /// The fit this model came from, with its per-row weights, residuals and
    /// loss history; nil for a model loaded from a file (those are training
    /// diagnostics, not part of the model). `==` ignores it.
    public var training: RobustFit?
    public var loss: RobustLoss
    public var featureNames: [String]
    public var fitIntercept: Bool
    public var intercept: Double
    public var coefficients: [Double]
    public var scale: Double
    public var iterations: Int
    public var stopReason: RobustFit.StopReason

    /// - Throws: `LossKitError.countMismatch` when the names do not match the coefficients.
    public init(_ fit: RobustFit, featureNames: [String], fitIntercept: Bool = true) throws {
        guard featureNames.count == fit.coefficients.count else {
            throw LossKitError.countMismatch(name: "featureNames", count: featureNames.count,
                                             otherName: "coefficients", otherCount: fit.coefficients.count)
        }
        loss = fit.loss
        self.featureNames = featureNames
        self.fitIntercept = fitIntercept
        intercept = fit.intercept
        coefficients = fit.coefficients
        scale = fit.scale
        iterations = fit.iterations
        stopReason = fit.stopReason
        training = fit
    }

    /// Compares the model (what its file holds), not the training diagnostics.
    public static func == (a: RobustRegressionModel, b: RobustRegressionModel) -> Bool {
        a.loss == b.loss && a.featureNames == b.featureNames && a.fitIntercept == b.fitIntercept
            && a.intercept == b.intercept && a.coefficients == b.coefficients && a.scale == b.scale
            && a.iterations == b.iterations && a.stopReason == b.stopReason
    }

    /// `intercept + x·coefficients`, bit-identical before and after a model-file round trip.
    /// - Throws: `LossKitError.shapeMismatch` for a wrong column count.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }
}

extension RobustRegressionModel: ModelFileRepresentable {
    public static let modelKind = "robust-linear-regression"

    enum CodingKeys: String, CodingKey {
        case loss, delta, quantile, featureNames, fitIntercept, intercept, coefficients, scale, iterations, stopReason
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch loss {
        case let .huber(k):
            try c.encode("huber", forKey: .loss)
            try c.encode(k, forKey: .delta)
        case .leastAbsoluteDeviation:
            try c.encode("l1", forKey: .loss)
        case let .quantile(tau):
            try c.encode("quantile", forKey: .loss)
            try c.encode(tau, forKey: .quantile)
        }
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(fitIntercept, forKey: .fitIntercept)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(scale, forKey: .scale)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(stopReason, forKey: .stopReason)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .loss) {
        case "huber": loss = .huber(k: try c.decode(Double.self, forKey: .delta))
        case "l1": loss = .leastAbsoluteDeviation
        case "quantile": loss = .quantile(try c.decode(Double.self, forKey: .quantile))
        case let other: throw ModelFileError.invalidField(name: "loss", detail: "\"\(other)\" is not huber, l1 or quantile")
        }
        do { try loss.validate() } catch {
            throw ModelFileError.invalidField(name: "loss", detail: String(describing: error))
        }
        featureNames = try c.decode([String].self, forKey: .featureNames)
        fitIntercept = try c.decode(Bool.self, forKey: .fitIntercept)
        intercept = try c.decode(Double.self, forKey: .intercept)
        coefficients = try c.decode([Double].self, forKey: .coefficients)
        guard coefficients.count == featureNames.count else {
            throw ModelFileError.invalidField(name: "coefficients", detail: "\(coefficients.count) values for \(featureNames.count) features")
        }
        scale = try c.decode(Double.self, forKey: .scale)
        iterations = try c.decode(Int.self, forKey: .iterations)
        stopReason = try c.decode(RobustFit.StopReason.self, forKey: .stopReason)
        training = nil
    }
}
