#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The hot loop: delimited records from raw bytes into doubles.
///
/// One pass over the bytes. A field of a column that is read is parsed as a
/// number where it stands (no copy, no `String`); only when that fails is the
/// field delimited and looked at again (missing-value token, infinity
/// spelling, quoted number, or an error). Fields of unread columns are only
/// scanned for their end.
struct CSVRecordParser: Sendable {
    let dialect: CSVDialect
    let layout: CSVLayout
    /// Whether runs of plain records take `parsePlainRecords`.
    var usesPlainRecordLoop = true

    private enum FieldText {
        case number(Double)
        case missing
        case invalid
    }

    /// Parses the complete records of `region`.
    ///
    /// Without `isFinal`, a record that runs past the end of the region is
    /// left unconsumed (its bytes are not in `consumedBytes`) so the caller
    /// can read more and call again. With `isFinal`, the end of the region
    /// ends the last record.
    ///
    /// - Parameters:
    ///   - rowBase: data rows before this region (for 1-based error rows).
    ///   - lineBase: lines before this region (for 1-based error lines).
    func parse(
        _ region: UnsafeBufferPointer<UInt8>, isFinal: Bool, rowBase: Int, lineBase: Int,
        reusing buffer: ColumnBlockBuffer? = nil
    ) throws -> CSVParsedRegion {
        // Without a buffer to reuse, a first guess of the rows from the bytes
        // (a number takes at least 2); the buffer grows when it is short.
        let values = buffer
            ?? ColumnBlockBuffer(width: layout.outputCount, rowCapacity: region.count / max(2 * layout.fieldCount, 1) + 1)
        var result = CSVParsedRegion(values: values)
        guard let base = region.baseAddress, region.count > 0 else { return result }
        try layout.outputColumn.withUnsafeBufferPointer { outputColumn in
            try parseRecords(
                base, base + region.count, isFinal: isFinal, rowBase: rowBase, lineBase: lineBase,
                outputColumn: outputColumn, into: &result)
        }
        return result
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private func parseRecords(
        _ base: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, isFinal: Bool, rowBase: Int, lineBase: Int,
        outputColumn: UnsafeBufferPointer<Int>, into result: inout CSVParsedRegion
    ) throws {
        let lf = CSVDialect.lineFeed
        let cr = CSVDialect.carriageReturn
        let quote = CSVDialect.quote
        let delimiter = dialect.delimiter
        let hasComments = !dialect.commentPrefix.isEmpty
        let fieldCount = layout.fieldCount
        let values = result.values
        // The lean loop reads no comment lines: it is off when a comment
        // could start like a number.
        let plainRecordsAllowed = usesPlainRecordLoop && fieldCount > 0 && (!hasComments || !Self.canStartNumber(dialect.commentPrefix[0]))
        let commentLead = hasComments ? Int(dialect.commentPrefix[0]) : -1
        var p = base
        var consumed = base
        var lines = 0
        var dataRows = 0
        var rows = 0
        var dropped = 0
        defer {
            result.consumedBytes = consumed - base
            result.lineCount = lines
            result.dataRowCount = dataRows
            result.rowCount = rows
            result.droppedRowCount = dropped
        }

        recordLoop: while p < end {
            // Runs of plain records first, on the lean loop; it stops before
            // the first record it cannot take whole, which is read below.
            if plainRecordsAllowed && end - p >= DecimalFloatParser.fieldReach {
                if rows == values.rowCapacity { values.grow(keeping: rows) }
                let (next, count) = Self.parsePlainRecords(
                    p, end, into: values.base, stride: values.rowCapacity, firstRow: rows,
                    rowLimit: values.rowCapacity, outputColumn: outputColumn.baseAddress!, fieldCount: fieldCount,
                    delimiter: delimiter, commentLead: commentLead)
                if count > 0 {
                    p = next
                    rows += count
                    dataRows += count
                    lines += count
                    consumed = p
                    continue recordLoop
                }
            }
            let recordStart = p
            let first = p.pointee
            // Blank lines.
            if first == lf {
                p += 1
                lines += 1
                consumed = p
                continue
            }
            if first == cr {
                if p + 1 < end {
                    if p[1] == lf {
                        p += 2
                        lines += 1
                        consumed = p
                        continue
                    }
                } else if isFinal {
                    p += 1
                    consumed = p
                    continue
                } else {
                    break recordLoop
                }
            }
            // Comment lines.
            if hasComments && first == dialect.commentPrefix[0] && dialect.isComment(p, end) {
                guard let newline = memchr(p, Int32(lf), end - p) else {
                    if isFinal { consumed = end }
                    break recordLoop
                }
                p = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) + 1
                lines += 1
                consumed = p
                continue
            }

            // A record: its values go straight into the next row of the buffer.
            if rows == values.rowCapacity { values.grow(keeping: rows) }
            let row = values.base + rows
            let stride = values.rowCapacity
            let recordLine = lines
            let rowNumber = rowBase + dataRows + 1
            let lineNumber = lineBase + recordLine + 1
            var field = 0
            var rowHasMissing = false
            var sawHighByte = false
            var lastFieldEmpty = false
            var needMore = false

            fieldLoop: while true {
                let output = field < fieldCount ? outputColumn[field] : -1
                let fieldStart = p
                if p < end && p.pointee == quote {
                    // A quoted field: find the closing quote, skipping doubled quotes.
                    let contentStart = p + 1
                    var q = contentStart
                    var hasEscapes = false
                    var contentEnd = contentStart
                    while true {
                        guard let found = memchr(q, Int32(quote), end - q) else {
                            if isFinal {
                                throw DataError.malformedQuote(
                                    row: rowNumber, line: lineNumber, detail: "the closing quote is missing")
                            }
                            needMore = true
                            break fieldLoop
                        }
                        let at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                        if at + 1 < end && at[1] == quote {
                            hasEscapes = true
                            q = at + 2
                            continue
                        }
                        if at + 1 == end && !isFinal {
                            needMore = true
                            break fieldLoop
                        }
                        contentEnd = at
                        p = at + 1
                        break
                    }
                    var scan = contentStart
                    while scan < contentEnd {
                        if scan.pointee == lf { lines += 1 }
                        if scan.pointee >= 0x80 { sawHighByte = true }
                        scan += 1
                    }
                    while p < end && p.pointee == UInt8(ascii: " ") && delimiter != UInt8(ascii: " ") { p += 1 }
                    if p < end && p.pointee != delimiter && p.pointee != lf && p.pointee != cr {
                        throw DataError.malformedQuote(
                            row: rowNumber, line: lineNumber,
                            detail: "text follows the closing quote of field \(field + 1)")
                    }
                    if output >= 0 {
                        if hasEscapes {
                            var unescaped = [UInt8]()
                            var i = contentStart
                            while i < contentEnd {
                                unescaped.append(i.pointee)
                                i += (i.pointee == quote) ? 2 : 1
                            }
                            try unescaped.withUnsafeBufferPointer {
                                let text = $0.baseAddress!
                                try store(text, text + $0.count, in: row + output &* stride, field: field,
                                          rowNumber: rowNumber, lineNumber: lineNumber, rowHasMissing: &rowHasMissing)
                            }
                        } else {
                            try store(contentStart, contentEnd, in: row + output &* stride, field: field,
                                      rowNumber: rowNumber, lineNumber: lineNumber, rowHasMissing: &rowHasMissing)
                        }
                    }
                    lastFieldEmpty = false
                } else if output >= 0 {
                    // The fast path: a number right where the field starts.
                    if let (value, next) = DecimalFloatParser.parseCommonPrefix(p, end), next < end,
                        next.pointee == delimiter || next.pointee == lf
                            || (next.pointee == cr && next + 1 < end && next[1] == lf)
                    {
                        row[output &* stride] = value
                        p = next
                        lastFieldEmpty = false
                    } else {
                        var q = p
                        while q < end && q.pointee != delimiter && q.pointee != lf { q += 1 }
                        if q == end && !isFinal {
                            needMore = true
                            break fieldLoop
                        }
                        var textEnd = q
                        if textEnd > p && (textEnd - 1).pointee == cr { textEnd -= 1 }
                        try store(p, textEnd, in: row + output &* stride, field: field,
                                  rowNumber: rowNumber, lineNumber: lineNumber, rowHasMissing: &rowHasMissing)
                        lastFieldEmpty = textEnd == p
                        p = q
                    }
                } else {
                    // An unread column: only find where it ends.
                    p = Self.fieldEnd(p, end, delimiter: delimiter, sawHighByte: &sawHighByte)
                    let length = p - fieldStart
                    lastFieldEmpty = length == 0 || (length == 1 && fieldStart.pointee == cr)
                }
                field += 1

                // What ends the field: a delimiter, the end of the line, or of the file.
                if p == end {
                    if !isFinal {
                        needMore = true
                    }
                    break fieldLoop
                }
                let terminator = p.pointee
                if terminator == delimiter {
                    p += 1
                    continue fieldLoop
                }
                if terminator == lf {
                    p += 1
                    lines += 1
                    break fieldLoop
                }
                // A carriage return after a quoted field or a fast-path number.
                if p + 1 < end {
                    if p[1] == lf {
                        p += 2
                        lines += 1
                        break fieldLoop
                    }
                    throw DataError.malformedQuote(
                        row: rowNumber, line: lineNumber, detail: "a carriage return is not followed by a line feed")
                }
                if !isFinal {
                    needMore = true
                    break fieldLoop
                }
                p += 1
                break fieldLoop
            }

            if needMore {
                p = recordStart
                lines = recordLine
                break recordLoop
            }
            dataRows += 1
            if field != fieldCount && !(field == fieldCount + 1 && lastFieldEmpty) {
                throw DataError.raggedRow(row: rowNumber, line: lineNumber, expected: fieldCount, actual: field)
            }
            if sawHighByte && !Self.isValidUTF8(recordStart, p) {
                throw DataError.invalidUTF8(row: rowNumber, line: lineNumber)
            }
            if rowHasMissing {
                dropped += 1
            } else {
                rows += 1
            }
            consumed = p
        }
        if isFinal && p == end { consumed = end }
    }

