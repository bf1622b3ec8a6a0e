import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Knobs of the text reader that tests turn; the defaults are for speed.
struct CSVTuning: Sendable {
    /// Bytes read per `read(2)` round (the buffer grows for longer records).
    var chunkSize = 8 << 20
    /// Threads that parse one chunk at once, split at line feeds, when the
    /// chunk has no quote character (so every line feed ends a record).
    var threads = CSVTuning.processorCount
    /// Chunks smaller than this are parsed on one thread.
    var minimumParallelBytes = 1 << 20
    /// Pieces per thread in a parallel chunk: more pieces than threads let a
    /// thread that runs on take over the work of one that was descheduled
    /// (the machine is often shared), at a small cost per piece.
    var piecesPerThread = 4

    static var processorCount: Int {
        max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }
}

/// A delimited text file read front to back, one chunk of records at a time.
///
/// `init` reads the header (or the first record's width) and resolves the
/// columns; each `next()` parses the next chunk and returns its regions in
/// file order. Row and line numbers continue across chunks, so an error
/// anywhere names the same row as a whole-file read would.
final class CSVStream {
    let path: String
    let parser: CSVRecordParser
    private let reader: ByteFileReader
    private let tuning: CSVTuning
    private var rowBase = 0
    private var lineBase = 0
    private var finished = false
    /// Row buffers handed back by the consumer, reused so that every chunk
    /// does not fault in fresh pages.
    private var spareBuffers: [ColumnBlockBuffer] = []

    var columnNames: [String] { parser.layout.outputNames }
    var readerFileSize: Int? { reader.fileSize }
    /// The names of all columns of the file, read or not.
    var fileColumnNames: [String] { parser.layout.fieldNames }

