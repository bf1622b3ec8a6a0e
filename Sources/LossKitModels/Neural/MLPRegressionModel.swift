import Foundation
import LossKitData
import LossKitNumerics
import LossKitOptimization

/// A trained network in one of the two precisions.
enum AnyMLPNetwork: Sendable, Equatable {
    case float(MLPNetwork<Float>)
    case double(MLPNetwork<Double>)

    var sizes: [Int] {
        switch self {
        case let .float(n): n.sizes
        case let .double(n): n.sizes
        }
    }

    var activation: MLPActivation {
        switch self {
        case let .float(n): n.activation
        case let .double(n): n.activation
        }
    }

    var precision: MLPRegressor.Precision {
        switch self {
        case .float: .float
        case .double: .double
        }
    }

    /// Every parameter widened to Double (exact for Float).
    var parametersAsDouble: [Double] {
        switch self {
        case let .float(n): n.parameters.map(Double.init)
        case let .double(n): n.parameters
        }
    }
}

/// A fitted `MLPRegressor`: the network, the standardization, and how
/// training went (loss per epoch, validation loss per epoch, why it stopped).
///
/// Predictions standardize the inputs with the training means and scales,
/// run the network in its precision and map the outputs back:
/// `ŷₖ = meanₖ + scaleₖ·net(x′)ₖ`. They are the same bits after a model-file
/// round trip (the weights are stored exactly: each Float as the Double of
/// the same value, which converts back without rounding).
///
/// Model file (docs/model-file-format.md): the common header with
/// `"kind": "mlp-regressor"`, then `featureNames`, `targetNames`,
/// `layerSizes`, `activation`, `precision`, `parameters` (the flat weight
/// vector, see `MLPNetwork`), `inputMeans`, `inputScales`, `targetMeans`,
/// `targetScales`, and the training record (`loss`, `delta`, `solver`,
/// `alpha`, `learningRate`, `batchSize`, `seed`, `epochs`, `stopReason`,
/// `lossHistory`, `validationHistory`, `observationCount`, `totalWeight`, `weighted`).
public struct MLPRegressionModel: Sendable, Equatable {
    let network: AnyMLPNetwork
    public let featureNames: [String]
    public let targetNames: [String]
    let inputMeans: [Double], inputScales: [Double], targetMeans: [Double], targetScales: [Double]
    /// The settings the model was trained with.
    public let loss: MLPRegressor.Loss
    public let solverName: String
    public let alpha: Double
    public let learningRate: Double
    public let batchSize: Int?
    public let seed: UInt64
    /// The epoch's mean training objective (data loss plus the L2 penalty) in
    /// units of the target loss: for `squared_error` with one output, the
    /// training MSE plus σ²·α/(2|B|)·‖W‖². One entry per epoch.
    public let lossHistory: [Double]
    /// The validation loss (no penalty) after each epoch, in target units;
    /// nil without early stopping.
    public let validationHistory: [Double]?
    /// Epochs completed.
    public let epochs: Int
    /// Why training stopped.
    public let stopReason: OptimizationStopReason
    public let fitSummary: FitSummary

    init(network: AnyMLPNetwork, problem: MLPProblem, settings: MLPRegressor, lossHistory: [Double], validationHistory: [Double]?,
         epochs: Int, stopReason: OptimizationStopReason, summary: FitSummary) {
        self.network = network
        featureNames = problem.featureNames
        targetNames = problem.targetNames
        inputMeans = problem.inputMeans
        inputScales = problem.inputScales
        targetMeans = problem.targetMeans
        targetScales = problem.targetScales
        loss = settings.loss
        solverName = settings.solver.name
        alpha = settings.alpha
        learningRate = settings.learningRate
        batchSize = settings.batchSize
        seed = settings.seed
        self.lossHistory = lossHistory
        self.validationHistory = validationHistory
        self.epochs = epochs
        self.stopReason = stopReason
        fitSummary = summary
    }

