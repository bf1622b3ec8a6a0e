import Dispatch
import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Issue 10 on the input side: work bounded by the input (record length,
/// `.npy` header length, linear in the column count), inputs that are not
/// regular files (FIFOs, pipes, devices), CR-only line ends, and file text
/// made safe before it reaches a message.
@Suite struct DataInputHardeningTests {
    // MARK: - Bounded records

    /// Tunings whose chunk is below the limit used, so the buffer has to grow
    /// (one thread, and the parallel split).
    static let smallChunks: [CSVTuning] = [
        CSVTuning(chunkSize: 16, threads: 1, minimumParallelBytes: 1 << 30),
        CSVTuning(chunkSize: 37, threads: 3, minimumParallelBytes: 0),
        CSVTuning(chunkSize: 256, threads: 2, minimumParallelBytes: 0),
    ]

    static func options(limit: Int, comments: Bool = false) -> DataReadOptions {
        var options = DataReadOptions()
        options.maxRecordBytes = limit
        if comments { options.commentPrefix = "#" }
        return options
    }

    /// Each kind of line (header, data row, comment) up to the limit is
    /// read; one byte more is refused naming the line it starts on.
    @Test(arguments: smallChunks)
    func recordsUpToTheLimitAreReadLongerOnesNamed(tuning: CSVTuning) throws {
        let limit = 1000
        let fits = String(repeating: "h", count: limit)
        let over = String(repeating: "h", count: limit + 1)

        // The header: one name of exactly `limit` bytes, then one too long.
        let header = try readText("\(fits)\n1\n2\n", options: Self.options(limit: limit), tuning: tuning)
        #expect(header.columnNames == [fits])
        #expect(try header.column(named: fits) == [1, 2])
        let headerError = dataError { _ = try readText("\(over)\n1\n", options: Self.options(limit: limit), tuning: tuning) }
        #expect(headerError?.recordLine == 1)

        // A data row: digits padded with spaces to the length.
        let row = "7" + String(repeating: " ", count: limit - 1)
        let rows = try readText("x\n1\n\(row)\n3\n", options: Self.options(limit: limit), tuning: tuning)
        #expect(try rows.column(named: "x") == [1, 7, 3])
        let error = dataError {
            _ = try readText("x\n1\n\n\(row) \n3\n", options: Self.options(limit: limit), tuning: tuning)
        }
        #expect(error?.recordLine == 4, "the long record starts on line 4: \(String(describing: error))")

        // A comment line before the header.
        let comment = "#" + String(repeating: "c", count: limit + 10)
        let commentError = dataError {
            _ = try readText("\(comment)\nx\n1\n", options: Self.options(limit: limit, comments: true), tuning: tuning)
        }
        #expect(commentError?.recordLine == 1)
    }

    /// An input with no line end at all: refused in bounded memory, both
    /// by the whole-file read and block by block.
    @Test(.timeLimit(.minutes(1)))
    func deviceWithoutLineEndsIsRefused() throws {
        let error = dataError { _ = try DataReader.read(path: "/dev/zero") }
        #expect(error?.recordLine == 1)
        #expect(error.map { "\($0)" }?.contains("67108864 bytes") == true)
        var small = DataReadOptions()
        small.maxRecordBytes = 1 << 20
        let blockError = dataError {
            try DataReader.forEachBlock(path: "/dev/zero", options: small, rowsPerBlock: 10) { _ in }
        }
        #expect(blockError?.recordLine == 1)
        small.maxRecordBytes = 0
        #expect(dataError { _ = try readText("x\n1\n", options: small) } != nil)
    }

    // MARK: - .npy header lengths from the file

    static func npyBytes(version: UInt8, headerLength: UInt32, total: Int) -> [UInt8] {
        var bytes = NPYHeader.magic + [version, 0]
        if version == 1 {
            bytes += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8 & 0xFF)]
        } else {
            bytes += (0..<4).map { UInt8(headerLength >> (8 * $0) & 0xFF) }
        }
        let dict = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }".utf8)
        bytes += dict
        if bytes.count < total { bytes += [UInt8](repeating: 0x20, count: total - bytes.count) }
        return bytes
    }

    /// A header length beyond the file is a truncated file, said before
    /// any allocation of that size; one beyond any real header (up to
    /// 4 GiB in versions 2 and 3) is a malformed header.
    @Test(.timeLimit(.minutes(1)), arguments: [UInt8(2), 3])
    func npyHeaderLengthsAreCheckedBeforeAllocating(version: UInt8) throws {
        let huge = TemporaryFile(name: "huge.npy", bytes: Self.npyBytes(version: version, headerLength: 0xFFFF_FFF0, total: 200))
        let hugeError = dataError { _ = try DataReader.read(path: huge.path) }
        guard case .badNPYHeader = hugeError else {
            Issue.record("expected a malformed header, got \(String(describing: hugeError))")
            return
        }
        let beyond = TemporaryFile(
            name: "beyond.npy", bytes: Self.npyBytes(version: version, headerLength: 500_000, total: 300))
        #expect(dataError { _ = try DataReader.read(path: beyond.path) }
            == .truncatedFile(path: beyond.path, expectedBytes: 500_012, actualBytes: 300))
        #expect(dataError { _ = try DataReader.header(path: beyond.path) }
            == .truncatedFile(path: beyond.path, expectedBytes: 500_012, actualBytes: 300))
    }

    @Test func npyVersion1HeaderBeyondTheFileIsTruncated() throws {
        let file = TemporaryFile(name: "v1.npy", bytes: Self.npyBytes(version: 1, headerLength: 65_000, total: 120))
        #expect(dataError { _ = try DataReader.read(path: file.path) }
            == .truncatedFile(path: file.path, expectedBytes: 65_010, actualBytes: 120))
    }

    // MARK: - Linear in the number of columns

    /// 100,000 columns selected in reverse order: a linear search per
    /// selected name would take some 5 · 10^9 string comparisons
    /// (minutes); set and dictionary look-ups take well under a second.
    @Test(.timeLimit(.minutes(1)))
    func columnSelectionIsLinearInTheColumnCount() throws {
        let count = 100_000
        let names = (0..<count).map { "col\($0)" }
        let text = names.joined(separator: ",") + "\n" + (0..<count).map { String($0 % 10) }.joined(separator: ",") + "\n"
        let file = TemporaryFile(name: "wide.csv", text)
        var options = DataReadOptions()
        options.columns = names.reversed()
        let table = try DataReader.read(path: file.path, options: options)
        #expect(table.columnNames.count == count)
        #expect(table.columnNames.first == "col\(count - 1)")
        #expect(try table.column(named: "col12345") == [5])
        #expect(try DataReader.header(path: file.path).count == count)

        // Every column looked up by name, as a fit or a prediction does:
        // a scan per name would be quadratic again.
        var sum = 0.0
        for name in names { sum += try table.column(named: name)[0] }
        #expect(sum == Double((0..<count).reduce(0) { $0 + $1 % 10 }))
        #expect(try table.index(ofColumn: "col0") == count - 1)
        let built = try NumericTable(columnNames: names, columns: names.map { _ in [1.0] })
        #expect(try names.indices.allSatisfy { try built.index(ofColumn: names[$0]) == $0 })

        // A missing name among them: the message names it and stays short.
        options.columns = names + ["absent"]
        let missing = try #require(dataError { _ = try DataReader.read(path: file.path, options: options) })
        let message = "\(missing)"
        #expect(message.hasPrefix("no column named 'absent'"))
        #expect(message.contains("(\(count) in all)"))
        #expect(message.utf8.count < 2_000)

        // A duplicate at the very end is found at once, and said.
        let duplicated = TemporaryFile(name: "dup.csv", names.joined(separator: ",") + ",col0\n" + String(repeating: "1,", count: count) + "1\n")
        #expect(dataError { _ = try DataReader.read(path: duplicated.path) } == .duplicateColumn(name: "col0"))
    }

    // MARK: - Pipes, FIFOs and devices

    /// A FIFO in a fresh folder, fed with `bytes` by a background writer
    /// `times` times (once per open by a reader).
    final class FIFO {
        let path: String
        private let folder: URL
        init(bytes: [UInt8], opens: Int = 1) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("losskit-fifo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("data.fifo").path
            guard mkfifo(path, 0o600) == 0 else { throw DataError.cannotRead(path: path, reason: "mkfifo failed") }
            let path = self.path
            DispatchQueue.global().async {
                for _ in 0..<opens {
                    let fd = open(path, O_WRONLY)
                    guard fd >= 0 else { return }
                    var done = 0
                    bytes.withUnsafeBytes { raw in
                        while done < raw.count {
                            let n = write(fd, raw.baseAddress! + done, min(4096, raw.count - done))
                            if n <= 0 { break }
                            done += n
                        }
                    }
                    close(fd)
                }
            }
        }
        deinit {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    static func csvText(rows: Int) -> String {
        "x,y,z\n" + (0..<rows).map { "\($0),\(Double($0) * 0.5),\($0 % 7)" }.joined(separator: "\n") + "\n"
    }

    /// Whole-file reads, block reads and header-then-read of a FIFO give
    /// what the same bytes give from a regular file, small and larger than
    /// a read chunk.
    @Test(.timeLimit(.minutes(1)), arguments: [10, 300_000])
    func fifoReadsLikeARegularFile(rows: Int) throws {
        let text = Self.csvText(rows: rows)
        let regular = TemporaryFile(name: "same.csv", text)
        let expected = try DataReader.read(path: regular.path)
        #expect(expected.rowCount == rows)

        let whole = try FIFO(bytes: Array(text.utf8))
        let table = try DataReader.read(path: whole.path)
        #expect(table.columnNames == expected.columnNames)
        for name in expected.columnNames { #expect(try table.column(named: name) == expected.column(named: name)) }

        let blocks = try FIFO(bytes: Array(text.utf8))
        var seen: [Double] = []
        try DataReader.forEachBlock(path: blocks.path, rowsPerBlock: 1000) { block in
            seen += try block.column(named: "y")
        }
        #expect(seen == (try expected.column(named: "y")))

        // The tool's order: the header first, then only some columns.
        let twice = try FIFO(bytes: Array(text.utf8))
        #expect(try DataReader.header(path: twice.path) == ["x", "y", "z"])
        var options = DataReadOptions()
        options.columns = ["z", "x"]
        let selected = try DataReader.read(path: twice.path, options: options)
        #expect(selected.columnNames == ["z", "x"])
        #expect(try selected.column(named: "z") == expected.column(named: "z"))
    }

    /// A second read of a FIFO already read (a two-pass reader) is refused
    /// at once: opening it would wait for a writer that never comes.
    @Test(.timeLimit(.minutes(1)))
    func fifoReadTwiceIsRefusedNotAwaited() throws {
        let fifo = try FIFO(bytes: Array(Self.csvText(rows: 100).utf8))
        #expect(try DataReader.read(path: fifo.path).rowCount == 100)
        let error = dataError { _ = try DataReader.read(path: fifo.path) }
        guard case .cannotRead(_, let reason) = error else {
            Issue.record("expected cannotRead, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("can be read only once"))
        // A new FIFO (another inode) is read as usual.
        let other = try FIFO(bytes: Array(Self.csvText(rows: 3).utf8))
        #expect(try DataReader.read(path: other.path).rowCount == 3)
    }

    /// A pipe reached through `/dev/fd/N`, as a shell's `<(…)` passes it.
    @Test(.timeLimit(.minutes(1)))
    func anonymousPipeByDevFdPath() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let text = Array(Self.csvText(rows: 50_000).utf8)
        let writeEnd = ends[1]
        DispatchQueue.global().async {
            text.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(writeEnd, raw.baseAddress! + done, raw.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        let table = try DataReader.read(path: "/dev/fd/\(ends[0])")
        close(ends[0])
        #expect(table.rowCount == 50_000)
        #expect(try table.column(named: "x").last == 49_999)
    }

    /// `.npy` through a FIFO: C order reads as from the file; Fortran order
    /// (read column by column) is refused with a reason, not "Illegal seek".
    @Test(.timeLimit(.minutes(1)))
    func npyThroughAFIFO() throws {
        let cOrder = try NPYReaderTests.fixturePath("c_order_f8.npy")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: cOrder)))
        let expected = try DataReader.read(path: cOrder)
        let fifo = try FIFO(bytes: bytes, opens: 1)
        #expect(try DataReader.header(path: fifo.path) == expected.columnNames)
        let table = try DataReader.read(path: fifo.path)
        for name in expected.columnNames { #expect(try table.column(named: name) == expected.column(named: name)) }

        let fortran = try NPYReaderTests.fixturePath("fortran_f8.npy")
        let fortranFIFO = try FIFO(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: fortran))))
        let error = dataError { _ = try DataReader.read(path: fortranFIFO.path) }
        guard case .cannotRead(_, let reason) = error else {
            Issue.record("expected cannotRead, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("Fortran-order"))
    }

    // MARK: - CR-only line ends

    static let lineEndTexts = [
        "x,y\n1,2\n3,4\n",
        "x,y\n1,2\n3,4",
        "\n\nx,y\n1,2\n\n3,4\n\n",
        "\"x\",\"y\"\n\"1\",2\n3,\"4\"\n",
        "x;y\n1.5;-2e3\n;4\n",
    ]

    /// Every text reads the same with its line feeds written as lone
    /// carriage returns (old Mac exports), at every chunking.
    @Test(arguments: lineEndTexts)
    func carriageReturnOnlyLineEndsReadLikeLineFeeds(text: String) throws {
        let cr = text.replacingOccurrences(of: "\n", with: "\r")
        var options = DataReadOptions()
        options.missingValues = .dropRow
        let expected = try readText(text, options: options)
        for tuning in stressTunings + [CSVTuning()] {
            let table = try readText(cr, options: options, tuning: tuning)
            #expect(table.columnNames == expected.columnNames)
            #expect(table.droppedRowCount == expected.droppedRowCount)
            for name in expected.columnNames { #expect(try table.column(named: name) == expected.column(named: name)) }
        }
        // Errors name the same row and line.
        let bad = "x,y\r1,2\r\r3,oops\r"
        #expect(dataError { _ = try readText(bad) } == .notANumber(row: 2, line: 4, column: "y", text: "oops"))
    }

    // MARK: - Text from the file, safe to print

    /// Every C0 and C1 control character, DEL, bidirectional overrides and
    /// line/paragraph separators are escaped; other text is kept as it is.
    @Test func sanitizerEscapesEveryControlCharacter() {
        var controls = Array(0..<0x20) + Array(0x7F...0x9F)
        controls += [0x200E, 0x202E, 0x2066, 0x2028, 0x2029, 0xFEFF]
        for value in controls {
            let scalar = Unicode.Scalar(UInt32(value))!
            let shown = DisplayText.sanitized("a" + String(Character(scalar)) + "b")
            #expect(shown == "a\\u{\(String(value, radix: 16, uppercase: true))}b")
            #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        for plain in ["price, USD", "Gewicht (kg)", "温度", "naïve", "emoji 📈", "tab\\t literal"] {
            #expect(DisplayText.sanitized(plain) == plain)
        }
        #expect(DisplayText.path("-") == "standard input")
    }

    /// A 50 MB name prints as its first characters, an ellipsis and its size.
    @Test func longTextIsCut() {
        let name = String(repeating: "n", count: 50_000_000)
        let shown = DisplayText.sanitized(name)
        #expect(shown == String(repeating: "n", count: DisplayText.defaultLimit) + "… (50000000 bytes)")
        #expect(DisplayText.sanitized(String(repeating: "\u{1B}", count: 1000)).utf8.count < 1_000)
    }

    /// Every error that quotes text from a file prints it sanitized and short.
    @Test func dataErrorsPrintFileTextSafely() {
        let nasty = "\u{1B}]0;owned\u{07}\r" + String(repeating: "z", count: 100_000)
        let errors: [DataError] = [
            .cannotRead(path: nasty, reason: nasty),
            .missingValue(row: 1, line: 2, column: nasty, text: nasty),
            .notANumber(row: 1, line: 2, column: nasty, text: nasty),
            .malformedQuote(row: 1, line: 2, detail: nasty),
            .missingColumn(name: nasty, available: Array(repeating: nasty, count: 1000)),
            .duplicateColumn(name: nasty),
            .invalidOption(name: "columns", reason: nasty),
            .badNPYMagic(path: nasty),
            .badNPYHeader(path: nasty, detail: nasty),
            .unsupportedNPYType(path: nasty, descr: nasty),
            .missingNPYValue(path: nasty, row: 1, column: nasty),
            .truncatedFile(path: nasty, expectedBytes: 1, actualBytes: 0),
            .recordTooLong(path: nasty, line: 1, limit: 5),
            .emptyFile(path: nasty),
        ]
        for error in errors {
            let message = error.description
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(message.prefix(80))")
            #expect(message.utf8.count < 4_000, "\(message.prefix(80))")
        }
    }

    /// End to end: a header whose name carries a terminal escape, a CR and
    /// a megabyte of text reaches the message sanitized.
    @Test func headerTextReachesErrorsSanitized() throws {
        let name = "\u{1B}]0;owned\u{07}" + String(repeating: "w", count: 1_000_000)
        let file = TemporaryFile(name: "nasty.csv", "\"\(name)\r\",y\noops,1\n")
        var options = DataReadOptions()
        options.columns = ["\(name)\r"]
        let error = try #require(dataError { _ = try DataReader.read(path: file.path, options: options) })
        let message = error.description
        #expect(message.contains("\\u{1B}]0;owned\\u{7}www"))
        #expect(message.utf8.count < 1_000)
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
    }
}

extension DataError {
    /// The line of a `recordTooLong`, nil for any other error.
    var recordLine: Int? {
        if case .recordTooLong(_, let line, _) = self { return line }
        return nil
    }
}

/// An absurd block size is not an allocation: the blocks hold the rows there are.
@Suite struct AbsurdBlockSizeTests {
    @Test(arguments: [1_000_000_000_000, Int.max])
    func hugeRowsPerBlockReadsTheFileAsOneBlock(rowsPerBlock: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("absurd-block-\(UUID().uuidString).csv")
        try "a,b\n1,2\n3,4\n5,6\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var blocks: [Int] = []
        try DataReader.forEachBlock(path: url.path, rowsPerBlock: rowsPerBlock) { blocks.append($0.rowCount) }
        #expect(blocks == [3])
    }
}

/// Fuzz finding csv-1 (Fuzz/findings/csv/): a number longer than the plain
/// loop's look-ahead that runs to the end of the read window. The loop read
/// the terminator one byte past the window (ASan); now it hands such a record
/// to the general loop, which reads the number in full at every chunk size.
@Suite struct LongNumberAtWindowEndTests {
    @Test(arguments: [16, 61, 62, 63, 64, 777, 8 << 20])
    func sixtyOneNinesReadExactly(chunkSize: Int) throws {
        let nines = String(repeating: "9", count: 61)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv1-\(UUID().uuidString).csv")
        try "x\n\(nines)\n\(nines)\n1.5\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try DataReader.read(path: url.path, options: DataReadOptions(),
                                        tuning: CSVTuning(chunkSize: chunkSize, threads: 1, minimumParallelBytes: 1 << 30))
        let expected = try #require(Double(nines))
        #expect(try table.column(named: "x") == [expected, expected, 1.5])
    }

    /// The float fuzzer's form of csv-1: a number whose many zeros after the
    /// point are not significant (so it stays on the fast path) or whose
    /// exponent has many digits, ending the file without a line feed.
    @Test(arguments: [16, 61, 200, 343, 344, 345, 689, 8 << 20])
    func longInsignificantZerosAndLongExponentsAtTheEnd(chunkSize: Int) throws {
        let tiny = "0." + String(repeating: "0", count: 340) + "1"
        let longExponent = "1e-" + String(repeating: "0", count: 60) + "5"
        for text in [tiny, longExponent] {
            let value = try #require(Double(text))
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv1-\(UUID().uuidString).csv")
            try "x\n\(text)\n\(text)".write(to: url, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: url) }
            let table = try DataReader.read(path: url.path, options: DataReadOptions(),
                                            tuning: CSVTuning(chunkSize: chunkSize, threads: 1, minimumParallelBytes: 1 << 30))
            #expect(try table.column(named: "x") == [value, value], "chunk \(chunkSize), \(text.prefix(8))…")
        }
    }
}

/// Fuzz finding csv-4 (Fuzz/findings/csv/csv-4/): a read window that ended
/// inside a two-byte comment prefix ("/" of "//") made the preamble scan take
/// that comment line for the header, and the real header became data row 1.
/// Now the scan reads on; the header and rows are the same at every chunk size.
@Suite struct CommentPrefixAcrossChunksTests {
    @Test(arguments: Array(16...48))
    func commentLinesAreSkippedWhateverTheChunk(chunkSize: Int) throws {
        let text = "// a comment line that is longer than a chunk\n// another\n//x\nx|y\n//x\n1|2\n3|4\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv4-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var options = DataReadOptions()
        options.delimiter = .character("|")
        options.commentPrefix = "//"
        let table = try DataReader.read(path: url.path, options: options,
                                        tuning: CSVTuning(chunkSize: chunkSize, threads: 1, minimumParallelBytes: 1 << 30))
        #expect(table.columnNames == ["x", "y"])
        #expect(try table.column(named: "x") == [1, 3])
        // And a header with invalid UTF-8 there is named as the header.
        let bad = Data("//x\n//x\n".utf8) + Data([0x27, 0xA9, 0x0A]) + Data("1\n".utf8)
        try bad.write(to: url)
        #expect(throws: DataError.invalidUTF8(row: nil, line: 3)) {
            _ = try DataReader.read(path: url.path, options: options,
                                    tuning: CSVTuning(chunkSize: chunkSize, threads: 1, minimumParallelBytes: 1 << 30))
        }
    }
}