    /// The lean loop for the common record: every field of a read column a
    /// decimal as data files write it (`DecimalFloatParser.parseField`), unread fields
    /// unquoted ASCII, the record ended by a line feed (or CR LF), exactly
    /// `fieldCount` fields. Parses such records from `start` into rows
    /// `firstRow...` of the column block at `base`, up to `rowLimit`, and
    /// stops before the first record that is anything else (quoted, padded,
    /// missing a value, blank, a comment, ragged, near `end`) without
    /// consuming any of it, for the general loop to read and judge.
    ///
    /// With little state, it keeps everything in registers; the general
    /// loop would give the same values, more slowly.
    ///
    /// - Returns: where the records taken end, and how many there are.
    private static func parsePlainRecords(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
        into base: UnsafeMutablePointer<Double>, stride: Int, firstRow: Int, rowLimit: Int,
        outputColumn: UnsafePointer<Int>, fieldCount: Int, delimiter: UInt8, commentLead: Int
    ) -> (next: UnsafePointer<UInt8>, count: Int) {
        let lf = CSVDialect.lineFeed
        let reach = DecimalFloatParser.fieldReach
        var p = start
        var row = firstRow
        recordLoop: while row < rowLimit {
            let recordStart = p
            // Blank lines, comment lines and lone CRs are the general loop's.
            guard p < end, p.pointee != lf, p.pointee != CSVDialect.carriageReturn,
                  Int(p.pointee) != commentLead else { break }
            var field = 0
            while true {
                let output = outputColumn[field]
                if output >= 0 {
                    guard end - p >= reach, let (value, next) = DecimalFloatParser.parseField(p, end) else {
                        p = recordStart
                        break recordLoop
                    }
                    base[output &* stride &+ row] = value
                    p = next
                } else {
                    // A quoted field is the general loop's; quotes inside an
                    // unquoted field are only bytes, as there.
                    var sawHighByte = false
                    let fieldStart = p
                    p = fieldEnd(p, end, delimiter: delimiter, sawHighByte: &sawHighByte)
                    guard !sawHighByte, end - p >= 2, p == fieldStart || fieldStart.pointee != CSVDialect.quote else {
                        p = recordStart
                        break recordLoop
                    }
                }
                field &+= 1
                let terminator = p.pointee
                if field < fieldCount {
                    guard terminator == delimiter else {
                        p = recordStart
                        break recordLoop
                    }
                    p += 1
                    continue
                }
                if terminator == lf {
                    p += 1
                } else if terminator == CSVDialect.carriageReturn && p[1] == lf {
                    p += 2
                } else {
                    p = recordStart
                    break recordLoop
                }
                break
            }
            row &+= 1
        }
        return (p, row &- firstRow)
    }

