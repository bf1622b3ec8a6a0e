/// Every regression metric and every loss of one set of predictions, as
/// `losskit evaluate` prints it: the JSON members of the `evaluate --json`
/// contract (`n`, the metrics under `RegressionMetricsReport.keys`, then each
/// `LossCatalog` loss by name, means) and the terminal tables.
///
/// ```swift
/// let report = try EvaluationReport(predictions: yHat, targets: y)
/// print(JSONValue.object(report.jsonMembers).rendered())
/// ```
/// - Complexity: O(n log n) (the median metrics), O(n) per loss.
public struct EvaluationReport: Sendable {
    /// Rows evaluated.
    public let n: Int
    public let metrics: RegressionMetricsReport
    /// `(catalog name, description, weighted mean loss)` for every `LossCatalog` loss.
    public let losses: [(name: String, description: String, value: Double)]
    public let parameters: LossCatalog.Parameters

    /// The loss parameters in one line.
    public var parameterSummary: String {
        "δ = \(parameters.delta), β = \(parameters.beta), τ = \(parameters.quantile), ε = \(parameters.epsilon)"
    }

    static let lossFormulas: [String: String] = [
        "squared_error": "r²  (L2)",
        "absolute_error": "|r|  (L1)",
        "huber": "½r² if |r| ≤ δ, else δ(|r| − ½δ)",
        "smooth_l1": "½r²/β if |r| < β, else |r| − ½β",
        "log_cosh": "log cosh r",
        "pinball": "τ·max(r, 0) + (1 − τ)·max(−r, 0)",
        "epsilon_insensitive": "max(0, |r| − ε)",
        "squared_epsilon_insensitive": "max(0, |r| − ε)²",
    ]

    /// Evaluates `predictions` against `targets`, weighted by `weights`
    /// (`Σ wᵢℓᵢ / Σ wᵢ`, as everywhere in LossKit).
    /// - Throws: the metrics' and losses' `LossKitError`s (lengths, weights, parameters).
    public init(predictions: [Double], targets: [Double], weights: [Double]? = nil,
                parameters: LossCatalog.Parameters = LossCatalog.Parameters()) throws {
        n = targets.count
        self.parameters = parameters
        metrics = try RegressionMetrics.evaluate(predictions: predictions, targets: targets,
                                                 weights: weights, quantile: parameters.quantile)
        losses = try LossCatalog.all(parameters).map { loss in
            (loss.name, loss.description,
             try loss.loss(predictions: predictions, targets: targets, weights: weights, reduction: .mean))
        }
    }

    public var jsonMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("n", .int(n))]
        for (name, value) in metrics.namedValues { members.append((name, .number(value))) }
        for loss in losses { members.append((loss.name, .number(loss.value))) }
        return members
    }

    static let metricDescriptions: [String: String] = [
        "mse": "mean squared error (the L2 loss)",
        "rmse": "root mean squared error, in units of y",
        "mae": "mean absolute error (the L1 loss)",
        "r2": "coefficient of determination",
        "explained_variance": "explained variance score",
        "max_error": "largest absolute residual",
        "median_absolute_error": "median absolute residual",
        "mape": "mean absolute percentage error (fraction)",
        "mean_pinball_loss": "mean pinball loss at the quantile",
    ]

    /// The metrics table and the losses table, rendered for the terminal.
    public func tables(title: String, style: TerminalStyle = .current) -> [String] {
        var metricTable = TextTable(title: title, headers: ["metric", "value", "meaning"],
                                    alignments: [.left, .right, .left])
        for (name, value) in metrics.namedValues {
            metricTable.addRow([name, NumberFormat.significant(value, digits: 7), Self.metricDescriptions[name] ?? ""])
        }
        metricTable.footnotes = ["n = \(n)"]
        var lossTable = TextTable(title: "Losses (mean per sample)", headers: ["loss", "value", "definition"],
                                  alignments: [.left, .right, .left])
        for loss in losses {
            lossTable.addRow([loss.name, NumberFormat.significant(loss.value, digits: 7),
                              Self.lossFormulas[loss.name] ?? loss.description])
        }
        lossTable.footnotes = ["r = y − ŷ; " + parameterSummary]
        return [metricTable.rendered(style: style), lossTable.rendered(style: style)]
    }
}
