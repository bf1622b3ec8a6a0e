import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// LossKit's headline story on Anscombe's quartet (shipped as `Anscombe.quartet`):
/// four data sets with one least-squares line, the diagnosis of L2 on each,
/// and set III refitted with Huber and L1 — what `losskit demo` prints, its
/// JSON and its HTML report.
///
/// ```swift
/// let demo = try AnscombeDemo()
/// print(demo.text(reportPath: nil))
/// try demo.document().html().write(toFile: "demo.html", atomically: true, encoding: .utf8)
/// ```
public struct AnscombeDemo: Sendable {
    /// One set of the quartet with its L2 fit and diagnosis.
    public struct SetSummary: Sendable {
        public var set: Anscombe.DataSet
        public var ols: LinearRegressionResult
        public var diagnostics: OutlierDiagnostics
        public var verdict: L2Verdict
    }

    /// The four sets, in order.
    public let summaries: [SetSummary]
    /// Set III fitted with L2, Huber and L1.
    public let comparison: ModelComparison
    /// The 0-based row of set III's outlier.
    public let outlierRow: Int
    /// L2 on set III without its outlier: the line the robust fits should find.
    public let clean: LinearRegressionResult
    /// Gradient descent on set III under L2, Huber and L1, on standardized
    /// and on centered-only x (`ConvergenceSection.reportStudy`'s settings).
    public let convergence: (standardized: ConvergenceReport, centered: ConvergenceReport)

    /// Fits everything (a few milliseconds).
    public init() throws {
        summaries = try Anscombe.quartet.map { set -> SetSummary in
            let data = try RegressionData(features: Matrix(columns: [set.x]), targets: set.y, featureNames: ["x"])
            let diagnostics = try OutlierDiagnostics(features: data.features, targets: set.y)
            return SetSummary(set: set, ols: try LinearRegression().fit(data), diagnostics: diagnostics,
                              verdict: try L2Verdict.assess(diagnostics))
        }
        let third = Anscombe.quartet[2]
        comparison = try ModelComparison(
            data: RegressionData(features: Matrix(columns: [third.x]), targets: third.y, featureNames: ["x"]),
            models: ["ols", "huber", "l1"])
        let outlier = comparison.verdict?.flaggedRows.first ?? 2
        outlierRow = outlier
        let cleanRows = third.x.indices.filter { $0 != outlier }
        clean = try LinearRegression().fit(features: Matrix(columns: [cleanRows.map { third.x[$0] }]),
                                           targets: cleanRows.map { third.y[$0] }, featureNames: ["x"])
        var study = ConvergenceSection.reportStudy(rows: third.y.count, features: 1)
        let thirdData = comparison.data
        let standardized = try study.run(thirdData)
        study.standardize = false
        convergence = (standardized, try study.run(thirdData))
    }

    /// The HTML report: the quartet, then the comparison on set III.
    public func document() throws -> ReportDocument {
        var document = try comparison.document(
            title: "Anscombe's quartet: one L2 line, four data sets",
            subtitle: "The same least-squares fit for four very different sets; set III's outlier refitted with Huber and L1.",
            source: "Anscombe (1973), shipped as data/anscombe.csv")
        document.sections.insert(quartetSection(), at: 0)
        return document
    }

    /// The four sets side by side, each with its least-squares line.
    func quartetSection() -> ReportSection {
        let charts: [any ReportBlock] = summaries.map { s in
            let b0 = s.ols.intercept, b1 = s.ols.coefficients[0]
            return ScatterWithLines(
                title: "Set \(s.set.name): verdict \(s.verdict.level.rawValue)", xLabel: "x", yLabel: "y",
                x: s.set.x, y: s.set.y,
                lines: [.init(name: "L2 (OLS)", over: 3...20) { b0 + b1 * $0 }],
                caption: "y = \(NumberFormat.significant(b0, digits: 3)) + \(NumberFormat.significant(b1, digits: 3)) x, R² = \(NumberFormat.significant(s.ols.rSquared, digits: 2)). "
                    + "The largest residual carries \(NumberFormat.significant(100 * s.verdict.topShareOfSquaredError, digits: 2)) % of the squared error.")
        }
        return ReportSection("The quartet: one least-squares line, four data sets", id: "quartet", blocks: [
            ReportText("All four sets have the same means, variances, correlation and least-squares line. Only a look tells them apart: I is a noisy line, II a curve, III a line with one outlier, IV a vertical cloud with one leverage point that alone fixes the slope. The sections below take set III apart."),
        ] + charts)
    }

    /// The largest finite value (Cook's distance is undefined at leverage 1).
    static func finiteMax(_ values: [Double]) -> Double {
        values.filter(\.isFinite).max() ?? .nan
    }

