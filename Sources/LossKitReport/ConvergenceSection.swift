import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// The report's convergence section (`losskit converge --output`, `losskit
/// report`, `losskit demo`): how fast gradient training reaches the optimum
/// under each loss, and how the features' scaling sets κ.
///
/// ```swift
/// let study = ConvergenceStudy(optimizer: .gd, iterations: 500)
/// let section = ConvergenceSection(report: try study.run(data),
///                                  comparison: try study.standardizationComparison(data)).section()
/// ```
///
/// Blocks: a paragraph with κ and the rates; the gap `f(k) − f*` against the
/// iteration on a log axis, one curve per loss, with the predicted L2 line
/// `gap₀·ρ^{2k}` (ρ the rate the method attains: (κ−1)/(κ+1) for gd, 1 − 1/√κ
/// for Nesterov with step 1/L; none for the other optimizers); when
/// `comparison` is given, the L2 run with and without standardization side
/// by side; and a table of the numbers per loss.
public struct ConvergenceSection: Sendable {
    public var report: ConvergenceReport
    public var comparison: (standardized: ConvergenceReport, centered: ConvergenceReport)?
    public var title: String
    public var id: String

    public init(report: ConvergenceReport, comparison: (standardized: ConvergenceReport, centered: ConvergenceReport)? = nil,
                title: String = "Convergence of gradient training", id: String = "convergence") {
        self.report = report
        self.comparison = comparison
        self.title = title
        self.id = id
    }

    /// The study `losskit report` runs on its data: gradient descent on
    /// standardized features, with an iteration count that keeps the work
    /// to about 2·10⁸ multiply-adds (50 to 500 iterations).
    public static func reportStudy(rows: Int, features: Int) -> ConvergenceStudy {
        let perIteration = Double(max(rows, 1)) * Double(features + 1) * 5
        let iterations = Int(min(500, max(50, 2e8 / perIteration)))
        return ConvergenceStudy(optimizer: .gd, iterations: iterations)
    }

    /// The section for `data` with `reportStudy`'s settings, or nil when the
    /// study cannot run (weighted data, too few rows, collinear features).
    public static func forReport(_ data: RegressionData) -> ReportSection? {
        let study = reportStudy(rows: data.rowCount, features: data.featureCount)
        guard data.weights == nil, data.rowCount >= data.featureCount + 2,
              let report = try? study.run(data), let comparison = try? study.standardizationComparison(data) else { return nil }
        return ConvergenceSection(report: report, comparison: comparison).section()
    }

    public func section() -> ReportSection {
        var blocks: [any ReportBlock] = [ReportText(summary)]
        blocks.append(ConvergenceChart(runs: report.results.map { .init(name: ConvergenceReport.label($0.loss, delta: $0.delta), result: $0) },
                                       predictedRate: report.attainedRate, predictedName: predictedName(report),
                                       xLabel: unit(report),
                                       caption: "The gap f(k) − f* to each loss's exact optimum, on a log axis. A straight descent is linear convergence: the gap shrinks by a constant factor per iteration. "
                                           + "L2's curvature is the same everywhere, so its rate is set by κ alone (dashed: the predicted line); Huber is quadratic near the optimum and follows once the outliers sit in its linear part; "
                                           + "L1's gradient jumps at every zero residual, so a fixed step cannot settle and the curve flattens into a floor."))
        if let comparison, let a = comparison.standardized.result(.l2), let b = comparison.centered.result(.l2) {
            blocks.append(ConvergenceChart(
                title: "L2 with and without standardization",
                panels: [(comparison.standardized, a, "standardized (κ = \(short(comparison.standardized.conditionNumber)))"),
                         (comparison.centered, b, "centered only (κ = \(short(comparison.centered.conditionNumber)))")]
                    .map { .init(runs: [.init(name: "L2, " + $0.2, result: $0.1)], predictedRate: $0.0.attainedRate, predictedName: predictedName($0.0)) },
                xLabel: unit(comparison.standardized),
                caption: "The same L2 fit by \(comparison.standardized.optimizer.rawValue), left on standardized features, right on features that are only centered. "
                    + "Dividing each feature by its standard deviation turns the Gram matrix into the correlation matrix, so κ depends on how correlated the features are, not on their units; "
                    + "unscaled, a feature with a large spread stretches κ and the same method needs about κ times more iterations."))
        }
        blocks.append(table)
        return ReportSection(title, id: id, blocks: blocks)
    }

    func unit(_ r: ConvergenceReport) -> String {
        r.optimizer == .sgd || r.optimizer == .adam ? "epoch" : "iteration"
    }

    func short(_ value: Double) -> String {
        value.isFinite ? NumberFormat.significant(value, digits: 3) : "∞"
    }

    func predictedName(_ r: ConvergenceReport) -> String {
        guard let rho = r.attainedRate else { return "" }
        let formula = r.optimizer == .nesterov ? "1 − 1/√κ" : "(κ − 1)/(κ + 1)"
        return "predicted L2: ρ = \(formula) = \(NumberFormat.significant(rho, digits: 4))"
    }

