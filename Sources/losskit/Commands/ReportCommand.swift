import ArgumentParser
import Foundation
import LossKit

/// `losskit report`: one self-contained HTML file with plots and tables.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: fits, residuals, loss shapes, outliers, metrics.",
        discussion: """
        Fits each model (default ols,huber,l1) to the data and writes one HTML file
        with inline SVG plots: the data and fitted lines (one feature) or predicted
        against actual (several), residuals against fitted values, the residual
        distribution, the shapes of L2, L1 and Huber with the data's residuals, the
        share of squared error in the largest residuals, the robust fits' training
        curves, the ridge path and leave-one-out curve (with ridge), and the metrics.
        No scripts, fonts or network: it opens offline and prints.

        Examples:
          losskit report data/anscombe.csv --target y3 --features x3
          losskit report data.csv --target y --models ols,huber,ridge --output fits.html
        """
    )

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The column to predict.", valueName: "column"))
    var target: String

    @Option(help: ArgumentHelp("Feature columns, comma-separated; write a comma in a name as \\, (default: all but the target).", valueName: "a,b,..."))
    var features: String?

    @Option(help: ArgumentHelp("Models to fit and compare: \(ModelComparison.modelNames.joined(separator: ",")).", valueName: "m1,m2,..."))
    var models: String = "ols,huber,l1"

    @Option(parsing: .unconditional, help: ArgumentHelp("An absolute Huber threshold δ in units of y: the Huber fit uses it (with the scale held at 1) and the loss-shape plot draws it (default: the fit uses --huber-k, the plot draws δ = 1).", valueName: "δ"))
    var delta: Double?

    @Option(name: .customLong("huber-k"), parsing: .unconditional, help: ArgumentHelp("Huber's tuning constant k in units of the robust (MAD) scale, when --delta is not given; default 1.345.", valueName: "k"))
    var huberK: Double?

    @Option(parsing: .unconditional, help: "Quantile τ for the quantile model, in (0, 1).")
    var quantile: Double = 0.5

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the HTML (a regular file atomically; never over an input; '-': standard output).", valueName: "report.html"))
    var output: String = "losskit-report.html"

    @OptionGroup var input: DataInputOptions
    @OptionGroup var jsonOutput: OutputOptions

    func validate() throws {
        _ = try parsedModels()
        if let delta, !(delta > 0 && delta.isFinite) { throw ValidationError("--delta must be a positive number, not \(delta)") }
        if let huberK, !(huberK > 0 && huberK.isFinite) { throw ValidationError("--huber-k must be a positive number, not \(huberK)") }
        if delta != nil, huberK != nil { throw ValidationError("give either --delta (absolute) or --huber-k (in scale units), not both") }
        guard quantile > 0, quantile < 1 else { throw ValidationError("--quantile must be in (0, 1), not \(quantile)") }
        if output == "-", jsonOutput.json { throw ValidationError("--output - writes the HTML to standard output, where --json prints too; give --output a file") }
    }

    func parsedModels() throws -> [String] {
        let names = commaSeparated(models)
        if names.isEmpty { throw ValidationError("--models needs at least one model") }
        for name in names where !ModelComparison.modelNames.contains(name) {
            throw ValidationError("unknown model '\(name)' in --models; choose from \(ModelComparison.modelNames.joined(separator: ", "))")
        }
        return unique(names)
    }

    func run() throws {
        let header = try DataReader.header(path: file, options: input.readOptions(columns: nil))
        let featureNames = try featureColumns(header: header, target: target, features: features)
        let table = try DataReader.read(path: file, options: input.readOptions(columns: unique(featureNames + [target])))
        if table.droppedRowCount > 0 { note("dropped \(table.droppedRowCount) row(s) with missing values (--drop-missing)") }
        let models = try parsedModels()
        var settings = ModelCatalog.Settings()
        settings.huberDelta = delta
        settings.huberK = huberK
        settings.quantile = quantile
        let progress = Progress(label: "fitting")
        let comparison = try inFileRows(droppedRows: table.droppedRowCount, columns: featureNames + [target]) {
            try ModelComparison(data: RegressionData(table: table, target: target, features: featureNames),
                                models: models, settings: settings) { name, step in progress.update { "\(name): \(step.message)" } }
        }
        progress.finish()
        let document = try comparison.document(
            title: "LossKit report: \(target)", subtitle: "\(file) — \(comparison.fits.map(\.label).joined(separator: " · "))",
            source: file)
        try AtomicFile.write(Data(document.html().utf8), to: output, inputs: [file])
        if jsonOutput.json {
            print(JSONValue.object([
                ("output", .string(output)),
                ("n", .int(table.rowCount)),
                ("models", .array(comparison.fits.map { .string($0.name) })),
                ("sections", .array(document.sectionIDs.map(JSONValue.string))),
                ("verdict", comparison.verdict.map { .string($0.level.rawValue) } ?? .null),
            ]).rendered())
        } else if output != "-" {
            note("wrote \(output) (\(document.sectionIDs.count) sections); open it in a browser")
        }
    }
}