    /// Units per hidden layer.
    public var hiddenLayerSizes: [Int] { Array(network.sizes.dropFirst().dropLast()) }
    public var activation: MLPActivation { network.activation }
    public var precision: MLPRegressor.Precision { network.precision }
    /// The number of weights and biases.
    public var parameterCount: Int { MLPNetwork<Double>.parameterCount(sizes: network.sizes) }
    /// Whether a stopping rule was met (not the epoch limit, not divergence).
    public var converged: Bool { stopReason.isConvergence }

    /// Predictions for every output: `n × K`, one column per target.
    /// - Throws: `LossKitError.shapeMismatch` for a wrong column count.
    /// - Complexity: O(n·Σ sizes[l]·sizes[l + 1]); memory of 1024 rows of activations.
    public func predictOutputs(_ x: Matrix) throws -> Matrix {
        guard x.columns == featureNames.count else {
            throw LossKitError.shapeMismatch(name: "features", expected: "\(featureNames.count) columns", actual: "\(x.columns)")
        }
        let storage: [Double]
        switch network {
        case let .float(net): storage = predict(net, x)
        case let .double(net): storage = predict(net, x)
        }
        return Matrix(uncheckedRows: x.rows, columns: targetNames.count, storage: storage)
    }

    private func predict<Scalar: NeuralScalar>(_ network: MLPNetwork<Scalar>, _ x: Matrix) -> [Double] {
        let n = x.rows, p = x.columns, k = targetNames.count
        var out = [Double](repeating: 0, count: n * k)
        guard n > 0 else { return out }
        let chunk = min(n, 1024)
        let workspace = MLPWorkspace<Scalar>(sizes: network.sizes, capacity: chunk)
        var inputs = [Scalar](repeating: 0, count: p * chunk)
        x.withUnsafeBufferPointer { s in
            var start = 0
            while start < n {
                let b = min(chunk, n - start)
                for j in 0..<p {
                    let mean = inputMeans[j], scale = inputScales[j]
                    for t in 0..<b { inputs[j + t * p] = standardized(s[start + t + j * n], mean: mean, scale: scale) }
                }
                inputs.withUnsafeBufferPointer { network.forward($0.baseAddress.unsafelyUnwrapped, batch: b, workspace: workspace) }
                let o = workspace.output
                for c in 0..<k {
                    let mean = targetMeans[c], scale = targetScales[c]
                    for t in 0..<b { out[start + t + c * n] = mean + scale * Double(o[c + t * k]) }
                }
                start += b
            }
        }
        return out
    }
}

extension MLPRegressionModel: LoadableRegressor {
    public var modelName: String { "mlp" }
    public var displayLabel: String {
        let layers = hiddenLayerSizes.isEmpty ? "no hidden layer" : hiddenLayerSizes.map(String.init).joined(separator: "×") + " " + activation.rawValue
        return "MLP (\(layers))"
    }
    public var inputNames: [String] { featureNames }

    /// - Throws: `LossKitError.unsupported` for a model with several outputs
    ///   (use `predictOutputs(_:)`).
    public func predict(columns: [[Double]]) throws -> [Double] {
        try predict(features: Matrix(columns: columns))
    }

    public func predict(features: Matrix) throws -> [Double] {
        guard targetNames.count == 1 else {
            throw LossKitError.unsupported(name: "predict", model: "mlp with \(targetNames.count) outputs",
                                           reason: "the contract predicts one target; use predictOutputs(_:)")
        }
        return try predictOutputs(features).storage
    }

