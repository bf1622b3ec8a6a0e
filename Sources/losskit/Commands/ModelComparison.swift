import Foundation
import LossKit

/// The models `losskit report` and `losskit demo` fit side by side.
enum ComparedModel: String, CaseIterable {
    case ols, huber, l1, quantile, ridge

    var title: String {
        switch self {
        case .ols: return "L2 (OLS)"
        case .huber: return "Huber"
        case .l1: return "L1 (LAD)"
        case .quantile: return "Quantile"
        case .ridge: return "Ridge"
        }
    }
}

/// One fitted model of a comparison: its predictions and, for iterative fits,
/// the loss history.
struct ComparedFit {
    var model: ComparedModel
    var label: String
    var intercept: Double
    var coefficients: [Double]
    var predictions: [Double]
    var lossHistory: [Double]?
    var ridge: (path: [RidgeResult], cv: RidgeCVResult)?

    func predict(_ row: [Double]) -> Double {
        zip(row, coefficients).reduce(intercept) { $0 + $1.0 * $1.1 }
    }
}

/// Fits several models to the same data, diagnoses L2, and assembles the
/// HTML report. All numerics are the library's; this only arranges them.
struct ModelComparison {
    let featureNames: [String]
    let targetName: String
    let columns: [[Double]]
    let y: [Double]
    let fits: [ComparedFit]
    let verdict: L2Verdict?
    let diagnostics: OutlierDiagnostics?
    let lossParameters: LossCatalog.Parameters

    init(featureNames: [String], targetName: String, columns: [[Double]], y: [Double],
         models: [ComparedModel], lossParameters: LossCatalog.Parameters) throws {
        self.featureNames = featureNames
        self.targetName = targetName
        self.columns = columns
        self.y = y
        self.lossParameters = lossParameters
        let x = try Matrix(columns: columns)
        var fits: [ComparedFit] = []
        for model in models {
            switch model {
            case .ols:
                let r = try LinearRegression().fit(x, y, featureNames: featureNames)
                fits.append(ComparedFit(model: model, label: model.title, intercept: r.intercept,
                                        coefficients: r.coefficients, predictions: try r.predict(x)))
            case .huber, .l1, .quantile:
                let loss: RobustLoss = model == .huber ? .huber() : model == .l1 ? .leastAbsoluteDeviation
                    : .quantile(lossParameters.quantile)
                let progress = Progress(label: "fitting \(model.title)")
                defer { progress.finish() }
                let r = try RobustLinearRegression(loss: loss).fit(x: x, y: y) { progress.update(robust: $0) }
                let label = model == .quantile ? "Quantile τ = \(NumberFormat.significant(lossParameters.quantile, digits: 3))"
                    : model == .huber ? "Huber (δ = 1.345 s)" : model.title
                fits.append(ComparedFit(model: model, label: label, intercept: r.intercept, coefficients: r.coefficients,
                                        predictions: try r.predict(x), lossHistory: r.lossHistory))
            case .ridge:
                let grid = stride(from: -3.0, through: 3.0, by: 0.25).map { pow(10, $0) }
                let cv = try RidgeCV(alphas: grid).fit(x, y, featureNames: featureNames)
                let path = try Ridge.path(alphas: grid, x, y, featureNames: featureNames)
                fits.append(ComparedFit(model: model, label: "Ridge (α = \(NumberFormat.significant(cv.alpha, digits: 3)))",
                                        intercept: cv.model.intercept, coefficients: cv.model.coefficients,
                                        predictions: try cv.model.predict(x), ridge: (path, cv)))
            }
        }
        self.fits = fits
        // The diagnosis needs a full-rank design and a few residual degrees of freedom.
        if y.count >= columns.count + 3 {
            let d = try? OutlierDiagnostics(x: x, y: y)
            diagnostics = d
            verdict = try d.flatMap { try? L2Verdict.assess($0) }
        } else {
            diagnostics = nil
            verdict = nil
        }
    }

    var olsFit: ComparedFit? { fits.first { $0.model == .ols } }

    func metrics(of fit: ComparedFit) throws -> RegressionMetricsReport {
        try RegressionMetrics.evaluate(targets: y, predictions: fit.predictions, quantile: lossParameters.quantile)
    }

    /// The report: data and fits, residuals, loss shapes, concentration,
    /// training curves, ridge path, metrics.
    func document(title: String, subtitle: String, source: String) throws -> ReportDocument {
        var sections: [ReportSection] = []
        let reference = olsFit ?? fits[0]
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

        if columns.count == 1 {
            let x = columns[0]
            let lo = x.min() ?? 0, hi = x.max() ?? 1
            let range = lo == hi ? (lo - 1)...(hi + 1) : lo...hi
            let lines = fits.map { fit in ScatterWithLines.Line(name: fit.label, over: range) { fit.predict([$0]) } }
            sections.append(ReportSection("Data and fitted lines", id: "data", blocks: [
                ScatterWithLines(xLabel: featureNames[0], yLabel: targetName, x: x, y: y, lines: lines,
                                 caption: "Each line minimizes a different loss. L2 squares residuals, so far-off points pull its line hardest; Huber and L1 give them bounded influence."),
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
        let huber = try HuberLoss(delta: lossParameters.delta)
        sections.append(ReportSection("Loss functions and this data's residuals", id: "loss-shapes", blocks: [
            LossShapes(losses: [
                .init(name: "L2: r²", value: { l2.value(residual: $0) }, derivative: { l2.derivative(residual: $0) }),
                .init(name: "L1: |r|", value: { l1.value(residual: $0) }, derivative: { l1.derivative(residual: $0) }),
                .init(name: "Huber δ = \(NumberFormat.significant(lossParameters.delta, digits: 3))",
                      value: { huber.value(residual: $0) }, derivative: { huber.derivative(residual: $0) }),
            ], residuals: residuals,
                       caption: "Loss ℓ(r) and its slope dℓ/dr for residual r = y − ŷ; ticks mark this data's residuals. L2's slope grows without bound, so one large residual can dominate the fit."),
        ]))
        sections.append(ReportSection("Where the squared error lives", id: "concentration", blocks: [
            LossConcentration(residuals: residuals,
                              caption: "Share of the total squared error carried by the largest residuals. Under L2 a few points can carry most of the loss."),
        ]))

        let histories = fits.compactMap { fit in fit.lossHistory.map { TrainingHistory.Series(name: fit.label, values: $0) } }
        if !histories.isEmpty {
            sections.append(ReportSection("Training curves", id: "training", blocks: [
                TrainingHistory(series: histories, yLabel: "objective",
                                caption: "The objective at each reweighting step (IRLS) of the iterative robust fits."),
            ]))
        }

        if let ridgeFit = fits.first(where: { $0.ridge != nil }), let ridge = ridgeFit.ridge {
            sections.append(ReportSection("Ridge path and leave-one-out error", id: "ridge", blocks: [
                RidgePath(alphas: ridge.path.map(\.alpha),
                          coefficients: featureNames.indices.map { j in .init(name: featureNames[j], values: ridge.path.map { $0.coefficients[j] }) },
                          cvError: ridge.cv.meanSquaredLeaveOneOutErrors, chosenAlpha: ridge.cv.alpha,
                          caption: "Coefficients shrink toward zero as α grows; the chosen α has the least exact leave-one-out error."),
            ]))
        }

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
        rows.append(.init("Intercept", values: fits.map { $0.intercept }, goal: .none))
        for (j, name) in featureNames.enumerated() {
            rows.append(.init("Coefficient of \(name)", values: fits.map { $0.coefficients[j] }, goal: .none))
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
