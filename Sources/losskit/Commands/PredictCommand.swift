import ArgumentParser
import Foundation
import LossKit

/// `losskit predict`: apply a saved model to a data file, streaming.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a saved model file; streams the data file in blocks.",
        discussion: """
        Writes a CSV with the model's input columns and a 'prediction' column, to
        --output (a regular file is written atomically; never over an input) or
        standard output (also '--output -').
        With --json: a summary object, holding the predictions themselves when
        there is no --output.
        The data file needs the columns the model was fitted on (by name).

        Examples:
          losskit fit data/anscombe.csv --target y1 --features x1 --save model.json
          losskit predict model.json data/anscombe.csv --output predictions.csv
        """
    )

    @Argument(help: ArgumentHelp("A model file written by 'losskit fit --save'.", valueName: "model.json"))
    var modelFile: String

    @Argument(help: ArgumentHelp("A CSV/TSV file with a header row, or a .npy file.", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the predictions here instead of standard output ('-': standard output).", valueName: "out.csv"))
    var output: String?

    @Option(parsing: .unconditional,
            help: "Rows per block when streaming the input (lowered so that a block holds at most 256 MiB).")
    var blockRows: Int = 65_536

    @OptionGroup var input: DataInputOptions
    @OptionGroup var jsonOutput: OutputOptions

    func validate() throws {
        guard blockRows >= 1 else { throw ValidationError("--block-rows must be at least 1") }
    }

    func run() throws {
        let model = try SavedModel.load(from: readWholeFile(modelFile))
        let names = model.inputNames
        let header = try DataReader.header(path: file, options: input.readOptions(columns: nil))
        try requireColumns(names, in: header, file: file)
        // '-' is standard output, as no --output is.
        let output = self.output == "-" ? nil : self.output
        // --json without --output collects the predictions into the JSON object
        // instead of writing CSV to standard output.
        let collect = jsonOutput.json && output == nil
        let writer = collect ? nil : try StreamingFileWriter(path: output ?? "-", inputs: [file, modelFile])
        var collected: [Double] = []
        try writer?.write((names + ["prediction"]).map(csvField).joined(separator: ",") + "\n")
        var rows = 0, dropped = 0
        let blockRows = StreamedLeastSquaresFit.rowsPerBlock(blockRows, columns: names.count)
        try DataReader.forEachBlock(path: file, options: input.readOptions(columns: names), rowsPerBlock: blockRows) { block in
            let columns = try block.columns(named: names)
            let predictions = try model.predict(columns: columns)
            if collect { collected += predictions }
            var text = ""
            text.reserveCapacity(block.rowCount * (names.count + 1) * 20)
            for i in 0..<block.rowCount {
                for column in columns { text += column[i].description; text += "," }
                text += predictions[i].description
                text += "\n"
            }
            try writer?.write(text)
            rows += block.rowCount
            dropped += block.droppedRowCount
        }
        try writer?.commit()
        if dropped > 0 { note("dropped \(dropped) row(s) with missing values (--drop-missing)") }
        if jsonOutput.json {
            var members: [(String, JSONValue)] = [
                ("model", .string(model.kind)), ("n", .int(rows)), ("dropped_rows", .int(dropped)),
                ("inputs", .array(names.map(JSONValue.string))),
            ]
            if let output { members.append(("output", .string(output))) } else { members.append(("predictions", .numbers(collected))) }
            print(JSONValue.object(members).rendered())
        } else if let output {
            note("wrote \(rows) predictions to \(output)")
        }
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or newline.
func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}
