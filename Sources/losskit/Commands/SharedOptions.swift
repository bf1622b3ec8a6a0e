import Foundation
import LossKit
import ArgumentParser

/// How input files are read; shared by every subcommand that reads data.
struct DataInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Field delimiter of a text file: a single character, or 'tab'. Default: detected from the header line.", valueName: "char"))
    var delimiter: String?

    @Flag(help: "Skip rows with a missing value (empty, NA, NaN, null) and report how many; the default is an error naming the row and column.")
    var dropMissing = false

    @Option(help: ArgumentHelp("Column names for a .npy file, comma-separated (default c0, c1, ...).", valueName: "a,b,..."))
    var names: String?

    func validate() throws {
        if let delimiter, delimiter != "tab", delimiter.unicodeScalars.count != 1 {
            throw ValidationError("--delimiter must be one character or 'tab', not '\(delimiter)'")
        }
    }

    var delimiterByte: UInt8? {
        guard let delimiter else { return nil }
        if delimiter == "tab" { return UInt8(ascii: "\t") }
        return delimiter.utf8.first
    }

    var columnNames: [String]? {
        names.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}

/// `--json` for machine-readable output, on every subcommand.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object instead of tables (numbers with round-trip precision; NaN and infinity as null).")
    var json = false
}

/// Splits "a,b,c" into trimmed, non-empty names.
func commaSeparated(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Parses "0.1,1,10" into numbers, naming the option in the error.
func commaSeparatedNumbers(_ text: String, option: String) throws -> [Double] {
    try commaSeparated(text).map { item in
        guard let value = Double(item) else {
            throw ValidationError("\(option) must be a comma-separated list of numbers; '\(item)' is not a number")
        }
        return value
    }
}

extension DataInputOptions {
    /// The library's read options for these flags, reading only `columns`.
    func readOptions(columns: [String]?) -> DataReadOptions {
        var options = DataReadOptions()
        if let byte = delimiterByte {
            switch byte {
            case UInt8(ascii: ","): options.delimiter = .comma
            case UInt8(ascii: "\t"): options.delimiter = .tab
            case UInt8(ascii: ";"): options.delimiter = .semicolon
            default: options.delimiter = .character(Character(Unicode.Scalar(byte)))
            }
        }
        options.missingValues = dropMissing ? .dropRow : .error
        options.columns = columns
        options.columnNames = columnNames
        return options
    }
}

/// Writes a note to standard error (never mixed into JSON on standard output).
func note(_ text: String) {
    FileHandle.standardError.write(Data(("losskit: " + text + "\n").utf8))
}