    /// The `demo --json` object; `reportPath` is where the HTML was written, if it was.
    public func json(reportPath: String?) -> JSONValue {
        JSONValue.object([
            ("data_set", .string("anscombe")),
            ("sets", .array(summaries.map { s in .object([
                ("name", .string(s.set.name)), ("n", .int(s.set.y.count)),
                ("intercept", .number(s.ols.intercept)), ("slope", .number(s.ols.coefficients[0])),
                ("r_squared", .number(s.ols.rSquared)), ("residual_sd", .number(s.ols.residualStandardDeviation)),
                ("top_share_of_squared_error", .number(s.verdict.topShareOfSquaredError)),
                ("max_cooks_distance", .number(AnscombeDemo.finiteMax(s.diagnostics.cooksDistance))),
                ("max_leverage", .number(AnscombeDemo.finiteMax(s.diagnostics.leverage))),
                ("verdict", .string(s.verdict.level.rawValue)),
                ("recommendation", .string(s.verdict.recommendation.rawValue)),
                ("flagged_rows", .array(s.verdict.flaggedRows.map { .int($0 + 1) })),
            ]) })),
            ("set_iii_fits", .array(comparison.fits.map { f in .object([
                ("model", .string(f.name)), ("intercept", .optionalNumber(f.model.linearCoefficients?.intercept)),
                ("slope", .optionalNumber(f.model.linearCoefficients?.coefficients.first)),
            ]) })),
            ("set_iii_without_outlier", .object([
                ("intercept", .number(clean.intercept)), ("slope", .number(clean.coefficients[0])),
            ])),
            ("convergence", .object([("optimizer", .string(convergence.standardized.optimizer.rawValue))] + [
                ("standardized", convergence.standardized), ("centered", convergence.centered),
            ].map { name, r in (name, JSONValue.object([
                ("condition_number", .number(r.conditionNumber)),
                ("iterations_to_1e-6", .object(r.results.map { ($0.loss.rawValue, $0.iterationsToTarget.map(JSONValue.int) ?? .null) })),
            ])) })),
            ("report", reportPath.map(JSONValue.string) ?? .null),
        ])
    }


    /// The terminal story; `reportPath` is where the HTML was written, if it was.
    public func text(reportPath: String?, style: TerminalStyle = .current) throws -> String {
        var out: [String] = []
        out.append(style.bold("LossKit demo — Anscombe's quartet (1973)"))
        out.append("Four data sets of 11 points. Least squares (L2) cannot tell them apart:\n")
        var same = TextTable(headers: ["set", "mean y", "intercept", "slope", "R²", "residual SD"])
        for s in summaries {
            let meanY = Summation.compensatedSum(count: s.set.y.count) { s.set.y[$0] } / Double(s.set.y.count)
            same.addRow([s.set.name, NumberFormat.significant(meanY, digits: 4),
                         NumberFormat.significant(s.ols.intercept, digits: 4),
                         NumberFormat.significant(s.ols.coefficients[0], digits: 4),
                         NumberFormat.significant(s.ols.rSquared, digits: 3),
                         NumberFormat.significant(s.ols.residualStandardDeviation, digits: 4)])
        }
        out.append(same.rendered(style: style))
        out.append("\nBut they are not the same. Where does each set's squared error live?\n")
        var differ = TextTable(headers: ["set", "largest residual's share of SSE", "max Cook's D", "max leverage", "verdict", "use"])
        for s in summaries {
            differ.addRow([s.set.name, NumberFormat.significant(100 * s.verdict.topShareOfSquaredError, digits: 3) + " %",
                           NumberFormat.significant(Self.finiteMax(s.diagnostics.cooksDistance), digits: 3),
                           NumberFormat.significant(Self.finiteMax(s.diagnostics.leverage), digits: 3),
                           s.verdict.level.rawValue, s.verdict.recommendation.rawValue])
        }
        differ.footnotes = ["Cook's D: how far the fit moves without that row (> 4/n = 0.36 is influential).",
                            "Leverage 1 (set IV, x = 19): that one point alone fixes the slope; no loss can check it — look at the plot."]
        out.append(differ.rendered(style: style))
        if let verdict = comparison.verdict {
            out.append("\nSet III: " + verdict.reason)
        }
        out.append("")
        var fits = TextTable(title: "Set III refitted with losses that resist outliers",
                             headers: ["loss", "intercept", "slope", "MSE", "MAE"])
        for fit in comparison.fits {
            let m = try comparison.metrics(of: fit)
            let line = fit.model.linearCoefficients
            fits.addRow([fit.label, NumberFormat.significant(line?.intercept ?? .nan, digits: 5),
                         NumberFormat.significant(line?.coefficients.first ?? .nan, digits: 5),
                         NumberFormat.significant(m.meanSquaredError, digits: 4),
                         NumberFormat.significant(m.meanAbsoluteError, digits: 4)])
        }
        fits.addSeparator()
        fits.addRow(["L2 without row \(outlierRow + 1)", NumberFormat.significant(clean.intercept, digits: 5),
                     NumberFormat.significant(clean.coefficients[0], digits: 5), "", ""])
        fits.footnotes = ["Huber and L1 find the line through the ten clean points; L2 is dragged by one point.",
                          "Each fit wins the metric it minimizes: L2 the MSE, L1 the MAE."]
        out.append(fits.rendered(style: style))
        out.append("\n" + style.bold("Training by gradient descent on set III") + " (\(convergence.standardized.iterations) iterations from zero; f* from the exact solvers)")
        for (name, r) in [("standardized x", convergence.standardized), ("centered, unscaled x", convergence.centered)] {
            let steps = r.results.map { "\($0.loss.rawValue) \($0.iterationsToTarget.map(String.init) ?? "never")" }.joined(separator: ", ")
            out.append("  \(name): κ = \(NumberFormat.significant(r.conditionNumber, digits: 3)); iterations to 1e-6 of the starting gap: \(steps)")
        }
        out.append("  L2's curvature is constant, so its rate is set by κ alone; scaling x sets κ. L1's kink stalls a fixed-step method: it never gets there.")
        if let reportPath {
            out.append("\nReport with plots: " + style.accent(reportPath) + "  (open it in a browser)")
        }
        out.append("Next: losskit fit data/anscombe.csv --target y3 --features x3   ·   losskit report data/anscombe.csv --target y3 --features x3")
        return out.joined(separator: "\n")
    }
}