    /// Whether a number can start with `byte` (a digit, a sign or a point).
    static func canStartNumber(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    /// The first delimiter or line feed at or after `start` (or `end`),
    /// eight bytes at a time: a byte equal to the one sought is a zero byte
    /// of `word ^ pattern`, and `(v - 0x01…) & ~v & 0x80…` marks zero bytes
    /// (its lowest mark is exact, which is the one used). Sets `sawHighByte`
    /// when a byte ≥ 0x80 is passed (or, harmlessly, seen just beyond).
    @inline(__always)
    static func fieldEnd(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, delimiter: UInt8, sawHighByte: inout Bool
    ) -> UnsafePointer<UInt8> {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter)
        let lineFeeds = ones &* UInt64(CSVDialect.lineFeed)
        var p = start
        var high: UInt64 = 0
        while end - p >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            let x = word ^ delimiters
            let y = word ^ lineFeeds
            let marks = (((x &- ones) & ~x) | ((y &- ones) & ~y)) & highs
            high |= word
            if marks != 0 {
                p += marks.trailingZeroBitCount >> 3
                if high & highs != 0 { sawHighByte = true }
                return p
            }
            p += 8
        }
        if high & highs != 0 { sawHighByte = true }
        while p < end {
            let byte = p.pointee
            if byte == delimiter || byte == CSVDialect.lineFeed { break }
            if byte >= 0x80 { sawHighByte = true }
            p += 1
        }
        return p
    }

    /// Stores the number in the field text `[start, end)` at `slot`,
    /// or marks the row as missing a value, or throws the field's error.
    private func store(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, in slot: UnsafeMutablePointer<Double>, field: Int, rowNumber: Int, lineNumber: Int, rowHasMissing: inout Bool
    ) throws {
        switch classify(start, end) {
        case .number(let value):
            slot.pointee = value
        case .missing:
            if !dialect.dropRowsWithMissingValues {
                throw DataError.missingValue(
                    row: rowNumber, line: lineNumber, column: layout.fieldNames[field], text: Self.string(start, end))
            }
            rowHasMissing = true
        case .invalid:
            throw invalidField(start, end, field: field, row: rowNumber, line: lineNumber)
        }
    }

    /// What the text of a field of a read column holds, after trimming padding.
    private func classify(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> FieldText {
        var a = start
        var b = end
        while a < b && dialect.isPadding(a.pointee) { a += 1 }
        while b > a && dialect.isPadding((b - 1).pointee) { b -= 1 }
        if let value = DecimalFloatParser.parse(a, b) { return .number(value) }
        let length = b - a
        for token in dialect.missingTokens where token.count == length {
            if token.withUnsafeBufferPointer({ length == 0 || memcmp($0.baseAddress!, a, length) == 0 }) {
                return .missing
            }
        }
        if let infinity = Self.parseInfinity(a, b) { return .number(infinity) }
        return .invalid
    }

    /// `inf`, `infinity` in any case, with an optional sign.
    static func parseInfinity(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        var p = start
        var sign = 1.0
        if p < end && (p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+")) {
            if p.pointee == UInt8(ascii: "-") { sign = -1 }
            p += 1
        }
        let word = String(decoding: UnsafeBufferPointer(start: p, count: end - p), as: UTF8.self).lowercased()
        return word == "inf" || word == "infinity" ? sign * .infinity : nil
    }

    private func invalidField(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int, row: Int, line: Int
    ) -> DataError {
        guard Self.isValidUTF8(start, end) else { return .invalidUTF8(row: row, line: line) }
        return .notANumber(row: row, line: line, column: layout.fieldNames[field], text: Self.string(start, end))
    }

    static func string(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }

    static func isValidUTF8(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        String(validating: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self) != nil
    }
}
