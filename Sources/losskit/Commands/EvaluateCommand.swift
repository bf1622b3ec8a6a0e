import ArgumentParser
import Foundation
import LossKit

/// `losskit evaluate`: every metric and every loss of a prediction column
/// against a target column.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Every regression metric and loss of a prediction column against a target column.",
        discussion: """
        Metrics follow scikit-learn (mse, rmse, mae, r2, explained_variance, max_error,
        median_absolute_error, mape, mean_pinball_loss); losses are the mean per-sample
        loss (squared_error, absolute_error, huber, smooth_l1, log_cosh, pinball,
        epsilon_insensitive, squared_epsilon_insensitive). With --weights every mean is
        Σ wᵢ·ℓᵢ / Σ wᵢ (max_error ignores weights, as in scikit-learn).

        Examples:
          losskit evaluate predictions.csv --target y --prediction yhat
          losskit evaluate predictions.csv --target y --prediction yhat --weights w --delta 2 --json
        """
    )

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The column of true values y.", valueName: "column"))
    var target: String

    @Option(help: ArgumentHelp("The column of predictions ŷ.", valueName: "column"))
    var prediction: String

    @Option(help: ArgumentHelp("A column of non-negative sample weights.", valueName: "column"))
    var weights: String?

    @Option(parsing: .unconditional, help: "Huber delta and smooth-L1 beta (absolute, in the units of y).")
    var delta: Double = 1.0

    @Option(parsing: .unconditional, help: "Smooth-L1 beta, when it should differ from --delta.")
    var beta: Double?

    @Option(parsing: .unconditional, help: "Quantile τ of the pinball loss, in (0, 1).")
    var quantile: Double = 0.5

    @Option(parsing: .unconditional, help: "Width ε of the epsilon-insensitive (SVR) losses.")
    var epsilon: Double = 0.1

    @OptionGroup var input: DataInputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard delta > 0, delta.isFinite else { throw ValidationError("--delta must be a positive number, not \(delta)") }
        if let beta, !(beta >= 0 && beta.isFinite) { throw ValidationError("--beta must be >= 0, not \(beta)") }
        guard quantile > 0, quantile < 1 else { throw ValidationError("--quantile must be in (0, 1), not \(quantile)") }
        guard epsilon >= 0, epsilon.isFinite else { throw ValidationError("--epsilon must be >= 0, not \(epsilon)") }
    }

    func run() throws {
        var wanted = [target, prediction]
        if let weights { wanted.append(weights) }
        let table = try DataReader.read(path: file, options: input.readOptions(columns: unique(wanted)))
        let y = try table.column(named: target)
        let yhat = try table.column(named: prediction)
        let w = try weights.map { try table.column(named: $0) }
        let evaluation = try EvaluationReport(predictions: yhat, targets: y, weights: w,
                                              parameters: .init(delta: delta, beta: beta ?? delta, quantile: quantile, epsilon: epsilon))
        if table.droppedRowCount > 0 {
            note("dropped \(table.droppedRowCount) row(s) with missing values (--drop-missing)")
        }
        if output.json {
            var members = evaluation.jsonMembers
            members.append(("dropped_rows", .int(table.droppedRowCount)))
            members.append(("weighted", .bool(w != nil)))
            print(JSONValue.object(members).rendered())
        } else {
            print(evaluation.tables(title: "\(file): \(prediction) against \(target)").joined(separator: "\n\n"))
        }
    }
}

func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}
