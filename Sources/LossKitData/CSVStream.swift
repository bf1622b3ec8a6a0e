#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A delimited text file read front to back, one chunk of records at a time.
///
/// `init` reads the header (or the first record's width) and resolves the
/// columns; each `next()` parses the next chunk and returns its regions in
/// file order. Row and line numbers continue across chunks, so an error
/// anywhere names the same row as a whole-file read would.
final class CSVStream {
    let path: String
    let parser: CSVRecordParser
    let reader: ByteFileReader
    let tuning: CSVTuning
    private(set) var rowBase = 0
    private(set) var lineBase = 0
    var finished = false
    /// Row buffers handed back by the consumer, reused so that every chunk
    /// does not fault in fresh pages.
    var spareBuffers: [ColumnBlockBuffer] = []
    /// The chunk being read and parsed in the background, if any.
    private var readAhead: ChunkJob?

    var columnNames: [String] { parser.layout.outputNames }
    var readerFileSize: Int? { reader.fileSize }
    /// The names of all columns of the file, read or not.
    var fileColumnNames: [String] { parser.layout.fieldNames }

    /// - Parameter keepingHeaderBytes: for a caller that only wants the
    ///   header: an input that cannot be opened twice (a pipe) keeps the
    ///   bytes read for the next reader of the same path.
    init(path: String, options: DataReadOptions, tuning: CSVTuning = CSVTuning(), keepingHeaderBytes: Bool = false) throws {
        self.path = path
        self.tuning = tuning
        guard options.maxRecordBytes > 0 else {
            throw DataError.invalidOption(
                name: "maxRecordBytes", reason: "\(options.maxRecordBytes) must be at least 1")
        }
        reader = try ByteFileReader(path: path, chunkSize: tuning.chunkSize, maxRecordBytes: options.maxRecordBytes)
        let commentPrefix = Array((options.commentPrefix ?? "").utf8)
        let delimiterOption = try Self.delimiterByte(options.delimiter, path: path)
        for token in options.missingTokens where DecimalFloatParser.parse(token) != nil {
            throw DataError.invalidOption(
                name: "missingTokens", reason: "'\(token)' is a number; missing-value tokens must not be numbers")
        }

        // Leading blank and comment lines, then the first record.
        try Self.refill(reader, line: 1)
        // Old Mac exports end lines with a lone CR: read every CR as a line end.
        // Decided on the file's first bytes (up to a fixed length, not one
        // chunk), so that the choice does not depend on the chunk size.
        let head = min(CSVFirstRecord.lineEndProbeBytes, options.maxRecordBytes)
        while !reader.isAtEndOfFile && reader.window.count < head, let base = reader.window.baseAddress,
              memchr(base, Int32(CSVDialect.lineFeed), reader.window.count) == nil
        {
            try Self.refill(reader, line: 1)
        }
        if CSVFirstRecord.endsLinesWithCarriageReturn(
            UnsafeBufferPointer(rebasing: reader.window.prefix(head)),
            isFinal: reader.isAtEndOfFile && reader.window.count <= head)
        {
            reader.translateCarriageReturns()
        }
        var preamble: (offset: Int, lines: Int)
        while true {
            if let found = CSVFirstRecord.skipPreamble(
                reader.window, commentPrefix: commentPrefix, isFinal: reader.isAtEndOfFile)
            {
                preamble = found
                break
            }
            try Self.refill(reader, line: 1)
        }
        reader.consume(preamble.offset)
        lineBase = preamble.lines
        if reader.window.isEmpty {
            try Self.refill(reader, line: lineBase + 1)
            if reader.window.isEmpty { throw DataError.emptyFile(path: path) }
        }
        let delimiter = try delimiterOption ?? Self.detectDelimiter(reader, line: lineBase + 1)
        var firstRecord: (fields: [[UInt8]], next: Int, lines: Int)
        while true {
            // Every record but the file's last ends with a line feed: without
            // one there is nothing to split yet (and a record with no end,
            // such as /dev/zero, is not rescanned at every refill).
            let window = reader.window
            if !reader.isAtEndOfFile, let base = window.baseAddress,
               memchr(base, Int32(CSVDialect.lineFeed), window.count) == nil
            {
                try Self.refill(reader, line: lineBase + 1)
                continue
            }
            if let found = try CSVFirstRecord.split(
                reader.window, from: 0, delimiter: delimiter, isFinal: reader.isAtEndOfFile,
                headerLine: lineBase + 1, isHeader: options.hasHeader)
            {
                firstRecord = found
                break
            }
            try Self.refill(reader, line: lineBase + 1)
        }

        var fieldNames: [String]
        if options.hasHeader {
            if options.columnNames != nil {
                throw DataError.invalidOption(
                    name: "columnNames", reason: "the file has a header; columnNames is for files without names")
            }
            var names: [String] = []
            for (k, bytes) in firstRecord.fields.enumerated() {
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    throw DataError.invalidUTF8(row: nil, line: lineBase + 1)
                }
                let trimmed = Self.trimmingSpaces(name)
                names.append(trimmed.isEmpty ? "c\(k)" : trimmed)
            }
            // A trailing delimiter on the header leaves an empty last name: not a column.
            if names.count > 1, firstRecord.fields.last?.isEmpty == true { names.removeLast() }
            fieldNames = names
            reader.consume(firstRecord.next)
            lineBase += firstRecord.lines
        } else {
            var width = firstRecord.fields.count
            if width > 1, firstRecord.fields.last?.isEmpty == true, options.columnNames?.count != width { width -= 1 }
            if let given = options.columnNames {
                guard given.count == width else {
                    throw DataError.invalidOption(
                        name: "columnNames", reason: "\(given.count) names given but the file has \(width) columns")
                }
                fieldNames = given
            } else {
                fieldNames = (0..<width).map { "c\($0)" }
            }
        }
        let layout = try CSVLayout(fieldNames: fieldNames, selecting: options.columns)
        parser = CSVRecordParser(
            dialect: CSVDialect(
                delimiter: delimiter, commentPrefix: commentPrefix,
                missingTokens: options.missingTokens.map { Array($0.utf8) },
                dropRowsWithMissingValues: options.missingValues == .dropRow),
            layout: layout, usesPlainRecordLoop: tuning.plainRecordLoop)
        if !keepingHeaderBytes { reader.stopRetaining() }
    }

    /// `reader.refill()`, naming `line` (where the unfinished record starts)
    /// when the record is too long.
    static func refill(_ reader: ByteFileReader, line: Int) throws {
        do {
            try reader.refill()
        } catch let tooLong as ByteFileReader.RecordTooLong {
            throw DataError.recordTooLong(path: reader.path, line: line, limit: tooLong.limit)
        }
    }

    /// The delimiter detected from the whole first record at the start of
    /// `reader.window`, reading on until the record ends: not from the first
    /// chunk only, so the choice does not depend on the chunk size. A first
    /// record longer than `maxRecordBytes` is `recordTooLong` at `line`.
    static func detectDelimiter(_ reader: ByteFileReader, line: Int) throws -> UInt8 {
        while true {
            if let found = CSVFirstRecord.detectDelimiter(reader.window, from: 0, isFinal: reader.isAtEndOfFile) {
                return found
            }
            try refill(reader, line: line)
        }
    }

    static func delimiterByte(_ delimiter: DataReadOptions.Delimiter, path: String) throws -> UInt8? {
        switch delimiter {
        case .auto:
            let lower = path.lowercased()
            return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? UInt8(ascii: "\t") : nil
        case .comma: return UInt8(ascii: ",")
        case .tab: return UInt8(ascii: "\t")
        case .semicolon: return UInt8(ascii: ";")
        case .character(let character):
            guard let ascii = character.asciiValue, character != "\"", character != "\n", character != "\r" else {
                throw DataError.invalidOption(
                    name: "delimiter", reason: "'\(character)' must be one ASCII character other than a quote or newline")
            }
            return ascii
        }
    }

    static func trimmingSpaces(_ text: String) -> String {
        var scalars = Substring(text)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// The regions of the next chunk, in file order; nil after the last.
    ///
    /// Before returning, the chunk after it is started in the background
    /// (see `ChunkJob`), so parsing goes on while the caller works.
    func next() throws -> [CSVParsedRegion]? {
        while !finished {
            let job = readAhead ?? startNextChunk()
            readAhead = nil
            job.wait()
            switch job.outcome {
            case .end:
                finished = true
                return nil
            case .failed(let error):
                finished = true
                throw error
            case let .single(result, isFinal):
                let region: CSVParsedRegion
                do {
                    region = try result.get()
                } catch {
                    finished = true
                    throw error
                }
                if region.consumedBytes == 0 && !isFinal {
                    // A record longer than the buffer: read more (the buffer grows) and parse again.
                    recycle([region])
                    continue
                }
                advance(past: region)
                if isFinal { finished = true } else { readAhead = startNextChunk() }
                return [region]
            case let .pieces(results, cuts, window, isFinal):
                let regions: [CSVParsedRegion]
                do {
                    regions = try collect(results, cuts: cuts, window: window)
                } catch {
                    finished = true
                    throw error
                }
                if isFinal { finished = true } else { readAhead = startNextChunk() }
                return regions
            }
        }
        return nil
    }

    /// Takes back the buffers of regions the caller is done with.
    func recycle(_ regions: [CSVParsedRegion]) {
        for region in regions where spareBuffers.count < 2 * tuning.threads * tuning.piecesPerThread + 1 {
            spareBuffers.append(region.values)
        }
    }

    func advance(past region: CSVParsedRegion) {
        reader.consume(region.consumedBytes)
        rowBase += region.dataRowCount
        lineBase += region.lineCount
    }
}

extension CSVStream {
    /// A guess at the rows of the whole file from the bytes per row of the
    /// first region, so that whole-file reads allocate their columns once,
    /// or 0 when there is nothing to go by.
    func estimatedRowCount(after region: CSVParsedRegion) -> Int {
        guard let size = readerFileSize, region.dataRowCount > 0, region.consumedBytes > 0 else { return 0 }
        let bytesPerRow = Double(region.consumedBytes) / Double(region.dataRowCount)
        return Int(Double(size) / bytesPerRow) + 16
    }
}
