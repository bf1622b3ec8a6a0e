/// The byte-level settings of one delimited text file, resolved from
/// `DataReadOptions` and the file's first record.
struct CSVDialect: Sendable {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    var delimiter: UInt8
    /// Empty when comments are off.
    var commentPrefix: [UInt8]
    /// Texts that mean "missing" (compared after trimming spaces).
    var missingTokens: [[UInt8]]
    var dropRowsWithMissingValues: Bool

    /// Whether `byte` is padding that may surround a number.
    @inline(__always)
    func isPadding(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "\t") && delimiter != UInt8(ascii: "\t"))
    }

    /// Whether the line at `p` starts with the comment prefix.
    @inline(__always)
    func isComment(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        guard !commentPrefix.isEmpty, end - p >= commentPrefix.count else { return false }
        for (i, byte) in commentPrefix.enumerated() where p[i] != byte { return false }
        return true
    }
}

/// Which columns of the file are read, and where each one goes.
struct CSVLayout: Sendable {
    /// The names of all fields of a record, as in the header.
    var fieldNames: [String]
    /// For each field of a record: its column in the output, or -1 when unread.
    var outputColumn: [Int]
    /// The names of the output columns, in output order.
    var outputNames: [String]

    var fieldCount: Int { fieldNames.count }
    var outputCount: Int { outputNames.count }

    init(fieldNames: [String], selecting selection: [String]?) throws {
        var seen = Set<String>()
        for name in fieldNames where !seen.insert(name).inserted {
            throw DataError.duplicateColumn(name: name)
        }
        self.fieldNames = fieldNames
        var output = [Int](repeating: -1, count: fieldNames.count)
        if let selection {
            var chosen = Set<String>()
            for (k, name) in selection.enumerated() {
                guard chosen.insert(name).inserted else {
                    throw DataError.invalidOption(name: "columns", reason: "'\(name)' is selected twice")
                }
                guard let field = fieldNames.firstIndex(of: name) else {
                    throw DataError.missingColumn(name: name, available: fieldNames)
                }
                output[field] = k
            }
            outputNames = selection
        } else {
            output = Array(fieldNames.indices)
            outputNames = fieldNames
        }
        outputColumn = output
    }
}
