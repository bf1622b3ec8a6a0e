import Foundation
import LossKitData
import LossKitNumerics
import LossKitOptimization

/// A linear model fitted by `SGDRegressor`: `ŷ = intercept + Σⱼ coefficients[j]·xⱼ`
/// in the original units of the features, and how training went.
///
/// Model file (docs/model-file-format.md): the common header with
/// `"kind": "sgd-regressor"`, then the settings that define the objective
/// and how it was trained (`loss`, `epsilon`, `penalty`, `alpha`, `l1Ratio`,
/// `learningRate`, `eta0`, `powerT`, `batchSize`, `average`, `precision`,
/// `maxEpochs`, `tolerance`, `patience`, `earlyStopping`,
/// `validationFraction`, `standardize`, `seed`), `featureNames`,
/// `fitIntercept`, `intercept`, `coefficients`, `featureMeans`,
/// `featureScales`, `epochs`, `stopReason`, `objective`, `lossHistory`,
/// `observationCount`, `totalWeight`, `weighted`, `warnings`. Predictions
/// after loading are bit-identical (every Double is written in its
/// shortest round-tripping form).
public struct SGDRegressionModel: Sendable, Equatable {
    /// The estimator's settings.
    public var configuration: SGDRegressor
    public var featureNames: [String]
    public var intercept: Double
    public var coefficients: [Double]
    /// The standardization the model was trained with (means 0 and scales 1
    /// without it); the coefficients above already undo it.
    public var featureMeans: [Double]
    public var featureScales: [Double]
    /// Epochs completed (a diverged epoch does not count).
    public var epochs: Int
    public var stopReason: OptimizationStopReason
    /// The penalized objective `Σŵℓ/Σŵ + αR(w)` at the final parameters, on the
    /// training rows, in the standardized units it was minimized in.
    public var objective: Double
    /// The objective at the start (entry 0) and after each epoch: the epoch's
    /// running mean training loss (each row's loss before its own update, as
    /// scikit-learn reports it) plus αR(w) at the epoch's end.
    public var lossHistory: [Double]
    public var observationCount: Int
    public var totalWeight: Double
    public var weighted: Bool
    public var warnings: [String]

    public var converged: Bool { stopReason.isConvergence }

    /// `intercept + x·coefficients`, bit-identical before and after a model-file round trip.
    /// - Throws: `LossKitError.shapeMismatch` for a wrong column count.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }
}

extension SGDRegressionModel: LoadableRegressor {
    public var modelName: String { "sgd" }
    public var displayLabel: String { "SGD (\(configuration.loss.name), \(configuration.penalty.name))" }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] { try predict(Matrix(columns: columns)) }
    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    public var fitSummary: FitSummary {
        FitSummary(observationCount: observationCount, totalWeight: totalWeight, weighted: weighted, warnings: warnings)
    }

    public func resultMembers() -> [(String, JSONValue)] {
        let c = configuration
        var members: [(String, JSONValue)] = [
            ("intercept", c.fitIntercept ? .number(intercept) : .null),
            ("coefficients", .numbers(coefficients)),
            ("feature_names", .array(featureNames.map(JSONValue.string))),
            ("loss", .string(c.loss.name)),
        ]
        if let e = c.loss.epsilon { members.append(("epsilon", .number(e))) }
        members += [
            ("penalty", .string(c.penalty.name)),
            ("alpha", .number(c.alpha)),
            ("l1_ratio", .number(c.penalty.l1Ratio)),
            ("learning_rate", .string(c.learningRate.rawValue)),
            ("eta0", .number(c.eta0)),
            ("batch_size", .int(c.batchSize)),
            ("average", .bool(c.average)),
            ("converged", .bool(converged)),
            ("iterations", .int(epochs)),
            ("stopped_because", .string(stopReason.rawValue)),
            ("objective", .number(objective)),
            ("loss_history", .numbers(lossHistory)),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ]
        return members
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        let c = configuration
        let epsilon = c.loss.epsilon.map { " (ε = \(NumberFormat.significant($0, digits: 4)))" } ?? ""
        var table = TextTable(
            title: "SGD regression, \(c.loss.name)\(epsilon) loss, \(c.penalty.name) penalty: \(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))",
            headers: ["term", "estimate"])
        if c.fitIntercept { table.addRow(["intercept", NumberFormat.significant(intercept, digits: 10)]) }
        for (name, value) in zip(featureNames, coefficients) {
            table.addRow([name, NumberFormat.significant(value, digits: 10)])
        }
        table.footnotes = [
            "n = \(context.rowCount)   α = \(NumberFormat.significant(c.alpha, digits: 4))   schedule: \(c.learningRate.rawValue)"
                + (c.average ? " (averaged)" : "") + "   epochs = \(epochs)   stopped: \(stopReason.rawValue)",
            "objective (mean loss + α·penalty, standardized features) = \(NumberFormat.significant(objective, digits: 8))",
        ]
        return [table]
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: configuration.fitIntercept ? intercept : nil, coefficients: coefficients, featureNames: featureNames)
    }

    public var iterationHistory: IterationHistory? {
        IterationHistory(objective: lossHistory, iterations: epochs, converged: converged, stopReason: stopReason.rawValue)
    }
}