    init(path: String, options: DataReadOptions, tuning: CSVTuning = CSVTuning()) throws {
        self.path = path
        self.tuning = tuning
        reader = try ByteFileReader(path: path, chunkSize: tuning.chunkSize)
        let commentPrefix = Array((options.commentPrefix ?? "").utf8)
        let delimiterOption = try Self.delimiterByte(options.delimiter, path: path)
        for token in options.missingTokens where DecimalFloatParser.parse(token) != nil {
            throw DataError.invalidOption(
                name: "missingTokens", reason: "'\(token)' is a number; missing-value tokens must not be numbers")
        }

        // Leading blank and comment lines, then the first record.
        try reader.refill()
        var preamble: (offset: Int, lines: Int)
        while true {
            if let found = CSVFirstRecord.skipPreamble(
                reader.window, commentPrefix: commentPrefix, isFinal: reader.isAtEndOfFile)
            {
                preamble = found
                break
            }
            try reader.refill()
        }
        reader.consume(preamble.offset)
        lineBase = preamble.lines
        if reader.window.isEmpty {
            try reader.refill()
            if reader.window.isEmpty { throw DataError.emptyFile(path: path) }
        }
        let delimiter = delimiterOption ?? CSVFirstRecord.detectDelimiter(reader.window, from: 0)
        var firstRecord: (fields: [[UInt8]], next: Int, lines: Int)
        while true {
            if let found = try CSVFirstRecord.split(
                reader.window, from: 0, delimiter: delimiter, isFinal: reader.isAtEndOfFile,
                headerLine: lineBase + 1, isHeader: options.hasHeader)
            {
                firstRecord = found
                break
            }
            try reader.refill()
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
            layout: layout)
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
    func next() throws -> [CSVParsedRegion]? {
        while !finished {
            if !reader.isAtEndOfFile { try reader.refill() }
            let window = reader.window
            let isFinal = reader.isAtEndOfFile
            if window.isEmpty {
                finished = true
                return nil
            }
            if let regions = try parseInParallel(window, isFinal: isFinal) {
                return regions
            }
            let region = try parser.parse(
                window, isFinal: isFinal, rowBase: rowBase, lineBase: lineBase, reusing: spareBuffers.popLast())
            if region.consumedBytes == 0 && !isFinal { continue }  // a record longer than the buffer
            advance(past: region)
            if isFinal { finished = true }
            return [region]
        }
        return nil
    }

    /// Takes back the buffers of regions the caller is done with.
    func recycle(_ regions: [CSVParsedRegion]) {
        for region in regions where spareBuffers.count < tuning.threads * tuning.piecesPerThread + 1 {
            spareBuffers.append(region.values)
        }
    }

    private func advance(past region: CSVParsedRegion) {
        reader.consume(region.consumedBytes)
        rowBase += region.dataRowCount
        lineBase += region.lineCount
    }

    /// Splits the complete lines of `window` among threads when nothing in
    /// them is quoted; nil when the chunk is parsed on one thread instead.
    private func parseInParallel(_ window: UnsafeBufferPointer<UInt8>, isFinal: Bool) throws -> [CSVParsedRegion]? {
        let threads = tuning.threads
        let pieces = threads * tuning.piecesPerThread
        guard threads > 1, window.count >= tuning.minimumParallelBytes, let base = window.baseAddress else { return nil }
        var end = window.count
        if !isFinal {
            while end > 0 && base[end - 1] != CSVDialect.lineFeed { end -= 1 }
            guard end > 0 else { return nil }
        }
        if memchr(base, Int32(CSVDialect.quote), end) != nil { return nil }
        // Cut points just after a line feed near each k/pieces of the bytes.
        var cuts = [0]
        for k in 1..<pieces {
            let target = max(end * k / pieces, cuts.last!)
            guard target < end, let newline = memchr(base + target, Int32(CSVDialect.lineFeed), end - target) else { break }
            let cut = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
            if cut > cuts.last! && cut < end { cuts.append(cut) }
        }
        cuts.append(end)
        let buffers = (0..<(cuts.count - 1)).map { _ in spareBuffers.popLast() }
        let job = ParallelParse(parser: parser, base: base, cuts: cuts, isFinal: isFinal, buffers: buffers)
        defer {
            _ = job.slots.deinitialize()
            job.slots.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: job.parts) { job.run(part: $0) }
        let parts = job.parts
        let slots = job.slots
        var regions: [CSVParsedRegion] = []
        regions.reserveCapacity(parts)
        for k in 0..<parts {
            switch slots[k] {
            case .success(let region):
                regions.append(region)
                advance(past: region)
            case .failure:
                // Parse the failing part again with the right row and line
                // numbers, so that its error names the row in the file.
                let slice = UnsafeBufferPointer(start: base + cuts[k], count: cuts[k + 1] - cuts[k])
                _ = try parser.parse(slice, isFinal: true, rowBase: rowBase, lineBase: lineBase)
                throw DataError.invalidOption(name: "internal", reason: "parallel parse disagreed with sequential parse")
            }
        }
        if isFinal { finished = true }
        return regions
    }
}

extension CSVStream {
    /// A guess at the rows of the whole file from the bytes per row of the
    /// first region, so that whole-file reads allocate their columns once.
    func estimatedRowCount(after region: CSVParsedRegion) -> Int {
        guard let size = readerFileSize, region.dataRowCount > 0, region.consumedBytes > 0 else { return 0 }
        let bytesPerRow = Double(region.consumedBytes) / Double(region.dataRowCount)
        return Int(Double(size) / bytesPerRow * 1.02) + 16
    }
}

/// One chunk split among threads: each writes only its own result slot.
private struct ParallelParse: @unchecked Sendable {
    let parser: CSVRecordParser
    let base: UnsafePointer<UInt8>
    let cuts: [Int]
    let isFinal: Bool
    let buffers: [ColumnBlockBuffer?]
    let slots: UnsafeMutableBufferPointer<Result<CSVParsedRegion, any Error>>

    var parts: Int { cuts.count - 1 }

    init(parser: CSVRecordParser, base: UnsafePointer<UInt8>, cuts: [Int], isFinal: Bool, buffers: [ColumnBlockBuffer?]) {
        self.parser = parser
        self.base = base
        self.cuts = cuts
        self.isFinal = isFinal
        self.buffers = buffers
        slots = .allocate(capacity: cuts.count - 1)
    }

    func run(part k: Int) {
        let slice = UnsafeBufferPointer(start: base + cuts[k], count: cuts[k + 1] - cuts[k])
        let final = k == parts - 1 ? isFinal : true
        (slots.baseAddress! + k).initialize(to: Result {
            try parser.parse(slice, isFinal: final, rowBase: 0, lineBase: 0, reusing: buffers[k])
        })
    }
}
