import LossKitData
import LossKitNumerics

/// The JSON members and the terminal table of a least-squares coefficient
/// table with inference, shared by every model that has one (OLS/WLS,
/// polynomial): one schema, one layout.
enum InferencePresentation {
    /// `intercept`, `coefficients`, `feature_names`, `standard_errors`,
    /// `t_statistics`, `p_values`, `confidence_intervals`, then the training
    /// summary's `residual_sd` … `warnings` (the `fit --json` contract).
    static func members(intercept: RegressionCoefficient?, coefficients: [RegressionCoefficient],
                        training: TrainingSummary, level: Double) -> [(String, JSONValue)] {
        func pair(_ value: (RegressionCoefficient) -> Double) -> JSONValue {
            .object([("intercept", intercept.map { .number(value($0)) } ?? .null),
                     ("coefficients", .numbers(coefficients.map(value)))])
        }
        return [
            ("intercept", intercept.map { .number($0.estimate) } ?? .null),
            ("coefficients", .numbers(coefficients.map(\.estimate))),
            ("feature_names", .array(coefficients.map { .string($0.name) })),
            ("standard_errors", pair(\.standardError)),
            ("t_statistics", pair(\.tStatistic)),
            ("p_values", pair(\.pValue)),
            ("confidence_intervals", .object([
                ("level", .number(level)),
                ("intercept", intercept.map { .numbers([$0.lower, $0.upper]) } ?? .null),
                ("coefficients", .array(coefficients.map { .numbers([$0.lower, $0.upper]) })),
            ])),
            ("residual_sd", .number(training.residualStandardDeviation)),
            ("r_squared", .number(training.rSquared)),
            ("adjusted_r_squared", .number(training.adjustedRSquared)),
            ("f_statistic", .number(training.fStatistic)),
            ("f_p_value", .number(training.fPValue)),
            ("rank", .int(training.rank)),
            ("condition_number", .number(training.conditionNumber)),
            ("degrees_of_freedom", .int(training.degreesOfFreedom)),
            ("solver", .string(training.solver.rawValue)),
            ("warnings", .array(training.warnings.map { .string($0.description) })),
        ]
    }

    /// The coefficient table: term, estimate, standard error, t, p, interval.
    static func table(intercept: RegressionCoefficient?, coefficients: [RegressionCoefficient],
                      training: TrainingSummary, level: Double, rowCount: Int, title: String) -> TextTable {
        let pct = NumberFormat.significant(level * 100, digits: 3) + "%"
        var table = TextTable(title: title,
                              headers: ["term", "estimate", "std error", "t", "p > |t|", "\(pct) lower", "\(pct) upper"])
        for c in (intercept.map { [$0] } ?? []) + coefficients {
            table.addRow([c.name, NumberFormat.significant(c.estimate, digits: 10),
                          NumberFormat.significant(c.standardError, digits: 5),
                          NumberFormat.significant(c.tStatistic, digits: 4),
                          pValueText(c.pValue),
                          NumberFormat.significant(c.lower, digits: 6), NumberFormat.significant(c.upper, digits: 6)])
        }
        table.footnotes = [
            "n = \(rowCount)   residual SD = \(NumberFormat.significant(training.residualStandardDeviation, digits: 6))"
                + "   R² = \(NumberFormat.significant(training.rSquared, digits: 6))"
                + "   adjusted R² = \(NumberFormat.significant(training.adjustedRSquared, digits: 6))",
            "F = \(NumberFormat.significant(training.fStatistic, digits: 6)) (p = \(pValueText(training.fPValue)))"
                + "   rank = \(training.rank)   condition number = \(NumberFormat.significant(training.conditionNumber, digits: 4))"
                + "   solver = \(training.solver.rawValue)",
        ]
        return table
    }

    /// A p-value for a table: "<1e-4" below 1e-4, three digits otherwise.
    static func pValueText(_ p: Double) -> String {
        if p.isNaN { return "nan" }
        return p < 1e-4 ? "<1e-4" : NumberFormat.significant(p, digits: 3)
    }

    /// The summary of a least-squares training run.
    static func fitSummary(_ training: TrainingSummary) -> FitSummary {
        FitSummary(observationCount: training.observationCount, totalWeight: training.totalWeight,
                   weighted: training.weighted, warnings: training.warnings.map(\.description))
    }
}