extension SGDRegressionModel: ModelFileRepresentable {
    public static let modelKind = "sgd-regressor"

    enum CodingKeys: String, CodingKey {
        case loss, epsilon, penalty, alpha, l1Ratio, learningRate, eta0, batchSize, average, precision
        case powerT, maxEpochs, tolerance, patience, earlyStopping, validationFraction, standardize, seed
        case featureNames, fitIntercept, intercept, coefficients, featureMeans, featureScales
        case epochs, stopReason, objective, lossHistory, observationCount, totalWeight, weighted, warnings
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var k = encoder.container(keyedBy: CodingKeys.self)
        let c = configuration
        try k.encode(c.loss.name, forKey: .loss)
        try k.encodeIfPresent(c.loss.epsilon, forKey: .epsilon)
        try k.encode(c.penalty.name, forKey: .penalty)
        try k.encode(c.alpha, forKey: .alpha)
        try k.encode(c.penalty.l1Ratio, forKey: .l1Ratio)
        try k.encode(c.learningRate.rawValue, forKey: .learningRate)
        try k.encode(c.eta0, forKey: .eta0)
        try k.encode(c.batchSize, forKey: .batchSize)
        try k.encode(c.average, forKey: .average)
        try k.encode(c.precision.rawValue, forKey: .precision)
        try k.encode(c.powerT, forKey: .powerT)
        try k.encode(c.maxEpochs, forKey: .maxEpochs)
        try k.encode(c.tolerance, forKey: .tolerance)
        try k.encode(c.patience, forKey: .patience)
        try k.encode(c.earlyStopping, forKey: .earlyStopping)
        try k.encode(c.validationFraction, forKey: .validationFraction)
        try k.encode(c.standardize, forKey: .standardize)
        try k.encode(c.seed, forKey: .seed)
        try k.encode(featureNames, forKey: .featureNames)
        try k.encode(c.fitIntercept, forKey: .fitIntercept)
        try k.encode(intercept, forKey: .intercept)
        try k.encode(coefficients, forKey: .coefficients)
        try k.encode(featureMeans, forKey: .featureMeans)
        try k.encode(featureScales, forKey: .featureScales)
        try k.encode(epochs, forKey: .epochs)
        try k.encode(stopReason.rawValue, forKey: .stopReason)
        try k.encode(objective, forKey: .objective)
        try k.encode(lossHistory, forKey: .lossHistory)
        try k.encode(observationCount, forKey: .observationCount)
        try k.encode(totalWeight, forKey: .totalWeight)
        try k.encode(weighted, forKey: .weighted)
        try k.encode(warnings, forKey: .warnings)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let k = try decoder.container(keyedBy: CodingKeys.self)
        func field<T>(_ key: CodingKeys, _ make: () throws -> T) throws -> T {
            do { return try make() } catch let error as LossKitError {
                throw ModelFileError.invalidField(name: key.stringValue, detail: error.description)
            }
        }
        var c = SGDRegressor()
        let epsilon = try k.decodeIfPresent(Double.self, forKey: .epsilon)
        let lossName = try k.decode(String.self, forKey: .loss)
        c.loss = try field(.loss) { try SGDRegressor.Loss(name: lossName, epsilon: epsilon) }
        let penaltyName = try k.decode(String.self, forKey: .penalty)
        let l1Ratio = try k.decode(Double.self, forKey: .l1Ratio)
        c.penalty = try field(.penalty) { try SGDRegressor.Penalty(name: penaltyName, l1Ratio: l1Ratio) }
        c.alpha = try k.decode(Double.self, forKey: .alpha)
        let schedule = try k.decode(String.self, forKey: .learningRate)
        guard let rate = SGDRegressor.LearningRate(rawValue: schedule) else {
            throw ModelFileError.invalidField(name: "learningRate", detail: "\"\(schedule)\" is not one of \(SGDRegressor.LearningRate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        c.learningRate = rate
        c.eta0 = try k.decode(Double.self, forKey: .eta0)
        c.batchSize = try k.decode(Int.self, forKey: .batchSize)
        c.average = try k.decode(Bool.self, forKey: .average)
        let precision = try k.decode(String.self, forKey: .precision)
        guard let p = SGDRegressor.Precision(rawValue: precision) else {
            throw ModelFileError.invalidField(name: "precision", detail: "\"\(precision)\" is not double or float")
        }
        c.precision = p
        c.powerT = try k.decode(Double.self, forKey: .powerT)
        c.maxEpochs = try k.decode(Int.self, forKey: .maxEpochs)
        c.tolerance = try k.decodeIfPresent(Double.self, forKey: .tolerance)
        c.patience = try k.decode(Int.self, forKey: .patience)
        c.earlyStopping = try k.decode(Bool.self, forKey: .earlyStopping)
        c.validationFraction = try k.decode(Double.self, forKey: .validationFraction)
        c.standardize = try k.decode(Bool.self, forKey: .standardize)
        c.seed = try k.decode(UInt64.self, forKey: .seed)
        c.fitIntercept = try k.decode(Bool.self, forKey: .fitIntercept)
        configuration = c
        featureNames = try k.decode([String].self, forKey: .featureNames)
        intercept = try k.decode(Double.self, forKey: .intercept)
        coefficients = try k.decode([Double].self, forKey: .coefficients)
        featureMeans = try k.decode([Double].self, forKey: .featureMeans)
        featureScales = try k.decode([Double].self, forKey: .featureScales)
        for (name, values) in [("coefficients", coefficients), ("featureMeans", featureMeans), ("featureScales", featureScales)]
        where values.count != featureNames.count {
            throw ModelFileError.invalidField(name: name, detail: "\(values.count) values for \(featureNames.count) features")
        }
        epochs = try k.decode(Int.self, forKey: .epochs)
        let reason = try k.decode(String.self, forKey: .stopReason)
        guard let stop = OptimizationStopReason(rawValue: reason) else {
            throw ModelFileError.invalidField(name: "stopReason", detail: "\"\(reason)\" is not a stop reason LossKit writes")
        }
        stopReason = stop
        objective = try k.decode(Double.self, forKey: .objective)
        lossHistory = try k.decode([Double].self, forKey: .lossHistory)
        observationCount = try k.decode(Int.self, forKey: .observationCount)
        totalWeight = try k.decode(Double.self, forKey: .totalWeight)
        weighted = try k.decode(Bool.self, forKey: .weighted)
        warnings = try k.decode([String].self, forKey: .warnings)
    }
}
