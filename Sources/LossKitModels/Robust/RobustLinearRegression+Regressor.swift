import Foundation
import LossKitData
import LossKitNumerics

extension RobustLinearRegression: Regressor {
    /// Fits `data` (see `fitDetails(features:targets:progress:)`).
    ///
    /// Sample weights are not supported: the Huber scale (the MAD of the
    /// residuals) and the exact L1/quantile vertex search have no weighted
    /// form here yet, and silently ignoring weights would fit a different
    /// model than asked for.
    /// - Throws: `LossKitError.unsupported(name: "weights")` when `data` has
    ///   weights; otherwise as `fitDetails(features:targets:progress:)`.
    public func fit(_ data: RegressionData) throws -> RobustRegressionModel {
        try fit(data, progress: nil)
    }

    /// `fit(_:)`, reporting each reweighting step and vertex pivot.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> RobustRegressionModel {
        if data.weights != nil {
            throw LossKitError.unsupported(
                name: "weights", model: "robust regression (\(loss.shortName))",
                reason: "the robust scale and the exact L1 vertex search are unweighted; drop the weights or use OLS/ridge")
        }
        let fit = try fitDetails(features: data.features, targets: data.targets, progress: progress.map { report in
            { (step: RobustFitProgress) in
                report(TrainingProgress(
                    step: step.phase == .reweighting ? step.iterations : step.vertexPivots,
                    message: step.phase == .reweighting
                        ? "reweighting step \(step.iterations), mean loss \(NumberFormat.significant(step.meanLoss))"
                        : "exact vertex search, pivot \(step.vertexPivots)"))
            }
        })
        return try RobustRegressionModel(fit, featureNames: data.featureNames, fitIntercept: fitIntercept)
    }
}

extension RobustLoss {
    /// `huber`, `l1` or `quantile`: the name `losskit fit --model` takes.
    public var shortName: String {
        switch self {
        case .huber: return "huber"
        case .leastAbsoluteDeviation: return "l1"
        case .quantile: return "quantile"
        }
    }
}

extension RobustRegressionModel: LoadableRegressor {
    public var modelName: String { loss.shortName }
    public var displayLabel: String {
        switch loss {
        case let .huber(k): return "Huber (k = \(NumberFormat.significant(k, digits: 4)) s)"
        case .leastAbsoluteDeviation: return "L1 (LAD)"
        case let .quantile(tau): return "Quantile τ = \(NumberFormat.significant(tau, digits: 3))"
        }
    }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] {
        try predict(Matrix(columns: columns))
    }

    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    public var fitSummary: FitSummary {
        let n = training?.residuals.count ?? 0
        var warnings: [String] = []
        if stopReason != .converged {
            warnings.append("the fit did not converge (\(stopReason.rawValue)); the coefficients are the last iterate")
        }
        return FitSummary(observationCount: n, totalWeight: Double(n), weighted: false, warnings: warnings)
    }

    public func resultMembers() -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("intercept", fitIntercept ? .number(intercept) : .null),
            ("coefficients", .numbers(coefficients)),
            ("feature_names", .array(featureNames.map(JSONValue.string))),
        ]
        switch loss {
        case let .huber(k): members.append(("delta", .number(k)))
        case let .quantile(tau): members.append(("quantile", .number(tau)))
        case .leastAbsoluteDeviation: break
        }
        members += [
            ("loss", .string(loss.description)),
            ("scale", .number(scale)),
            ("iterations", .int(iterations)),
            ("converged", .bool(stopReason == .converged)),
            ("stop_reason", .string(stopReason.rawValue)),
        ]
        if let training {
            members += [
                ("exact_vertex", .bool(training.isExactVertex)),
                ("outlier_rows", .array(training.outlierRows().map { .int($0 + 1) })),
                ("loss_history", .numbers(training.lossHistory)),
            ]
        }
        return members
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        var table = TextTable(
            title: "Robust regression, \(loss.description): \(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))",
            headers: ["term", "estimate"])
        if fitIntercept { table.addRow(["intercept", NumberFormat.significant(intercept, digits: 10)]) }
        for (name, value) in zip(featureNames, coefficients) {
            table.addRow([name, NumberFormat.significant(value, digits: 10)])
        }
        let exact = training?.isExactVertex == true ? " (exact LP vertex)" : ""
        table.footnotes = [
            "n = \(context.rowCount)   scale s = \(NumberFormat.significant(scale, digits: 6))   iterations = \(iterations)"
                + "   stopped: \(stopReason.rawValue)\(exact)",
        ]
        if let outliers = outlierRows {
            table.footnotes.append(outliers.isEmpty ? "no row has |r| > 3 s"
                : "rows with |r| > 3 s (1-based): " + outliers.prefix(20).map { String($0 + 1) }.joined(separator: ", ")
                    + (outliers.count > 20 ? " … (\(outliers.count) in all)" : ""))
        }
        return [table]
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: fitIntercept ? intercept : nil, coefficients: coefficients, featureNames: featureNames)
    }

    public var iterationHistory: IterationHistory? {
        training.map { IterationHistory(objective: $0.lossHistory, iterations: $0.iterations,
                                        converged: $0.converged, stopReason: $0.stopReason.rawValue) }
    }

    /// Rows (0-based) with `|rᵢ| > 3 s` in the training data; nil for a loaded model.
    public var outlierRows: [Int]? { training?.outlierRows() }
}
