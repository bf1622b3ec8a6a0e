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
          losskit fit data.csv --target y --model mlp --hidden 64,64 --epochs 50 --early-stopping
          losskit fit data.csv --target y --model sgd --loss huber --penalty elasticnet --average --json
          losskit fit data.csv --target y --save model.json && losskit predict model.json new.csv
        """
    )

    /// A model name from the library's `ModelCatalog`: a model added there is
    /// offered here (and in the help's values) with no change to the tool.
    struct Model: ExpressibleByArgument, Equatable {
        let rawValue: String
        init?(argument: String) {
            guard ModelCatalog.names.contains(argument) else { return nil }
            rawValue = argument
        }
        private init(_ name: String) { rawValue = name }
        static var allValueStrings: [String] { ModelCatalog.names }
        var defaultValueDescription: String { rawValue }
        static let ols = Model("ols"), ridge = Model("ridge"), huber = Model("huber"), l1 = Model("l1"), quantile = Model("quantile"), sgd = Model("sgd")
    }

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The column to predict.", valueName: "column"))
    var target: String

    @Option(help: ArgumentHelp("Feature columns, comma-separated; write a comma in a name as \\, (default: all but target and weights).", valueName: "a,b,..."))
    var features: String?

    @Option(help: "The model: ols (default), ridge, the robust huber, l1 (least absolute deviations), quantile, svr (support-vector regression), sgd (a linear model trained by stochastic gradient descent) or mlp (a neural network).")
    var model: Model = .ols

    @Option(name: [.customLong("huber-k"), .customLong("delta")], parsing: .unconditional,
            help: ArgumentHelp("Huber's tuning constant k, in units of the robust (MAD) residual scale; default 1.345 (95 % efficiency at the normal). --delta is its former name, kept as an alias; it is not the absolute δ of 'evaluate --delta'.", valueName: "k"))
    var huberK: Double?

    @Option(parsing: .unconditional, help: "The quantile τ in (0, 1) for --model quantile; default 0.5 (the median).")
    var quantile: Double?

    @Option(parsing: .unconditional, help: "Penalty α ≥ 0 of ridge (default 1) or sgd (default 0.0001).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Ridge: several α, fitted from one decomposition; the α with the least leave-one-out error is reported.", valueName: "a1,a2,..."))
    var alphas: String?

    @Flag(help: "Ridge: choose α by exact leave-one-out cross-validation (default grid 10^-3 … 10^3 unless --alphas).")
    var cv = false

    @Option(parsing: .unconditional, help: "Fit a polynomial of this degree in the one feature (x, x², …, x^D).")
    var degree: Int?

    @Flag(help: "Fit without an intercept (through the origin; R² is then uncentered).")
    var noIntercept = false

    @Option(help: ArgumentHelp("A column of sample weights ≥ 0 (weighted least squares; a row weighing 0 does not count).", valueName: "column"))
    var weights: String?

    @Option(parsing: .unconditional, help: "Confidence level of the coefficient intervals.")
    var level: Double = 0.95

    @Flag(help: "Stream the file in blocks (memory independent of the row count; OLS, single-α ridge and sgd). Automatic above 512 MiB.")
    var stream = false

    @Option(parsing: .unconditional, help: "Rows per block when streaming (lowered so that a block holds at most 256 MiB).")
    var blockRows: Int = 65_536

    @Option(help: ArgumentHelp("Write the fitted model to this JSON model file (atomically; never over the input; '-': standard output).", valueName: "model.json"))
    var save: String?

    @OptionGroup(title: "Training (iterative models)") var training: TrainingOptions
    @OptionGroup(title: "Support-vector regression (--model svr)") var svr: SVROptions
    @OptionGroup(title: "Neural network (--model mlp)") var mlp: MLPOptions
    @OptionGroup var input: DataInputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        // The least-squares and robust models take none of the training flags.
        if [.ols, .ridge, .huber, .l1, .quantile].contains(model) { try training.refuse(allBut: [], model: model.rawValue) }
        try svr.check(model: model.rawValue, training: training, stream: stream)
        if let alpha, !(alpha >= 0 && alpha.isFinite) { throw ValidationError("--alpha must be a finite number >= 0, not \(alpha)") }
        if let alphas {
            let values = try commaSeparatedNumbers(alphas, option: "--alphas")
            if values.isEmpty { throw ValidationError("--alphas needs at least one value") }
            if let bad = values.first(where: { !($0 >= 0 && $0.isFinite) }) {
                throw ValidationError("--alphas values must be finite and >= 0, not \(bad)")
            }
        }
        try mlp.check(model: model.rawValue, training: training)
        if model == .sgd { try validateSGD() }
        if model != .ridge, alphas != nil || cv || (alpha != nil && model.rawValue != "mlp" && model != .sgd) {
            throw ValidationError("--alpha, --alphas and --cv need --model ridge (--alpha also applies to sgd and mlp)")
        }
        if model.rawValue == "mlp", noIntercept || stream {
            throw ValidationError("--model mlp always has biases and needs the data in memory; drop --no-intercept and --stream")
        }
        if let huberK {
            if model != .huber { throw ValidationError("--huber-k (alias --delta) needs --model huber") }
            if !(huberK > 0 && huberK.isFinite) { throw ValidationError("--huber-k must be a positive number, not \(huberK)") }
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
        if save == "-", output.json { throw ValidationError("--save - writes the model to standard output, where --json prints too; give --save a file") }
        if stream, degree != nil || cv || alphas != nil {
            throw ValidationError("--stream fits OLS or ridge with one --alpha; --degree, --alphas and --cv need the data in memory")
        }
    }

    /// Files above this size are streamed even without --stream.
    static let streamingThreshold = 512 << 20

    var shouldStream: Bool {
        if stream { return true }
        guard degree == nil, !cv, alphas == nil, !file.hasSuffix(".npy"), [.ols, .ridge, .sgd].contains(model) else { return false }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return size > Self.streamingThreshold
    }

    func run() throws {
        let header = try DataReader.header(path: file, options: input.readOptions(columns: nil))
        let featureNames = try resolveFeatures(header: header)
        if shouldStream { return model == .sgd ? try runSGDStreaming(featureNames: featureNames) : try runStreaming(featureNames: featureNames) }
        var wanted = featureNames + [target]
        if let weights { wanted.append(weights) }
        let table = try DataReader.read(path: file, options: input.readOptions(columns: unique(wanted)))
        if table.droppedRowCount > 0 { note("dropped \(table.droppedRowCount) row(s) with missing values (--drop-missing)") }
        let report = try inFileRows(droppedRows: table.droppedRowCount, columns: wanted) { () throws -> FitReport in
            let data = try RegressionData(table: table, target: target, features: featureNames, weights: weights)
            if data.zeroWeightRowCount > 0 { noteZeroWeights(data.zeroWeightRowCount) }
            // Gradient-trained models: say when the raw features would make
            // gradient descent crawl, and that LossKit standardizes them.
            if model == .sgd || model.rawValue == "mlp", data.featureCount <= 500,
               let warning = try? GradientConditioning(data: data, fitIntercept: true).warning {
                note(warning)
            }
            // An iterative fit on a million rows takes seconds: say where it is.
            let progress = Progress(label: "fitting \(model.rawValue)", enabled: !output.json)
            defer { progress.finish() }
            let fitted = try ModelCatalog.estimator(named: model.rawValue, settings: settings())
                .fitModel(data) { step in progress.update { step.message } }
            return try FitReport(model: fitted, trainingData: data)
        }
        try finish(report)
    }

    /// The library's settings for these flags.
    func settings() throws -> ModelCatalog.Settings {
        var s = ModelCatalog.Settings()
        s.fitIntercept = !noIntercept
        s.confidenceLevel = level
        s.alpha = alpha
        s.alphas = try alphas.map { try commaSeparatedNumbers($0, option: "--alphas") }
        s.crossValidate = cv
        s.degree = degree
        s.huberK = huberK
        s.quantile = quantile
        s.sgd = model == .sgd ? try sgdEstimator() : nil
        if model.rawValue == "svr" { svr.fill(&s, training: training) }
        if model.rawValue == "mlp" { try mlp.fill(&s, training: training) }
        return s
    }

    func finish(_ report: FitReport) throws {
        var report = report
        if let save {
            try AtomicFile.write(try report.model.modelFileData(), to: save, inputs: [file])
            report.savedTo = save
            if !output.json, save != "-" { note("saved the \(report.model.modelKind) model to \(save)") }
        }
        if report.streamed == nil { report.streamed = false }
        print(output.json ? report.json.rendered() : report.text(source: file, targetName: target))
    }

    /// Streams the file twice in blocks (fit, then training metrics): memory
    /// independent of the number of rows.
    func runStreaming(featureNames: [String]) throws {
        guard featureNames.count <= StreamedLeastSquaresFit.maximumFeatureCount else {
            throw ToolError("--stream holds a (p + 2)² triangle in memory and takes at most \(StreamedLeastSquaresFit.maximumFeatureCount) features; "
                + "this fit has \(featureNames.count): choose fewer with --features")
        }
        let fit = StreamedLeastSquaresFit(target: target, features: featureNames, weights: weights,
                                          fitIntercept: !noIntercept, ridgeAlpha: model == .ridge ? alpha ?? 1 : nil,
                                          confidenceLevel: level, rowsPerBlock: blockRows)
        // A pipe or standard input is read once: the fit pass and the scoring
        // pass read a temporary copy of it.
        let spooled = try SpooledInput.ifReadOnce(file)
        defer { spooled?.remove() }
        let fitting = Progress(label: "fitting"), scoring = Progress(label: "scoring")
        let outcome = try inFileRows(droppedRows: 0, columns: featureNames + [target] + (weights.map { [$0] } ?? [])) {
            try fit.run(path: spooled?.path ?? file, options: input.readOptions(columns: nil)) { phase, rows in
                (phase == .fitting ? fitting : scoring).update(rows: rows)
            }
        }
        fitting.finish()
        if outcome.droppedRowCount > 0 { note("dropped \(outcome.droppedRowCount) row(s) with missing values (--drop-missing)") }
        if outcome.zeroWeightRowCount > 0 { noteZeroWeights(outcome.zeroWeightRowCount) }
        try finish(outcome.report)
    }

    func noteZeroWeights(_ count: Int) {
        note("left out \(count) row(s) whose weight is 0 (they do not count in the fit)")
    }

    func resolveFeatures(header: [String]) throws -> [String] {
        let names = try featureColumns(header: header, target: target, features: features, excluded: weights.map { [$0] } ?? [])
        if degree != nil, names.count != 1 {
            throw ValidationError("--degree needs exactly one feature; got \(names.count) (\(names.joined(separator: ", "))): pick one with --features")
        }
        return names
    }
}