    public func resultMembers() -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("feature_names", .array(featureNames.map(JSONValue.string))),
            ("hidden_layer_sizes", .array(hiddenLayerSizes.map { .int($0) })),
            ("activation", .string(activation.rawValue)),
            ("solver", .string(solverName)),
            ("loss", .string(loss.name)),
        ]
        if case let .huber(delta) = loss { members.append(("delta", .number(delta))) }
        members += [
            ("alpha", .number(alpha)),
            ("learning_rate", .number(learningRate)),
            ("precision", .string(precision.rawValue)),
            ("parameters", .int(parameterCount)),
            ("epochs", .int(epochs)),
            ("converged", .bool(converged)),
            ("stopped_because", .string(stopReason.rawValue)),
            ("loss_history", .numbers(lossHistory)),
            ("validation_history", validationHistory.map { .numbers($0) } ?? .null),
        ]
        return members
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        var table = TextTable(
            title: "\(displayLabel): \(context.targetName) on \(featureNames.count) feature(s)  (\(context.source))",
            headers: ["setting", "value"])
        table.addRow(["hidden layers", hiddenLayerSizes.isEmpty ? "none (linear)" : hiddenLayerSizes.map(String.init).joined(separator: ", ")])
        table.addRow(["activation", activation.rawValue])
        table.addRow(["solver", "\(solverName), learning rate \(NumberFormat.significant(learningRate, digits: 4))"])
        table.addRow(["loss", loss.name + { if case let .huber(d) = loss { return " (δ = \(NumberFormat.significant(d, digits: 4)))" } else { return "" } }()])
        table.addRow(["alpha (L2)", NumberFormat.significant(alpha, digits: 4)])
        table.addRow(["parameters", "\(parameterCount) (\(precision.rawValue))"])
        table.addRow(["epochs", "\(epochs)"])
        if let last = lossHistory.last { table.addRow(["final training loss", NumberFormat.significant(last, digits: 7)]) }
        if let last = validationHistory?.last { table.addRow(["final validation loss", NumberFormat.significant(last, digits: 7)]) }
        table.footnotes = ["stopped: \(stopReason.rawValue) — \(stopReason.explanation)"]
        return [table]
    }

    public var iterationHistory: IterationHistory? {
        IterationHistory(objective: lossHistory, iterations: epochs, converged: converged, stopReason: stopReason.rawValue,
                         validation: validationHistory)
    }
}

extension MLPRegressionModel: ModelFileRepresentable {
    public static let modelKind = "mlp-regressor"

