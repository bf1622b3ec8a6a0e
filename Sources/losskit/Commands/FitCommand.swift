import ArgumentParser
import Foundation
import LossKit

/// `losskit fit`: least-squares models from a data file.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a least-squares model (OLS, weighted, polynomial, ridge) to a data file.",
        discussion: """
        Features default to every column but the target and the weights. OLS and
        polynomial fits solve with pivoted QR and extended-precision refinement, so
        the NIST StRD certified values are matched to 9+ digits. Ridge minimizes
        ||y − b − Xw||² + α||w||² with the intercept not penalized (scikit-learn's
        convention); --alphas fits the whole path from one SVD, and --cv picks α by
        exact leave-one-out error.

        Examples:
          losskit fit data/anscombe.csv --target y1 --features x1
          losskit fit data.csv --target y --degree 3 --features x --json
          losskit fit data.csv --target y --model ridge --alphas 0.01,0.1,1,10 --cv
          losskit fit data/anscombe.csv --target y3 --features x3 --model huber
          losskit fit data.csv --target y --save model.json && losskit predict model.json new.csv
        """
    )

    enum Model: String, ExpressibleByArgument, CaseIterable {
        case ols, ridge, huber, l1, quantile
    }

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The column to predict.", valueName: "column"))
    var target: String

    @Option(help: ArgumentHelp("Feature columns, comma-separated (default: all but target and weights).", valueName: "a,b,..."))
    var features: String?

    @Option(help: "The model: ols (default), ridge, or the robust huber, l1 (least absolute deviations), quantile.")
    var model: Model = .ols

    @Option(help: "Huber's delta in units of the robust (MAD) residual scale; default 1.345 (95 % efficiency at the normal).")
    var delta: Double?

    @Option(help: "The quantile τ in (0, 1) for --model quantile; default 0.5 (the median).")
    var quantile: Double?

    @Option(help: "Ridge penalty α ≥ 0 (default 1).")
    var alpha: Double?

    @Option(help: ArgumentHelp("Ridge: several α, fitted from one decomposition; the α with the least leave-one-out error is reported.", valueName: "a1,a2,..."))
    var alphas: String?

    @Flag(help: "Ridge: choose α by exact leave-one-out cross-validation (default grid 10^-3 … 10^3 unless --alphas).")
    var cv = false

    @Option(help: "Fit a polynomial of this degree in the one feature (x, x², …, x^D).")
    var degree: Int?

    @Flag(help: "Fit without an intercept (through the origin; R² is then uncentered).")
    var noIntercept = false

    @Option(help: ArgumentHelp("A column of positive sample weights (weighted least squares).", valueName: "column"))
    var weights: String?

    @Option(help: "Confidence level of the coefficient intervals.")
    var level: Double = 0.95

    @Flag(help: "Stream the file in blocks (memory independent of the row count; OLS and single-α ridge). Automatic above 512 MiB.")
    var stream = false

    @Option(help: "Rows per block when streaming.")
    var blockRows: Int = 65_536

    @Option(help: ArgumentHelp("Write the fitted model to this JSON model file (atomically; never over the input).", valueName: "model.json"))
    var save: String?

    @OptionGroup var input: DataInputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let alpha, !(alpha >= 0 && alpha.isFinite) { throw ValidationError("--alpha must be a finite number >= 0, not \(alpha)") }
        if let alphas {
            let values = try commaSeparatedNumbers(alphas, option: "--alphas")
            if values.isEmpty { throw ValidationError("--alphas needs at least one value") }
            if let bad = values.first(where: { !($0 >= 0 && $0.isFinite) }) {
                throw ValidationError("--alphas values must be finite and >= 0, not \(bad)")
            }
        }
        if model != .ridge, alpha != nil || alphas != nil || cv {
            throw ValidationError("--alpha, --alphas and --cv need --model ridge")
        }
        if let delta {
            if model != .huber { throw ValidationError("--delta needs --model huber") }
            if !(delta > 0 && delta.isFinite) { throw ValidationError("--delta must be a positive number, not \(delta)") }
        }
        if let quantile {
            if model != .quantile { throw ValidationError("--quantile needs --model quantile") }
            if !(quantile > 0 && quantile < 1) { throw ValidationError("--quantile must be in (0, 1), not \(quantile)") }
        }
        if [.huber, .l1, .quantile].contains(model) {
            if weights != nil { throw ValidationError("--weights is not supported with the robust models (huber, l1, quantile)") }
            if stream { throw ValidationError("--stream fits OLS or ridge; the robust models need the data in memory") }
        }
        if alpha != nil, alphas != nil { throw ValidationError("give either --alpha or --alphas, not both") }
        if let degree {
            if degree < 1 { throw ValidationError("--degree must be at least 1, not \(degree)") }
            if model != .ols { throw ValidationError("--degree fits a polynomial by least squares; it does not combine with --model \(model.rawValue)") }
            if noIntercept { throw ValidationError("--degree always fits an intercept; drop --no-intercept") }
        }
        guard level > 0, level < 1 else { throw ValidationError("--level must be in (0, 1), not \(level)") }
        guard blockRows >= 1 else { throw ValidationError("--block-rows must be at least 1") }
        if stream, degree != nil || cv || alphas != nil {
            throw ValidationError("--stream fits OLS or ridge with one --alpha; --degree, --alphas and --cv need the data in memory")
        }
    }

    /// Files above this size are streamed even without --stream.
    static let streamingThreshold = 512 << 20

    var shouldStream: Bool {
        if stream { return true }
        guard degree == nil, !cv, alphas == nil, !file.hasSuffix(".npy"), model == .ols || model == .ridge else { return false }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return size > Self.streamingThreshold
    }

    func run() throws {
        let header = try DataReader.header(path: file, options: input.readOptions(columns: nil))
        let featureNames = try resolveFeatures(header: header)
        if shouldStream { return try runStreaming(featureNames: featureNames) }
        var wanted = featureNames + [target]
        if let weights { wanted.append(weights) }
        let table = try DataReader.read(path: file, options: input.readOptions(columns: unique(wanted)))
        if table.droppedRowCount > 0 { note("dropped \(table.droppedRowCount) row(s) with missing values (--drop-missing)") }
        let y = try table.column(named: target)
        let w = try weights.map { try table.column(named: $0) }
        let columns = try featureNames.map { try table.column(named: $0) }

        let fitted: FittedModel = try inFileRows(droppedRows: table.droppedRowCount) {
            try fitModel(featureNames: featureNames, columns: columns, y: y, w: w)
        }
        let predictions = try fitted.saved.predict(columns: columns)
        let metrics = try RegressionMetrics.evaluate(targets: y, predictions: predictions, sampleWeights: w)
            .namedValues.map { (name: $0.name, value: Optional($0.value)) }
        try finish(fitted, n: y.count, metrics: metrics)
    }

    func fitModel(featureNames: [String], columns: [[Double]], y: [Double], w: [Double]?) throws -> FittedModel {
        if let degree {
            var result = try PolynomialRegression(degree: degree, confidenceLevel: level)
                .fit(x: columns[0], y: y, sampleWeights: w)
            for k in result.coefficientStatistics.indices {
                result.coefficientStatistics[k].name = "\(featureNames[0])^\(k + 1)"
            }
            return .polynomial(result, feature: featureNames[0])
        } else {
            let x = try Matrix(columns: columns)
            switch model {
            case .ols:
                let regression = LinearRegression(fitIntercept: !noIntercept, confidenceLevel: level)
                return .ols(try regression.fit(x, y, sampleWeights: w, featureNames: featureNames))
            case .huber, .l1, .quantile:
                let loss: RobustLoss = model == .huber ? .huber(delta: delta ?? RobustLoss.defaultHuberDelta)
                    : model == .l1 ? .leastAbsoluteDeviation : .quantile(quantile ?? 0.5)
                // The exact L1/quantile search on a million rows takes seconds: say where it is.
                let progress = Progress(label: "fitting \(model.rawValue)")
                defer { progress.finish() }
                let fit = try RobustLinearRegression(loss: loss, fitIntercept: !noIntercept).fit(x: x, y: y) {
                    progress.update(robust: $0)
                }
                return .robust(fit, try RobustRegressionModel(fit, featureNames: featureNames, fitIntercept: !noIntercept))
            case .ridge:
                if cv || alphas != nil {
                    let grid = try alphas.map { try commaSeparatedNumbers($0, option: "--alphas") }
                        ?? stride(from: -3.0, through: 3.0, by: 0.5).map { pow(10, $0) }
                    let result = try RidgeCV(alphas: grid, fitIntercept: !noIntercept)
                        .fit(x, y, sampleWeights: w, featureNames: featureNames)
                    let path = try Ridge.path(alphas: grid, x, y, sampleWeights: w, fitIntercept: !noIntercept,
                                              featureNames: featureNames)
                    return .ridgeCV(result, path: path)
                } else {
                    let result = try Ridge(alpha: alpha ?? 1, fitIntercept: !noIntercept)
                        .fit(x, y, sampleWeights: w, featureNames: featureNames)
                    return .ridge(result)
                }
            }
        }
    }

    func finish(_ fitted: FittedModel, n: Int, metrics: [(name: String, value: Double?)], streamed: Bool = false) throws {
        if let save {
            try AtomicFile.write(try fitted.saved.modelFileData(), to: save, inputs: [file])
            if !output.json { note("saved the \(fitted.saved.kind) model to \(save)") }
        }
        if output.json {
            var members = fitted.jsonMembers(n: n, metrics: metrics, savedTo: save)
            members.append(("streamed", .bool(streamed)))
            print(JSONValue.object(members).rendered())
        } else {
            print(fitted.summary(file: file, target: target, n: n, metrics: metrics))
        }
    }

    /// Streams the file twice in blocks (fit, then training metrics): memory
    /// independent of the number of rows.
    func runStreaming(featureNames: [String]) throws {
        var wanted = featureNames + [target]
        if let weights { wanted.append(weights) }
        let options = input.readOptions(columns: unique(wanted))
        var accumulator = StreamingLeastSquares(featureCount: featureNames.count, fitIntercept: !noIntercept)
        var metrics = try StreamingRegressionMetrics()
        var rows = 0, dropped = 0
        let progress = Progress(label: "fitting")
        try DataReader.forEachBlock(path: file, options: options, rowsPerBlock: blockRows) { block in
            let x = try Matrix(columns: featureNames.map { try block.column(named: $0) })
            let y = try block.column(named: target)
            let w = try weights.map { try block.column(named: $0) }
            do {
                try accumulator.add(x, y, sampleWeights: w)
            } catch let LossKitError.nonFiniteValue(name, row, value) {
                throw LossKitError.nonFiniteValue(name: name, row: rows + row + 1, value: value)
            }
            try metrics.addTargets(y, sampleWeights: w)
            rows += block.rowCount
            dropped += block.droppedRowCount
            progress.update(rows: rows)
        }
        let fitted: FittedModel
        switch model {
        case .ridge: fitted = .ridge(try accumulator.ridge(alpha: alpha ?? 1, featureNames: featureNames))
        default: fitted = .ols(try accumulator.finish(featureNames: featureNames, confidenceLevel: level))
        }
        let saved = fitted.saved
        let scoring = Progress(label: "scoring")
        var scored = 0
        try DataReader.forEachBlock(path: file, options: options, rowsPerBlock: blockRows) { block in
            let columns = try featureNames.map { try block.column(named: $0) }
            try metrics.add(targets: try block.column(named: target), predictions: try saved.predict(columns: columns),
                            sampleWeights: try weights.map { try block.column(named: $0) })
            scored += block.rowCount
            scoring.update(rows: scored)
        }
        progress.finish()
        if dropped > 0 { note("dropped \(dropped) row(s) with missing values (--drop-missing)") }
        try finish(fitted, n: rows, metrics: metrics.namedValues, streamed: true)
    }

    func resolveFeatures(header: [String]) throws -> [String] {
        let names = try featureColumns(header: header, target: target, features: features, excluded: weights.map { [$0] } ?? [])
        if degree != nil, names.count != 1 {
            throw ValidationError("--degree needs exactly one feature; got \(names.count) (\(names.joined(separator: ", "))): pick one with --features")
        }
        return names
    }
}

