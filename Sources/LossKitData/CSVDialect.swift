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
