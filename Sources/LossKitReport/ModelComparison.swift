import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Several models fitted to the same data side by side, the diagnosis of L2
/// on that data, and the HTML report that shows them (`losskit report`,
/// `losskit demo`).
///
/// ```swift
/// let data = try RegressionData(table: table, target: "y3", features: ["x3"])
/// let comparison = try ModelComparison(data: data, models: ["ols", "huber", "l1"])
/// let html = try comparison.document(title: "y3", subtitle: "", source: "anscombe.csv").html()
/// ```
///
/// Models come from `ModelCatalog` by name; ridge is always cross-validated
/// (leave-one-out over `Ridge.defaultAlphaGrid`) so the report can show its
/// path, and the network (`mlp`) always holds out a validation fraction
/// (early stopping) so the report can draw its validation curve.
/// - Complexity: the sum of the fits, plus O(n·p²) for the outlier diagnostics.
public struct ModelComparison: Sendable {
    /// One fitted model of the comparison and its training predictions.
    public struct Fit: Sendable {
        /// The catalog name (`ols`, `huber`, …).
        public var name: String
        public var model: any FittedRegressor
        public var predictions: [Double]
        /// The model's label in plots and tables.
        public var label: String { model.displayLabel }
    }

    /// The names `init(data:models:)` accepts.
    public static let modelNames = ["ols", "huber", "l1", "quantile", "ridge", "svr", "sgd", "mlp"]

    public let data: RegressionData
    public let fits: [Fit]
    /// nil when the data has too few rows to diagnose (n < p + 3) or the design is rank-deficient.
    public let verdict: L2Verdict?
    public let diagnostics: OutlierDiagnostics?
    /// The absolute Huber δ drawn in the loss-shape plot: `settings.huberDelta`
    /// (which the Huber fit then uses too), or 1.
    public let plottedHuberDelta: Double
    /// The quantile level of the pinball metric and the quantile fit.
    public let quantile: Double

    var featureNames: [String] { data.featureNames }
    var targetName: String { data.targetName }
    var y: [Double] { data.targets }

    /// Fits every model named in `models` to `data`.
    /// - Parameters:
    ///   - data: the training data every model is fitted to.
    ///   - models: names from `modelNames`, in the order the report shows them.
    ///   - settings: Huber's k or absolute δ, the quantile τ, the intercept.
    ///   - progress: called with the model's name during iterative fits.
    /// - Throws: `LossKitError.invalidParameter(name: "models")` for a name
    ///   not in `modelNames`; each fit's own errors.
    public init(data: RegressionData, models: [String], settings: ModelCatalog.Settings = ModelCatalog.Settings(),
                progress: ((String, TrainingProgress) -> Void)? = nil) throws {
        self.data = data
        var fits: [Fit] = []
        for name in models {
            guard Self.modelNames.contains(name) else {
                throw LossKitError.invalidParameter(name: "models", value: name,
                                                    requirement: "must be one of \(Self.modelNames.joined(separator: ", "))")
            }
            var s = settings
            s.crossValidate = name == "ridge"
            if name == "mlp" { s.earlyStopping = true }
            let estimator = try ModelCatalog.estimator(named: name, settings: s)
            let model = try estimator.fitModel(data, progress: progress.map { report in { report(name, $0) } })
            fits.append(Fit(name: name, model: model, predictions: try model.predict(data)))
        }
        self.fits = fits
        quantile = settings.quantile ?? 0.5
        plottedHuberDelta = settings.huberDelta ?? 1
        // The diagnosis needs a full-rank design and a few residual degrees of freedom.
        if data.rowCount >= data.featureCount + 3 {
            let d = try? OutlierDiagnostics(features: data.features, targets: data.targets)
            diagnostics = d
            verdict = d.flatMap { try? L2Verdict.assess($0) }
        } else {
            diagnostics = nil
            verdict = nil
        }
    }

    var olsFit: Fit? { fits.first { $0.name == "ols" } }

