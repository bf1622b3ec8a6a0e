import ArgumentParser
import Foundation
import LossKit

/// `losskit converge`: why L2 is easy to train by gradient, and when it is not.
struct ConvergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converge",
        abstract: "Train one linear model under L2, Huber and L1 with one optimizer and show how fast each converges.",
        discussion: """
        Trains the same linear model (intercept, no penalty) under each loss, starting
        from zero, for exactly --iterations iterations (epochs for sgd and adam), and
        compares every run with the exact optimum of its loss: direct least squares
        for L2, the exact LP fit for L1, IRLS for Huber (δ = 1.345·σ̂, σ̂ the MAD of
        the L1 residuals / 0.6745). Per loss it prints the optimum, the suboptimality
        reached, the iterations needed to reach 1e-6 of the starting gap and the
        measured rate; for L2 also the condition number κ of the scaled Gram matrix
        and the rate it predicts: (κ−1)/(κ+1) per iteration for gradient descent with
        the best fixed step, (√κ−1)/(√κ+1) for Nesterov.

        Examples:
          losskit converge data.csv --target y
          losskit converge data.csv --target y --optimizer nesterov --iterations 500
          losskit converge data.csv --target y --no-standardize --output convergence.html
          losskit converge data/anscombe.csv --target y3 --features x3 --json
        """
    )

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The column to predict.", valueName: "column"))
    var target: String

    @Option(help: ArgumentHelp("Feature columns, comma-separated; write a comma in a name as \\, (default: all but the target).", valueName: "a,b,..."))
    var features: String?

    @Option(help: ArgumentHelp("Losses to compare: \(ConvergenceStudy.Loss.allCases.map(\.rawValue).joined(separator: ",")).", valueName: "l1,l2,..."))
    var losses: String = "l2,huber,l1"

    @Option(help: ArgumentHelp("The optimizer: \(ConvergenceStudy.Optimizer.allCases.map(\.rawValue).joined(separator: "|")).", valueName: "name"))
    var optimizer: String = "gd"

    @Option(parsing: .unconditional, help: ArgumentHelp("Iterations (epochs for sgd and adam), 1 to \(ConvergenceStudy.maximumIterations).", valueName: "N"))
    var iterations: Int = 1000

    @Flag(help: "Train on the centered but unscaled features (LossKit standardizes by default).")
    var noStandardize = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Shuffling seed of sgd and adam.", valueName: "S"))
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: ArgumentHelp("Also write an HTML page with the convergence plots (a regular file atomically; never over an input; '-': standard output).", valueName: "report.html"))
    var output: String?

    @OptionGroup var input: DataInputOptions
    @OptionGroup var jsonOutput: OutputOptions

    func validate() throws {
        _ = try parsedLosses()
        _ = try parsedOptimizer()
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, not \(iterations)") }
        guard iterations <= ConvergenceStudy.maximumIterations else {
            throw ValidationError("--iterations \(iterations) is too large: at most \(ConvergenceStudy.maximumIterations) (the history keeps one number per iteration and loss)")
        }
        if output == "-", jsonOutput.json { throw ValidationError("--output - writes the HTML to standard output, where --json prints too; give --output a file") }
    }

    func parsedLosses() throws -> [ConvergenceStudy.Loss] {
        let names = commaSeparated(losses)
        if names.isEmpty { throw ValidationError("--losses needs at least one loss") }
        let valid = ConvergenceStudy.Loss.allCases.map(\.rawValue).joined(separator: ", ")
        return try unique(names).map { name in
            guard let loss = ConvergenceStudy.Loss(rawValue: name) else {
                throw ValidationError("unknown loss '\(DisplayText.sanitized(name))' in --losses; choose from \(valid)")
            }
            return loss
        }
    }

    func parsedOptimizer() throws -> ConvergenceStudy.Optimizer {
        guard let value = ConvergenceStudy.Optimizer(rawValue: optimizer) else {
            throw ValidationError("unknown optimizer '\(DisplayText.sanitized(optimizer))' for --optimizer; choose from \(ConvergenceStudy.Optimizer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func run() throws {
        let header = try DataReader.header(path: file, options: input.readOptions(columns: nil))
        let featureNames = try featureColumns(header: header, target: target, features: features)
        let table = try DataReader.read(path: file, options: input.readOptions(columns: unique(featureNames + [target])))
        if table.droppedRowCount > 0 { note("dropped \(table.droppedRowCount) row(s) with missing values (--drop-missing)") }
        let study = ConvergenceStudy(losses: try parsedLosses(), optimizer: try parsedOptimizer(), iterations: iterations,
                                     standardize: !noStandardize, seed: seed)
        let progress = Progress(label: "converge")
        let data = try inFileRows(droppedRows: table.droppedRowCount, columns: featureNames + [target]) {
            try RegressionData(table: table, target: target, features: featureNames)
        }
        let report = try study.run(data) { loss, k in progress.update { "\(loss.rawValue): iteration \(k) of \(iterations)" } }
        // The page also shows the L2 run with and without standardization.
        let comparison = output == nil ? nil : try study.standardizationComparison(data)
        progress.finish()
        if let output {
            let section = ConvergenceSection(report: report, comparison: comparison).section()
            let document = ReportDocument(
                title: "LossKit convergence: \(target)", subtitle: "\(file) — \(report.optimizer.rawValue), \(iterations) iterations",
                details: [.init("data", file), .init("rows", String(data.rowCount)), .init("target", target),
                          .init("features", featureNames.joined(separator: ", "))],
                sections: [section], footer: "Made by losskit converge.")
            try AtomicFile.write(Data(document.html().utf8), to: output, inputs: [file])
        }
        if jsonOutput.json {
            var json = report.json
            if case var .object(members) = json, let output {
                members.append(("output", .string(output)))
                json = .object(members)
            }
            print(json.rendered())
        } else if output != "-" {
            print(report.text(source: DisplayText.path(file)))
            if let output { note("wrote \(output); open it in a browser") }
        }
    }
}
