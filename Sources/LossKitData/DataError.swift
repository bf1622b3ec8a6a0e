/// The errors the data readers (`DataReader`) throw.
///
/// Every case prints as one line that says where the problem is and what was
/// found. Locations use two numbers:
///
/// - `row`: the **1-based data row**, as a person counts the records of a
///   table: the header is not counted, nor are blank lines and comment lines.
///   The first record after the header is row 1.
/// - `line`: the **1-based physical line of the file** where the record
///   starts (every line counts: header, comments, blank lines), as an editor
///   shows it. A quoted field with a newline makes one record span two lines.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read; `reason` is the system's message.
    case cannotRead(path: String, reason: String)
    /// The file holds no header and no data (it is empty, or only blank lines,
    /// comments or a byte-order mark).
    case emptyFile(path: String)
    /// The file has a header but not a single data row.
    case noDataRows(path: String)
    /// Bytes that are not valid UTF-8. `row` is nil when the header is at fault.
    case invalidUTF8(row: Int?, line: Int)
    /// A missing value (empty field, `NA`, `NaN`, `null`, …) in a column that
    /// is read, with the `.error` missing-value policy.
    case missingValue(row: Int, line: Int, column: String, text: String)
    /// A field of a column that is read is not a number.
    case notANumber(row: Int, line: Int, column: String, text: String)
    /// A record has a different number of fields than the header.
    case raggedRow(row: Int, line: Int, expected: Int, actual: Int)
    /// A quoted field is not closed before the end of the file, or text
    /// follows its closing quote.
    case malformedQuote(row: Int?, line: Int, detail: String)
    /// A requested column is not in the file; `available` lists those that are.
    case missingColumn(name: String, available: [String])
    /// Two columns have the same name (after trimming spaces).
    case duplicateColumn(name: String)
    /// An option is invalid or does not fit the file.
    case invalidOption(name: String, reason: String)
    /// A `.npy` file does not start with the NumPy magic string.
    case badNPYMagic(path: String)
    /// A `.npy` file's header is malformed, or of a version this reader does not know.
    case badNPYHeader(path: String, detail: String)
    /// A `.npy` file holds a data type other than `<f8`, `>f8`, `<f4`, `>f4`.
    case unsupportedNPYType(path: String, descr: String)
    /// A `.npy` file has an array shape other than 1-D or 2-D.
    case unsupportedNPYShape(path: String, shape: [Int])
    /// A NaN in a `.npy` array, with the `.error` missing-value policy
    /// (`row` is the 1-based data row, `column` the column name).
    case missingNPYValue(path: String, row: Int, column: String)
    /// A file ends before all the data its header announces.
    case truncatedFile(path: String, expectedBytes: Int, actualBytes: Int)
    /// A record (or the header, or a comment line) that starts at `line`
    /// runs on for more than `limit` bytes without a line end: a file that
    /// is not delimited text, or has records longer than
    /// `DataReadOptions.maxRecordBytes` allows.
    case recordTooLong(path: String, line: Int, limit: Int)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(DisplayText.path(path)): \(DisplayText.sanitized(reason, limit: 200))"
        case let .emptyFile(path):
            return "\(DisplayText.path(path)) is empty: it has no header and no data rows"
        case let .noDataRows(path):
            return "\(DisplayText.path(path)) has a header but no data rows"
        case let .invalidUTF8(row, line):
            if let row {
                return "data row \(row) (line \(line)) contains bytes that are not valid UTF-8"
            }
            return "the header (line \(line)) contains bytes that are not valid UTF-8"
        case let .missingValue(row, line, column, text):
            return "missing value \(Self.quoted(text)) in column '\(DisplayText.sanitized(column))' at data row \(row) (line \(line)); "
                + "use the drop-row missing-value policy to skip such rows"
        case let .notANumber(row, line, column, text):
            return "\(Self.quoted(text)) in column '\(DisplayText.sanitized(column))' at data row \(row) (line \(line)) is not a number"
        case let .raggedRow(row, line, expected, actual):
            return "data row \(row) (line \(line)) has \(actual) fields but the header has \(expected)"
        case let .malformedQuote(row, line, detail):
            let place = row.map { "data row \($0) (line \(line))" } ?? "the header (line \(line))"
            return "malformed quoted field in \(place): \(DisplayText.sanitized(detail, limit: 200))"
        case let .missingColumn(name, available):
            return "no column named '\(DisplayText.sanitized(name))'; the columns are: \(DisplayText.list(available))"
        case let .duplicateColumn(name):
            return "the column name '\(DisplayText.sanitized(name))' appears more than once"
        case let .invalidOption(name, reason):
            return "invalid option \(name): \(DisplayText.sanitized(reason, limit: 300))"
        case let .badNPYMagic(path):
            return "\(DisplayText.path(path)) is not a NumPy .npy file (it does not start with \\x93NUMPY)"
        case let .badNPYHeader(path, detail):
            return "\(DisplayText.path(path)) has a malformed .npy header: \(DisplayText.sanitized(detail, limit: 200))"
        case let .unsupportedNPYType(path, descr):
            return "\(DisplayText.path(path)) holds dtype '\(DisplayText.sanitized(descr))'; only float64 and float32 ('<f8', '>f8', '<f4', '>f4') are read"
        case let .unsupportedNPYShape(path, shape):
            return "\(DisplayText.path(path)) has shape (\(shape.map(String.init).joined(separator: ", "))); only 1-D and 2-D arrays are read"
        case let .missingNPYValue(path, row, column):
            return "NaN (a missing value) in column '\(DisplayText.sanitized(column))' at data row \(row) of \(DisplayText.path(path)); "
                + "use the drop-row missing-value policy to skip such rows"
        case let .truncatedFile(path, expectedBytes, actualBytes):
            return "\(DisplayText.path(path)) is truncated: its header announces \(expectedBytes) bytes of data but \(actualBytes) are there"
        case let .recordTooLong(path, line, limit):
            return "\(DisplayText.path(path)): the record at line \(line) runs on for more than \(limit) bytes "
                + "(the longest record read) without a line end; is it a delimited text file?"
        }
    }

    /// Shows a field as typed, shortened so one long field cannot flood the message.
    static func quoted(_ text: String) -> String {
        "'\(DisplayText.sanitized(text, limit: 60))'"
    }
}