    var summary: String {
        var text = "Each loss trains the same linear model (intercept, no penalty) with \(report.optimizer.rawValue) from zero for \(report.iterations) \(unit(report))s "
            + "on \(report.standardized ? "standardized" : "centered but unscaled") features; f* is the exact optimum (direct least squares for L2, the LP fit for L1, IRLS for Huber). "
            + "The L2 Hessian's condition number is κ = \(short(report.conditionNumber)) (\(short(report.rawConditionNumber)) on the raw features)."
        if let rho = report.predictedRate {
            text += " Predicted L2 rate per iteration: \(NumberFormat.significant(rho, digits: 4))"
            if let attained = report.predictedRateStepOneOverL { text += " (the constant-momentum method with step 1/L attains 1 − 1/√κ = \(NumberFormat.significant(attained, digits: 4)))" }
            text += "; measured: \(report.measuredRate.map { NumberFormat.significant($0, digits: 4) } ?? "—")."
        }
        return text + "\n\n" + report.interpretation
    }

    var table: MetricsTable {
        let results = report.results
        func row(_ name: String, _ value: (ConvergenceReport.LossResult) -> Double?, detail: String? = nil) -> MetricsTable.Row {
            .init(name, values: results.map(value), goal: .none, detail: detail)
        }
        return MetricsTable(columns: results.map { ConvergenceReport.label($0.loss, delta: $0.delta) }, rows: [
            row("optimum f*", \.optimum, detail: "the objective at the exact minimizer"),
            row("f_K − f*", \.finalSuboptimality, detail: "the gap after the last \(unit(report))"),
            row("relative gap", \.relativeSuboptimality, detail: "(f_K − f*)/(f₀ − f*)"),
            row("\(unit(report))s to 1e-6", { $0.iterationsToTarget.map(Double.init) }, detail: "first k with a relative gap ≤ 1e-6; — if never"),
            row("measured rate", \.measuredRate, detail: "per-\(unit(report)) contraction of the distance to the optimum"),
        ], caption: "The numbers behind the curves.")
    }
}

/// Gap-to-optimum curves on a log axis, in one panel or several side by side.
struct ConvergenceChart: ReportBlock {
    struct Run: Sendable {
        var name: String
        var result: ConvergenceReport.LossResult
    }

    struct Panel: Sendable {
        var runs: [Run]
        /// ρ of the predicted L2 line gap₀·ρ^{2k} (drawn for the L2 run), or nil.
        var predictedRate: Double?
        var predictedName: String
    }

    var title: String?
    var panels: [Panel]
    var xLabel: String
    var caption: String

    init(title: String? = nil, panels: [Panel], xLabel: String, caption: String) {
        self.title = title
        self.panels = panels
        self.xLabel = xLabel
        self.caption = caption
    }

    init(title: String? = nil, runs: [Run], predictedRate: Double?, predictedName: String, xLabel: String, caption: String) {
        self.init(title: title, panels: [Panel(runs: runs, predictedRate: predictedRate, predictedName: predictedName)],
                  xLabel: xLabel, caption: caption)
    }

    func html(id: String) -> String {
        let width = panels.count > 1 ? 450.0 : 900.0
        var notes: [String] = []
        let plots = panels.enumerated().map { index, panel -> Plot in
            var plot = Plot(id: "\(id)-\(index + 1)", xTitle: xLabel, yTitle: "f(k) − f* (log scale)", width: width, height: 380)
            plot.yKind = .logarithmic
            var smallest = Double.infinity
            for (i, run) in panel.runs.enumerated() {
                let gaps = run.result.gaps
                for g in gaps where g > 0 { smallest = min(smallest, g) }
                let zeros = gaps.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                if zeros > 0 {
                    notes.append("\(run.name): the gap is exactly 0 (f* reached to the last bit) at \(NumberText.count(zeros)) \(xLabel)\(zeros == 1 ? "" : "s"); those points are not drawn.")
                }
                // Exact zeros have no logarithm: left out (and said so above).
                let kept = gaps.indices.filter { gaps[$0] != 0 }
                let line = ChartData.thinLine(x: kept.map(Double.init), y: kept.map { gaps[$0] })
                plot.layers.append(.line(PlotSeries(name: run.name, x: line.x, y: line.y, style: .series(i))))
            }
            if let rho = panel.predictedRate, let l2 = panel.runs.first(where: { $0.result.loss == .l2 }),
               let g0 = l2.result.gaps.first, g0 > 0 {
                // gap₀·ρ^{2k}, drawn down to a tenth of the smallest gap plotted.
                let floor = smallest.isFinite ? smallest / 10 : g0 * 1e-16
                var x: [Double] = [], y: [Double] = []
                let count = l2.result.gaps.count
                let stride = max(1, count / 1000)
                var k = 0
                while k < count {
                    let value = g0 * Foundation.pow(rho, 2 * Double(k))
                    if !(value > 0) { break }
                    x.append(Double(k)); y.append(value)
                    if !(value >= floor) { break }
                    k += stride
                }
                plot.layers.append(.line(PlotSeries(name: panel.predictedName, x: x, y: y, style: .reference)))
            }
            return plot
        }
        return Figure(id: id, title: title, panels: Plot.renderAligned(plots), notes: notes, caption: caption, sideBySide: panels.count > 1).html()
    }
}
