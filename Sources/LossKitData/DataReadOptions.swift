/// How `DataReader` reads a delimited text file or a `.npy` file.
///
/// The defaults read a CSV or TSV file with a header row, detect the
/// delimiter, read every column, and stop with an error at the first missing
/// value:
///
/// ```swift
/// var options = DataReadOptions()
/// options.columns = ["y", "x1"]          // parse only these two
/// options.missingValues = .dropRow      // skip rows with NA or empty fields
/// let table = try DataReader.read(path: "data.csv", options: options)
/// ```
public struct DataReadOptions: Sendable, Hashable {
    /// The field separator of a delimited text file.
    public enum Delimiter: Sendable, Hashable {
        /// `\t` for a `.tsv`/`.tab` file; otherwise the one of `,`, `\t`, `;`
        /// that occurs most often (outside quotes) in the first record, with
        /// ties going to that order. A first record with none of them is one
        /// column, separated by `,`.
        case auto
        case comma
        case tab
        case semicolon
        /// Any other single ASCII character except `"`, `\r`, `\n`.
        case character(Character)

        /// Reads a delimiter as a command line spells it: `auto`, `comma`,
        /// `tab`, `semicolon`, `\t`, or the one character itself (`,` `;` `|` …).
        /// Nil for anything else. (The signature fits ArgumentParser's
        /// `ExpressibleByArgument`, so a tool can conform with an empty extension.)
        public init?(argument: String) {
            switch argument {
            case "auto": self = .auto
            case "comma", ",": self = .comma
            case "tab", "\\t", "\t": self = .tab
            case "semicolon", ";": self = .semicolon
            default:
                guard argument.count == 1, let character = argument.first, character.isASCII,
                      character != "\"", character != "\n", character != "\r"
                else { return nil }
                self = .character(character)
            }
        }
    }

    /// What to do with a missing value in a column that is read.
    ///
    /// The raw values (`error`, `drop-row`) are the spellings a command line
    /// uses; `CaseIterable` lets its help list them.
    public enum MissingValuePolicy: String, Sendable, Hashable, CaseIterable {
        /// Throw `DataError.missingValue` naming the row and column (default).
        case error
        /// Skip the whole row and count it in `NumericTable.droppedRowCount`.
        case dropRow = "drop-row"
    }

    /// The file format; `.auto` decides by content and extension.
    public enum Format: Sendable, Hashable {
        /// NumPy `.npy` when the file starts with the NumPy magic string,
        /// otherwise delimited text.
        case auto
        case delimitedText
        case npy
    }

    /// The tokens that mean "missing" by default (compared after trimming
    /// spaces, case-sensitively): the empty field, `NA`, `N/A`, `NaN`, `nan`,
    /// `NAN`, `null`, `NULL`.
    public static let defaultMissingTokens: [String] = ["", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL"]

    public var format: Format
    public var delimiter: Delimiter
    /// Whether the first record (after leading blank and comment lines) names
    /// the columns. Without a header, columns are named `columnNames` or
    /// `c0`, `c1`, ….
    public var hasHeader: Bool
    /// Lines that start with this prefix are skipped (nil: no comments).
    /// Only whole lines are comments; a prefix in the middle of a line is data.
    public var commentPrefix: String?
    /// Read only these columns, in this order; the other columns are not
    /// parsed (nor checked for numbers or missing values). Nil reads all;
    /// an empty list reads none (the table then only counts the rows).
    public var columns: [String]?
    public var missingValues: MissingValuePolicy
    /// The field texts that mean "missing" (see `defaultMissingTokens`).
    public var missingTokens: [String]
    /// Names for the columns of a file without names: a `.npy` file or a
    /// text file with `hasHeader == false`. Must match the column count.
    public var columnNames: [String]?
    /// The longest record (or header, or comment line) read, in bytes:
    /// 64 MiB by default. A record of up to this many bytes is always read;
    /// one that is longer stops the read with `DataError.recordTooLong`
    /// naming its line as soon as it no longer fits in the read buffer
    /// (8 MiB, or this limit if larger), so that an input with no line end
    /// (`/dev/zero`, a binary file) is refused in bounded memory instead of
    /// buffered whole. The read buffer never grows past about this limit
    /// plus one chunk. The check is made when the buffer is refilled, not
    /// per field, so it costs nothing while reading.
    public var maxRecordBytes: Int = DataReadOptions.defaultMaxRecordBytes

    /// 64 MiB: far beyond a real record, far below a machine's memory.
    public static let defaultMaxRecordBytes = 64 << 20

    public init(
        format: Format = .auto,
        delimiter: Delimiter = .auto,
        hasHeader: Bool = true,
        commentPrefix: String? = nil,
        columns: [String]? = nil,
        missingValues: MissingValuePolicy = .error,
        missingTokens: [String] = DataReadOptions.defaultMissingTokens,
        columnNames: [String]? = nil
    ) {
        self.format = format
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.commentPrefix = commentPrefix
        self.columns = columns
        self.missingValues = missingValues
        self.missingTokens = missingTokens
        self.columnNames = columnNames
    }
}