    /// Every regression metric of one fit on the training data.
    public func metrics(of fit: Fit) throws -> RegressionMetricsReport {
        try RegressionMetrics.evaluate(predictions: fit.predictions, targets: y, quantile: quantile)
    }

    /// The report: data and fits, residuals, loss shapes, concentration,
    /// training curves, ridge path, convergence of gradient training
    /// (`ConvergenceSection.forReport`), metrics.
    public func document(title: String, subtitle: String, source: String) throws -> ReportDocument {
        var sections: [ReportSection] = []
        guard let reference = olsFit ?? fits.first else {
            throw LossKitError.tooFewValues(name: "models", count: 0, minimum: 1)
        }
        let residuals = zip(y, reference.predictions).map { $0 - $1 }

        if let verdict {
            let headline = "Verdict on L2: \(verdict.level.rawValue.uppercased()). \(verdict.reason)"
            var blocks: [any ReportBlock] = [ReportText(headline, kind: verdict.level == .fine ? .paragraph : .note)]
            if !verdict.flaggedRows.isEmpty {
                blocks.append(ReportText("Flagged rows (1-based): " + verdict.flaggedRows.map { String($0 + 1) }.joined(separator: ", ")
                                         + ". Recommended loss: \(verdict.recommendation.rawValue)."))
            }
            sections.append(ReportSection("Is L2 the right choice?", id: "verdict", blocks: blocks))
        }

        if data.featureCount == 1 {
            let x = data.features.column(0)
            let lo = x.min() ?? 0, hi = x.max() ?? 1
            let range = lo == hi ? (lo - 1)...(hi + 1) : lo...hi
            // Each model draws itself through its own predict (on a grid of x).
            // An SVR also draws its ε tube: residuals inside it cost nothing.
            let lines = fits.map { fit in
                let tube = (fit.model as? KernelSupportVectorRegressionModel)?.epsilon
                return ScatterWithLines.Line(name: fit.label, over: range, band: tube) { (try? fit.model.predict(columns: [[$0]]))?.first ?? .nan }
            }
            let tubeNote = lines.contains { $0.band != nil }
                ? " The thin dashed lines around the SVR are its ε tube: points inside it cost the SVR nothing." : ""
            sections.append(ReportSection("Data and fitted lines", id: "data", blocks: [
                ScatterWithLines(xLabel: featureNames[0], yLabel: targetName, x: x, y: y, lines: lines,
                                 caption: "Each line minimizes a different loss. L2 squares residuals, so far-off points pull its line hardest; Huber and L1 give them bounded influence." + tubeNote),
            ]))
        } else {
            sections.append(ReportSection("Predicted against actual", id: "data", blocks: [
                PredictedVsActual(series: fits.map { .init(name: $0.label, actual: y, predicted: $0.predictions) },
                                  caption: "Points on the diagonal are predicted exactly; the vertical distance is the residual."),
            ]))
        }

        sections.append(ReportSection("Residuals of the \(reference.label) fit", id: "residuals", blocks: [
            ResidualsVsFitted(fitted: reference.predictions, residuals: residuals,
                              highlightCount: min(5, max(1, verdict?.flaggedRows.count ?? 3)),
                              rowLabels: (1...y.count).map { "row \($0)" },
                              caption: "Residuals should scatter evenly around zero; labelled points are the largest."),
            ResidualHistogram(residuals: residuals,
                              caption: "The residual distribution with a normal curve of the same mean and SD; heavy tails argue against L2."),
        ]))

        let l2 = SquaredError(), l1 = AbsoluteError()
        let huber = try HuberLoss(delta: plottedHuberDelta)
        sections.append(ReportSection("Loss functions and this data's residuals", id: "loss-shapes", blocks: [
            LossShapes(losses: [
                .init(name: "L2: r²", value: { l2.value(residual: $0) }, derivative: { l2.derivative(residual: $0) }),
                .init(name: "L1: |r|", value: { l1.value(residual: $0) }, derivative: { l1.derivative(residual: $0) }),
                .init(name: "Huber δ = \(NumberFormat.significant(plottedHuberDelta, digits: 3))",
                      value: { huber.value(residual: $0) }, derivative: { huber.derivative(residual: $0) }),
            ], residuals: residuals,
                       caption: "Loss ℓ(r) and its slope dℓ/dr for residual r = y − ŷ; ticks mark this data's residuals. L2's slope grows without bound, so one large residual can dominate the fit."),
        ]))
        sections.append(ReportSection("Where the squared error lives", id: "concentration", blocks: [
            LossConcentration(residuals: residuals,
                              caption: "Share of the total squared error carried by the largest residuals. Under L2 a few points can carry most of the loss."),
        ]))

        let histories = fits.flatMap { fit -> [TrainingHistory.Series] in
            guard let history = fit.model.iterationHistory else { return [] }
            return [TrainingHistory.Series(name: fit.label, values: history.objective)]
                + (history.validation.map { [TrainingHistory.Series(name: "\(fit.label), validation", values: $0)] } ?? [])
        }
        if !histories.isEmpty {
            let hasValidation = fits.contains { $0.model.iterationHistory?.validation != nil }
            sections.append(ReportSection("Training curves", id: "training", blocks: [
                TrainingHistory(series: histories, yLabel: "objective",
                                caption: "The objective at each iteration: a reweighting step (IRLS) of the robust fits, an epoch of the network."
                                    + (hasValidation ? " The validation curve is the loss on rows held out from training: where it turns up while the training loss still falls, the network starts to overfit." : "")),
            ]))
        }

        if let path = fits.lazy.compactMap({ $0.model.regularizationPath }).first {
            sections.append(ReportSection("Ridge path and leave-one-out error", id: "ridge", blocks: [
                RidgePath(alphas: path.penalties,
                          coefficients: path.featureNames.indices.map { j in .init(name: path.featureNames[j], values: path.coefficients.map { $0[j] }) },
                          cvError: path.validationErrors ?? [], chosenAlpha: path.chosen,
                          caption: "Coefficients shrink toward zero as α grows; the chosen α has the least exact leave-one-out error."),
            ]))
        }

        if let convergence = ConvergenceSection.forReport(data) { sections.append(convergence) }

        let reports = try fits.map { try metrics(of: $0) }
        func row(_ name: String, _ value: (RegressionMetricsReport) -> Double, goal: MetricsTable.Goal = .minimize, detail: String? = nil) -> MetricsTable.Row {
            .init(name, values: reports.map(value), goal: goal, detail: detail)
        }
        var rows = [
            row("MSE", \.meanSquaredError, detail: "mean of r² — what L2 minimizes"),
            row("RMSE", \.rootMeanSquaredError),
            row("MAE", \.meanAbsoluteError, detail: "mean of |r| — what L1 minimizes"),
            row("Median |r|", \.medianAbsoluteError),
            row("Max |r|", \.maxError),
            row("R²", \.r2, goal: .maximize),
        ]
        let linear = fits.map { $0.model.linearCoefficients }
        rows.append(.init("Intercept", values: linear.map { $0?.intercept ?? .nan }, goal: .none))
        for (j, name) in featureNames.enumerated() {
            rows.append(.init("Coefficient of \(name)", values: linear.map { c in c.map { $0.coefficients[j] } ?? .nan }, goal: .none))
        }
        sections.append(ReportSection("Metrics on the training data", id: "metrics", blocks: [
            MetricsTable(columns: fits.map(\.label), rows: rows,
                         caption: "Each model wins the metric it minimizes; the robust fits trade a little MSE for a line that ignores the outliers."),
        ]))

        return ReportDocument(title: title, subtitle: subtitle,
                              details: [.init("data", source), .init("rows", String(y.count)),
                                        .init("target", targetName), .init("features", featureNames.joined(separator: ", "))],
                              sections: sections, footer: "Made by losskit. Self-contained: no scripts, fonts or network needed.")
    }
}
