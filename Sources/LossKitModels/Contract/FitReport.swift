import LossKitData
import LossKitNumerics

/// The outcome of a fit as `losskit fit` shows it: the JSON object of the
/// `fit --json` contract and the terminal summary, for any `FittedRegressor`.
///
/// The JSON object is `{"model", "n", <the model's resultMembers()>,
/// "metrics": {<name>: value…}, "saved_to"?, "streamed"?}`; NaN and ±∞ are
/// `null`. Keys are never removed or renamed (programs rely on them); new
/// ones may be added.
public struct FitReport: Sendable {
    /// The fitted model.
    public var model: any FittedRegressor
    /// Rows fitted.
    public var rowCount: Int
    /// The training-set metrics, `RegressionMetricsReport.keys` order; nil
    /// for a metric not computed (e.g. the median on a streamed file).
    public var metrics: [(name: String, value: Double?)]
    /// Where the model file was written, if it was.
    public var savedTo: String?
    /// Whether the data was streamed in blocks (nil: not reported).
    public var streamed: Bool?

    public init(model: any FittedRegressor, rowCount: Int, metrics: [(name: String, value: Double?)],
                savedTo: String? = nil, streamed: Bool? = nil) {
        self.model = model
        self.rowCount = rowCount
        self.metrics = metrics
        self.savedTo = savedTo
        self.streamed = streamed
    }

    /// Fits nothing: scores `model` on its training `data` with every
    /// regression metric (weighted with `data.weights`).
    /// - Complexity: O(n·p) to predict, O(n log n) for the median metrics.
    public init(model: any FittedRegressor, trainingData data: RegressionData) throws {
        let predictions = try model.predict(data)
        let report = try RegressionMetrics.evaluate(predictions: predictions, targets: data.targets, weights: data.weights)
        self.init(model: model, rowCount: data.rowCount,
                  metrics: report.namedValues.map { (name: $0.name, value: Optional($0.value)) })
    }

    /// The `fit --json` object.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("model", .string(model.modelName)), ("n", .int(rowCount))]
        members += model.resultMembers()
        members.append(("metrics", .object(metrics.map { ($0.name, JSONValue.optionalNumber($0.value)) })))
        if let savedTo { members.append(("saved_to", .string(savedTo))) }
        if let streamed { members.append(("streamed", .bool(streamed))) }
        return .object(members)
    }

    /// The terminal summary: the model's tables, its warnings, the metrics table.
    public func text(source: String, targetName: String, style: TerminalStyle = .current) -> String {
        let context = SummaryContext(source: source, targetName: targetName, rowCount: rowCount)
        var blocks = model.summaryTables(context: context).map { $0.rendered(style: style) }
        blocks += model.fitSummary.warnings.map { "  warning: " + $0 }
        var metricTable = TextTable(title: "Training-set metrics", headers: ["metric", "value"])
        for (name, value) in metrics {
            metricTable.addRow([name, value.map { NumberFormat.significant($0, digits: 7) } ?? "n/a (streamed)"])
        }
        blocks.append(metricTable.rendered(style: style))
        return blocks.joined(separator: "\n\n")
    }
}
