#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The first lines of a delimited text file: the byte-order mark, leading
/// blank and comment lines, the delimiter, and the first record split into
/// fields (the header, or the first data row of a file without one).
///
/// Speed does not matter here (it runs once per file), clarity does.
enum CSVFirstRecord {
    /// Where the first record starts after an optional UTF-8 byte-order mark
    /// and any blank or comment lines, and how many lines were skipped.
    /// Nil when a skipped line runs past the bytes there are (read more).
    static func skipPreamble(
        _ bytes: UnsafeBufferPointer<UInt8>, commentPrefix: [UInt8], isFinal: Bool
    ) -> (offset: Int, lines: Int)? {
        var i = 0
        var lines = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            i = 3
        } else if !isFinal && bytes.count < 3 {
            return nil
        }
        while i < bytes.count {
            let lineEnd = bytes[i...].firstIndex(of: CSVDialect.lineFeed)
            let isBlank = bytes[i] == CSVDialect.lineFeed
                || (bytes[i] == CSVDialect.carriageReturn && (i + 1 == bytes.count || bytes[i + 1] == CSVDialect.lineFeed))
            let isComment = !commentPrefix.isEmpty && bytes[i...].starts(with: commentPrefix)
            // The window may end inside a comment prefix ("/" of "//"): read
            // on before judging the line (csv-4: the line was taken as the
            // header and the real header counted as data row 1).
            if !isComment, !isFinal, bytes.count - i < commentPrefix.count,
               commentPrefix.starts(with: bytes[i...]) {
                return nil
            }
            guard isBlank || isComment else { return (i, lines) }
            guard let lineEnd else {
                return isFinal ? (bytes.count, lines) : nil
            }
            i = lineEnd + 1
            lines += 1
        }
        return isFinal ? (i, lines) : nil
    }

    /// The bytes at the start of a file that decide whether it ends lines
    /// with a lone CR: the default chunk size, so a default read decides on
    /// its first chunk as before, and a read with smaller chunks reads on.
    static let lineEndProbeBytes = 8 << 20

    /// Whether `bytes` (the file's first `lineEndProbeBytes`) hold no line feed at all and
    /// their first line end outside quotes is a carriage return: a file with
    /// CR-only line ends, as old Mac programs write them. A file with any
    /// line feed keeps LF / CR LF line ends (a stray CR there is an error
    /// naming its row). A CR that is the last byte read, with more to come,
    /// is taken as the start of a CR LF.
    static func endsLinesWithCarriageReturn(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Bool {
        guard let base = bytes.baseAddress, memchr(base, Int32(CSVDialect.lineFeed), bytes.count) == nil,
              memchr(base, Int32(CSVDialect.carriageReturn), bytes.count) != nil
        else { return false }
        var inQuotes = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == CSVDialect.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == CSVDialect.lineFeed { return false }
                if byte == CSVDialect.carriageReturn {
                    return i + 1 < bytes.count ? bytes[i + 1] != CSVDialect.lineFeed : isFinal
                }
            }
            i += 1
        }
        return false
    }

    /// The delimiter among `,`, `\t`, `;` that occurs most often outside
    /// quotes in the whole record at `offset` (ties: in that order; none: `,`),
    /// or nil when the record runs past the bytes there are and more can be
    /// read: the caller reads on, so the choice never depends on where a
    /// chunk of the file ends.
    ///
    /// Quotes as in `split`: a quote opens a quoted field only at the start
    /// of a field (after any of the candidates, the delimiter not being known
    /// yet), `""` inside is a quote, and a quote in the middle of an unquoted
    /// field is an ordinary character (so a stray one does not make the
    /// record run on to the next quote of the file).
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, isFinal: Bool) -> UInt8? {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")]
        var counts = [0, 0, 0]
        var inQuotes = false
        var atFieldStart = true
        var ended = false
        var i = offset
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == CSVDialect.quote {
                    if i + 1 == bytes.count && !isFinal { return nil }
                    if i + 1 < bytes.count && bytes[i + 1] == CSVDialect.quote {
                        i += 2
                        continue
                    }
                    inQuotes = false
                }
                i += 1
                continue
            }
            if byte == CSVDialect.lineFeed {
                ended = true
                break
            }
            if byte == CSVDialect.quote && atFieldStart {
                inQuotes = true
                atFieldStart = false
                i += 1
                continue
            }
            atFieldStart = false
            switch byte {
            case candidates[0]: counts[0] += 1; atFieldStart = true
            case candidates[1]: counts[1] += 1; atFieldStart = true
            case candidates[2]: counts[2] += 1; atFieldStart = true
            default: break
            }
            i += 1
        }
        if !ended && !isFinal { return nil }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
        return counts[best] > 0 ? candidates[best] : candidates[0]
    }

    /// Splits the record at `offset` into fields, unquoting quoted ones.
    ///
    /// Returns the fields, the offset after the record and the lines it
    /// spans, or nil when the record runs past the bytes there are and more
    /// can be read. `headerLine` is the record's 1-based line (for errors).
    static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, delimiter: UInt8, isFinal: Bool, headerLine: Int,
        isHeader: Bool
    ) throws -> (fields: [[UInt8]], next: Int, lines: Int)? {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var i = offset
        var lines = 0
        var quoted = false
        var fieldIsQuoted = false
        var afterClosingQuote = false
        let row: Int? = isHeader ? nil : 1
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == CSVDialect.quote {
                    if i + 1 < bytes.count && bytes[i + 1] == CSVDialect.quote {
                        field.append(byte)
                        i += 2
                        continue
                    }
                    if i + 1 == bytes.count && !isFinal { return nil }
                    quoted = false
                    afterClosingQuote = true
                } else {
                    if byte == CSVDialect.lineFeed { lines += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            if byte == delimiter {
                fields.append(field)
                field = []
                fieldIsQuoted = false
                afterClosingQuote = false
                i += 1
                continue
            }
            if byte == CSVDialect.lineFeed {
                if !fieldIsQuoted, field.last == CSVDialect.carriageReturn { field.removeLast() }
                fields.append(field)
                return (fields, i + 1, lines + 1)
            }
            if byte == CSVDialect.quote && field.isEmpty && !fieldIsQuoted {
                quoted = true
                fieldIsQuoted = true
                i += 1
                continue
            }
            if afterClosingQuote && byte != UInt8(ascii: " ") && byte != CSVDialect.carriageReturn {
                throw DataError.malformedQuote(
                    row: row, line: headerLine, detail: "text follows the closing quote of field \(fields.count + 1)")
            }
            if !afterClosingQuote { field.append(byte) }
            i += 1
        }
        guard isFinal else { return nil }
        if quoted {
            throw DataError.malformedQuote(row: row, line: headerLine, detail: "the closing quote is missing")
        }
        if !fieldIsQuoted, field.last == CSVDialect.carriageReturn { field.removeLast() }
        fields.append(field)
        return (fields, i, lines)
    }
}