    enum CodingKeys: String, CodingKey {
        case featureNames, targetNames, layerSizes, activation, precision, parameters
        case inputMeans, inputScales, targetMeans, targetScales
        case loss, delta, solver, alpha, learningRate, batchSize, seed, epochs, stopReason, lossHistory, validationHistory
        case observationCount, totalWeight, weighted, warnings
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(targetNames, forKey: .targetNames)
        try c.encode(network.sizes, forKey: .layerSizes)
        try c.encode(activation, forKey: .activation)
        try c.encode(precision, forKey: .precision)
        try c.encode(network.parametersAsDouble, forKey: .parameters)
        try c.encode(inputMeans, forKey: .inputMeans)
        try c.encode(inputScales, forKey: .inputScales)
        try c.encode(targetMeans, forKey: .targetMeans)
        try c.encode(targetScales, forKey: .targetScales)
        try c.encode(loss.name, forKey: .loss)
        if case let .huber(delta) = loss { try c.encode(delta, forKey: .delta) }
        try c.encode(solverName, forKey: .solver)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encodeIfPresent(batchSize, forKey: .batchSize)
        try c.encode(seed, forKey: .seed)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(stopReason.rawValue, forKey: .stopReason)
        try c.encode(lossHistory, forKey: .lossHistory)
        try c.encodeIfPresent(validationHistory, forKey: .validationHistory)
        try c.encode(fitSummary.observationCount, forKey: .observationCount)
        try c.encode(fitSummary.totalWeight, forKey: .totalWeight)
        try c.encode(fitSummary.weighted, forKey: .weighted)
        try c.encode(fitSummary.warnings, forKey: .warnings)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func invalid(_ key: CodingKeys, _ detail: String) -> ModelFileError { .invalidField(name: key.stringValue, detail: detail) }
        featureNames = try c.decode([String].self, forKey: .featureNames)
        targetNames = try c.decode([String].self, forKey: .targetNames)
        let sizes = try c.decode([Int].self, forKey: .layerSizes)
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else { throw invalid(.layerSizes, "needs inputs and outputs, each at least 1") }
        guard sizes[0] == featureNames.count else { throw invalid(.layerSizes, "\(sizes[0]) inputs for \(featureNames.count) feature names") }
        guard sizes[sizes.count - 1] == targetNames.count else { throw invalid(.layerSizes, "\(sizes[sizes.count - 1]) outputs for \(targetNames.count) target names") }
        let activation = try c.decode(MLPActivation.self, forKey: .activation)
        let precision = try c.decode(MLPRegressor.Precision.self, forKey: .precision)
        let parameters = try c.decode([Double].self, forKey: .parameters)
        let expected = MLPNetwork<Double>.parameterCount(sizes: sizes)
        guard parameters.count == expected else { throw invalid(.parameters, "\(parameters.count) values; layers \(sizes) need \(expected)") }
        switch precision {
        case .double:
            network = .double(MLPNetwork(sizes: sizes, activation: activation, parameters: parameters))
        case .float:
            let floats = parameters.map(Float.init)
            if let i = floats.indices.first(where: { !(Double(floats[$0]) == parameters[$0] || (floats[$0].isNaN && parameters[$0].isNaN)) }) {
                throw invalid(.parameters, "value \(i) (\(parameters[i])) is not a Float; a float model stores each weight exactly")
            }
            network = .float(MLPNetwork(sizes: sizes, activation: activation, parameters: floats))
        }
        inputMeans = try c.decode([Double].self, forKey: .inputMeans)
        inputScales = try c.decode([Double].self, forKey: .inputScales)
        targetMeans = try c.decode([Double].self, forKey: .targetMeans)
        targetScales = try c.decode([Double].self, forKey: .targetScales)
        guard inputMeans.count == sizes[0], inputScales.count == sizes[0] else { throw invalid(.inputMeans, "needs \(sizes[0]) means and scales") }
        guard targetMeans.count == targetNames.count, targetScales.count == targetNames.count else { throw invalid(.targetMeans, "needs \(targetNames.count) means and scales") }
        for (key, values) in [(CodingKeys.inputMeans, inputMeans), (.targetMeans, targetMeans)] where !values.allSatisfy(\.isFinite) {
            throw invalid(key, "every mean must be finite")
        }
        for (key, values) in [(CodingKeys.inputScales, inputScales), (.targetScales, targetScales)] where !values.allSatisfy({ $0 > 0 && $0.isFinite }) {
            throw invalid(key, "every scale must be a finite number > 0")
        }
        switch try c.decode(String.self, forKey: .loss) {
        case "squared_error": loss = .squaredError
        case "absolute_error": loss = .absoluteError
        case "huber": loss = .huber(delta: try c.decode(Double.self, forKey: .delta))
        case let other: throw invalid(.loss, "\"\(other)\" is not squared_error, huber or absolute_error")
        }
        solverName = try c.decode(String.self, forKey: .solver)
        alpha = try c.decode(Double.self, forKey: .alpha)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize)
        seed = try c.decode(UInt64.self, forKey: .seed)
        epochs = try c.decode(Int.self, forKey: .epochs)
        let reason = try c.decode(String.self, forKey: .stopReason)
        guard let stop = OptimizationStopReason(rawValue: reason) else { throw invalid(.stopReason, "\"\(reason)\" is not a stop reason") }
        stopReason = stop
        lossHistory = try c.decode([Double].self, forKey: .lossHistory)
        validationHistory = try c.decodeIfPresent([Double].self, forKey: .validationHistory)
        fitSummary = FitSummary(observationCount: try c.decode(Int.self, forKey: .observationCount),
                                totalWeight: try c.decode(Double.self, forKey: .totalWeight),
                                weighted: try c.decode(Bool.self, forKey: .weighted),
                                warnings: try c.decodeIfPresent([String].self, forKey: .warnings) ?? [])
    }
}