/// A fitted model as the tool shows it.
enum FittedModel {
    case ols(LinearRegressionResult)
    case polynomial(PolynomialRegressionResult, feature: String)
    case ridge(RidgeResult)
    case ridgeCV(RidgeCVResult, path: [RidgeResult])
    case robust(RobustFit, RobustRegressionModel)

    var saved: SavedModel {
        switch self {
        case .ols(let m): return .linearRegression(m)
        case .polynomial(let m, _): return .polynomialRegression(m)
        case .ridge(let m): return .ridge(m)
        case .ridgeCV(let m, _): return .ridge(m.model)
        case .robust(_, let m): return .robust(m)
        }
    }

    var name: String {
        switch self {
        case .ols(let m): return m.training.weighted ? "wls" : "ols"
        case .polynomial: return "polynomial"
        case .ridge, .ridgeCV: return "ridge"
        case .robust(let fit, _):
            switch fit.loss {
            case .huber: return "huber"
            case .leastAbsoluteDeviation: return "l1"
            case .quantile: return "quantile"
            }
        }
    }

    func jsonMembers(n: Int, metrics: [(name: String, value: Double?)], savedTo: String?) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("model", .string(name)), ("n", .int(n))]
        func statistics(_ intercept: RegressionCoefficient?, _ coefficients: [RegressionCoefficient],
                        training: TrainingSummary, level: Double) {
            members.append(("intercept", intercept.map { .number($0.estimate) } ?? .null))
            members.append(("coefficients", .numbers(coefficients.map(\.estimate))))
            members.append(("feature_names", .array(coefficients.map { .string($0.name) })))
            members.append(("standard_errors", .object([
                ("intercept", intercept.map { .number($0.standardError) } ?? .null),
                ("coefficients", .numbers(coefficients.map(\.standardError))),
            ])))
            members.append(("t_statistics", .object([
                ("intercept", intercept.map { .number($0.tStatistic) } ?? .null),
                ("coefficients", .numbers(coefficients.map(\.tStatistic))),
            ])))
            members.append(("p_values", .object([
                ("intercept", intercept.map { .number($0.pValue) } ?? .null),
                ("coefficients", .numbers(coefficients.map(\.pValue))),
            ])))
            members.append(("confidence_intervals", .object([
                ("level", .number(level)),
                ("intercept", intercept.map { .numbers([$0.lower, $0.upper]) } ?? .null),
                ("coefficients", .array(coefficients.map { .numbers([$0.lower, $0.upper]) })),
            ])))
            members.append(("residual_sd", .number(training.residualStandardDeviation)))
            members.append(("r_squared", .number(training.rSquared)))
            members.append(("adjusted_r_squared", .number(training.adjustedRSquared)))
            members.append(("f_statistic", .number(training.fStatistic)))
            members.append(("f_p_value", .number(training.fPValue)))
            members.append(("rank", .int(training.rank)))
            members.append(("condition_number", .number(training.conditionNumber)))
            members.append(("degrees_of_freedom", .int(training.degreesOfFreedom)))
            members.append(("solver", .string(training.solver.rawValue)))
            members.append(("warnings", .array(training.warnings.map { .string($0.description) })))
        }
        func ridgeMembers(_ m: RidgeResult) {
            members.append(("intercept", m.fitIntercept ? .number(m.intercept) : .null))
            members.append(("coefficients", .numbers(m.coefficients)))
            members.append(("feature_names", .array(m.featureNames.map(JSONValue.string))))
            members.append(("alpha", .number(m.alpha)))
            members.append(("residual_sd", .number(Self.ridgeResidualSD(m))))
            members.append(("r_squared", .number(m.rSquared)))
            members.append(("effective_degrees_of_freedom", .number(m.effectiveDegreesOfFreedom)))
            members.append(("rank", .int(m.rank)))
            members.append(("condition_number", .number(m.conditionNumber)))
        }
        switch self {
        case .robust(let fit, let m):
            members.append(("intercept", m.fitIntercept ? .number(m.intercept) : .null))
            members.append(("coefficients", .numbers(m.coefficients)))
            members.append(("feature_names", .array(m.featureNames.map(JSONValue.string))))
            switch fit.loss {
            case let .huber(delta): members.append(("delta", .number(delta)))
            case let .quantile(tau): members.append(("quantile", .number(tau)))
            case .leastAbsoluteDeviation: break
            }
            members.append(("loss", .string(fit.loss.description)))
            members.append(("scale", .number(fit.scale)))
            members.append(("iterations", .int(fit.iterations)))
            members.append(("converged", .bool(fit.converged)))
            members.append(("stop_reason", .string(fit.stopReason.rawValue)))
            members.append(("exact_vertex", .bool(fit.isExactVertex)))
            members.append(("outlier_rows", .array(fit.outlierRows().map { .int($0 + 1) })))
            members.append(("loss_history", .numbers(fit.lossHistory)))
        case .ols(let m):
            statistics(m.interceptStatistics, m.coefficientStatistics, training: m.training, level: m.confidenceLevel)
        case .polynomial(let m, let feature):
            statistics(m.interceptStatistics, m.coefficientStatistics, training: m.training, level: m.confidenceLevel)
            members.append(("degree", .int(m.degree)))
            members.append(("feature", .string(feature)))
        case .ridge(let m):
            ridgeMembers(m)
        case .ridgeCV(let cv, let path):
            ridgeMembers(cv.model)
            members.append(("selection", .string("leave-one-out")))
            members.append(("cv_curve", .array(cv.curve.map {
                .object([("alpha", .number($0.alpha)), ("mean_squared_loo_error", .number($0.error))])
            })))
            members.append(("path", .array(path.map {
                .object([("alpha", .number($0.alpha)), ("intercept", .number($0.intercept)),
                         ("coefficients", .numbers($0.coefficients)), ("r_squared", .number($0.rSquared))])
            })))
        }
        members.append(("metrics", .object(metrics.map { ($0.name, JSONValue.optionalNumber($0.value)) })))
        if let savedTo { members.append(("saved_to", .string(savedTo))) }
        return members
    }

    /// Ridge's residual SD: sqrt(RSS / (n − effective degrees of freedom)),
    /// counting the intercept as one degree of freedom.
    static func ridgeResidualSD(_ m: RidgeResult) -> Double {
        let dof = Double(m.observationCount) - m.effectiveDegreesOfFreedom - (m.fitIntercept ? 1 : 0)
        return dof > 0 ? (m.residualSumOfSquares / dof).squareRoot() : .nan
    }

    func summary(file: String, target: String, n: Int, metrics: [(name: String, value: Double?)]) -> String {
        let style = TerminalStyle.current
        var blocks: [String] = []
        func coefficientTable(_ intercept: RegressionCoefficient?, _ coefficients: [RegressionCoefficient],
                              training: TrainingSummary, level: Double, title: String) {
            let pct = NumberFormat.significant(level * 100, digits: 3) + "%"
            var table = TextTable(title: title,
                                  headers: ["term", "estimate", "std error", "t", "p > |t|", "\(pct) lower", "\(pct) upper"])
            for c in (intercept.map { [$0] } ?? []) + coefficients {
                table.addRow([c.name, NumberFormat.significant(c.estimate, digits: 10),
                              NumberFormat.significant(c.standardError, digits: 5),
                              NumberFormat.significant(c.tStatistic, digits: 4),
                              Self.pValue(c.pValue),
                              NumberFormat.significant(c.lower, digits: 6), NumberFormat.significant(c.upper, digits: 6)])
            }
            table.footnotes = [
                "n = \(n)   residual SD = \(NumberFormat.significant(training.residualStandardDeviation, digits: 6))"
                    + "   R² = \(NumberFormat.significant(training.rSquared, digits: 6))"
                    + "   adjusted R² = \(NumberFormat.significant(training.adjustedRSquared, digits: 6))",
                "F = \(NumberFormat.significant(training.fStatistic, digits: 6)) (p = \(Self.pValue(training.fPValue)))"
                    + "   rank = \(training.rank)   condition number = \(NumberFormat.significant(training.conditionNumber, digits: 4))"
                    + "   solver = \(training.solver.rawValue)",
            ]
            blocks.append(table.rendered(style: style))
            for warning in training.warnings { blocks.append("  warning: " + warning.description) }
        }
        func ridgeTable(_ m: RidgeResult, title: String) {
            var table = TextTable(title: title, headers: ["term", "estimate"])
            if m.fitIntercept { table.addRow(["intercept", NumberFormat.significant(m.intercept, digits: 10)]) }
            for (name, value) in zip(m.featureNames, m.coefficients) {
                table.addRow([name, NumberFormat.significant(value, digits: 10)])
            }
            table.footnotes = [
                "n = \(n)   α = \(NumberFormat.significant(m.alpha))   R² = \(NumberFormat.significant(m.rSquared))"
                    + "   effective df = \(NumberFormat.significant(m.effectiveDegreesOfFreedom, digits: 4))"
                    + "   condition number = \(NumberFormat.significant(m.conditionNumber, digits: 4))",
                "intercept not penalized (scikit-learn's Ridge convention)",
            ]
            blocks.append(table.rendered(style: style))
        }
        switch self {
        case .robust(let fit, let m):
            var table = TextTable(title: "Robust regression, \(fit.loss.description): \(target) on \(m.featureNames.joined(separator: ", "))  (\(file))",
                                  headers: ["term", "estimate"])
            if m.fitIntercept { table.addRow(["intercept", NumberFormat.significant(m.intercept, digits: 10)]) }
            for (name, value) in zip(m.featureNames, m.coefficients) {
                table.addRow([name, NumberFormat.significant(value, digits: 10)])
            }
            let outliers = fit.outlierRows()
            table.footnotes = [
                "n = \(n)   scale s = \(NumberFormat.significant(fit.scale, digits: 6))   iterations = \(fit.iterations)"
                    + "   stopped: \(fit.stopReason.rawValue)\(fit.isExactVertex ? " (exact LP vertex)" : "")",
                outliers.isEmpty ? "no row has |r| > 3 s"
                    : "rows with |r| > 3 s (1-based): " + outliers.prefix(20).map { String($0 + 1) }.joined(separator: ", ")
                        + (outliers.count > 20 ? " … (\(outliers.count) in all)" : ""),
            ]
            blocks.append(table.rendered(style: style))
            if !fit.converged {
                blocks.append("  warning: the fit did not converge (\(fit.stopReason.rawValue)); the coefficients are the last iterate")
            }
        case .ols(let m):
            let kind = m.training.weighted ? "Weighted least squares" : "Ordinary least squares"
            coefficientTable(m.interceptStatistics, m.coefficientStatistics, training: m.training,
                             level: m.confidenceLevel, title: "\(kind): \(target) on \(m.featureNames.joined(separator: ", "))  (\(file))")
        case .polynomial(let m, let feature):
            coefficientTable(m.interceptStatistics, m.coefficientStatistics, training: m.training, level: m.confidenceLevel,
                             title: "Polynomial least squares, degree \(m.degree): \(target) on \(feature)  (\(file))")
        case .ridge(let m):
            ridgeTable(m, title: "Ridge regression: \(target) on \(m.featureNames.joined(separator: ", "))  (\(file))")
        case .ridgeCV(let cv, _):
            ridgeTable(cv.model, title: "Ridge regression, α by leave-one-out: \(target)  (\(file))")
            var curve = TextTable(title: "Leave-one-out curve", headers: ["α", "mean squared LOO error", ""])
            for (alpha, error) in cv.curve {
                curve.addRow([NumberFormat.significant(alpha), NumberFormat.significant(error, digits: 7),
                              alpha == cv.alpha ? "← chosen" : ""])
            }
            blocks.append(curve.rendered(style: style))
        }
        var metricTable = TextTable(title: "Training-set metrics", headers: ["metric", "value"])
        for (name, value) in metrics {
            metricTable.addRow([name, value.map { NumberFormat.significant($0, digits: 7) } ?? "n/a (streamed)"])
        }
        blocks.append(metricTable.rendered(style: style))
        return blocks.joined(separator: "\n\n")
    }

    static func pValue(_ p: Double) -> String {
        if p.isNaN { return "nan" }
        return p < 1e-4 ? "<1e-4" : NumberFormat.significant(p, digits: 3)
    }
}
