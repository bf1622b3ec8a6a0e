import Foundation
import LossKit
import ArgumentParser

/// How input files are read; shared by every subcommand that reads data.
struct DataInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Field delimiter of a text file: a single character, or 'tab'. Default: detected from the header line.", valueName: "char"))
    var delimiter: String?

    @Flag(help: "Skip rows with a missing value (empty, NA, NaN, null) and report how many; the default is an error naming the row and column.")
    var dropMissing = false

    @Option(help: ArgumentHelp("Column names for a .npy file, comma-separated; write a comma in a name as \\, (default c0, c1, ...).", valueName: "a,b,..."))
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
        names.map { splitNameList($0) }
    }
}

/// `--json` for machine-readable output, on every subcommand.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object instead of tables (numbers with round-trip precision; NaN and infinity as null).")
    var json = false
}

/// Splits "a,b,c" into trimmed, non-empty names.
///
/// A column name may hold the separator: `\,` is a comma inside a name and
/// `\\` a backslash (`--features 'price\, USD,qty'` names `price, USD` and
/// `qty`); a backslash before anything else is kept as it is.
func commaSeparated(_ text: String) -> [String] {
    splitNameList(text).filter { !$0.isEmpty }
}

/// Splits at the commas that are not escaped by a backslash, unescapes
/// `\,` and `\\`, and trims spaces; empty items are kept. One pass: linear
/// in the text.
func splitNameList(_ text: String) -> [String] {
    var items: [String] = []
    var current = ""
    var escaped = false
    for character in text {
        if escaped {
            if character != "," && character != "\\" { current.append("\\") }
            current.append(character)
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "," {
            items.append(current.trimmingCharacters(in: .whitespaces))
            current = ""
        } else {
            current.append(character)
        }
    }
    if escaped { current.append("\\") }
    items.append(current.trimmingCharacters(in: .whitespaces))
    return items
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

/// The feature columns for `--target` and `--features` in a file with
/// `header`: the listed ones, or every column but the target and `excluded`.
/// Throws a usage error naming the missing column and listing (the first of)
/// the columns there are; names from the file or the command line are
/// printed sanitized (`DisplayText`).
///
/// - Complexity: O(columns + listed names): set look-ups, so a header of a
///   million columns takes no longer than reading it.
func featureColumns(header: [String], target: String, features: String?, excluded: [String] = []) throws -> [String] {
    let columns = Set(header)
    let available = DisplayText.list(header)
    guard columns.contains(target) else {
        throw ValidationError("no column '\(DisplayText.sanitized(target))' for --target; the columns are \(available)")
    }
    guard let features else {
        let left = Set(excluded)
        let names = header.filter { $0 != target && !left.contains($0) }
        if names.isEmpty { throw ValidationError("no feature columns: the file has only the target\(excluded.isEmpty ? "" : " and weights")") }
        return names
    }
    let names = commaSeparated(features)
    for name in names where !columns.contains(name) {
        throw ValidationError("no column '\(DisplayText.sanitized(name))' in --features; the columns are \(available)")
    }
    if names.contains(target) {
        throw ValidationError("--features must not include the target '\(DisplayText.sanitized(target))'")
    }
    if names.isEmpty { throw ValidationError("--features names no column") }
    return names
}

/// Throws a usage error naming the first of `names` (a model's inputs) that
/// `header` lacks. Linear: one set of the header, one look-up per name.
func requireColumns(_ names: [String], in header: [String], file: String) throws {
    let columns = Set(header)
    for name in names where !columns.contains(name) {
        throw ValidationError(
            "the model needs column '\(DisplayText.sanitized(name))', which \(DisplayText.path(file)) lacks; "
                + "its columns are \(DisplayText.list(header))")
    }
}
