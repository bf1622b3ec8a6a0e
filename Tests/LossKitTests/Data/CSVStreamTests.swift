import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Streaming in blocks and parsing on several threads must give exactly
/// what one sequential whole-file read gives: values, order, row numbers.
@Suite struct CSVStreamTests {
    /// A file of `rows` rows in varied spellings, with blank lines, CRLF
    /// lines, comments, missing values and (optionally) a quoted column.
    static func corpus(rows: Int, quoted: Bool, seed: UInt64) -> String {
        var generator = SplitMix64(seed: seed)
        var text = "# generated\nid,x,y,z" + (quoted ? ",label" : "") + "\n"
        for i in 0..<rows {
            let x = Double(bitPattern: generator.next() >> 2) // finite, positive, all magnitudes
            let y = Double(Int64(bitPattern: generator.next()) % 1_000_000) / 1000
            let z = generator.next() % 50 == 0 ? "NA" : "\(Double(generator.next() % 1000) * 0.125)e-\(generator.next() % 5)"
            text += "\(i),\(x),\(y),\(z)"
            if quoted { text += generator.next() % 3 == 0 ? ",\"a, \"\"quoted\"\"\nlabel\"" : ",plain" }
            text += generator.next() % 7 == 0 ? "\r\n" : "\n"
            if generator.next() % 40 == 0 { text += "\n" }
            if generator.next() % 60 == 0 { text += "# a comment, with a comma\n" }
        }
        return text
    }

    static let sequential = CSVTuning(chunkSize: 1 << 24, threads: 1, minimumParallelBytes: 1 << 40)

    @Test(arguments: [false, true])
    func parallelEqualsSequential(quoted: Bool) throws {
        let file = TemporaryFile(Self.corpus(rows: 20_000, quoted: quoted, seed: quoted ? 1 : 2))
        let options = DataReadOptions(commentPrefix: "#", columns: ["x", "y", "z", "id"], missingValues: .dropRow)
        let reference = try DataReader.read(path: file.path, options: options, tuning: Self.sequential)
        #expect(reference.rowCount + reference.droppedRowCount == 20_000)
        #expect(reference.droppedRowCount > 0)
        for tuning in [
            CSVTuning(chunkSize: 1 << 16, threads: 2, minimumParallelBytes: 0),
            CSVTuning(chunkSize: 100_003, threads: 5, minimumParallelBytes: 0),
            CSVTuning(chunkSize: 1 << 20, threads: 8, minimumParallelBytes: 0),
        ] {
            let table = try DataReader.read(path: file.path, options: options, tuning: tuning)
            #expect(table == reference)
        }
        // The ids come out in file order.
        let ids = try reference.column(named: "id")
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test(arguments: [1, 7, 1000, 65_536, Int.max])
    func blocksConcatenateToTheWholeFile(rowsPerBlock: Int) throws {
        let file = TemporaryFile(Self.corpus(rows: 5000, quoted: true, seed: 3))
        let options = DataReadOptions(commentPrefix: "#", columns: ["id", "x", "y", "z"], missingValues: .dropRow)
        let whole = try DataReader.read(path: file.path, options: options)
        var columns = [[Double]](repeating: [], count: 4)
        var dropped = 0
        var blocks = 0
        try DataReader.forEachBlock(
            path: file.path, options: options, rowsPerBlock: rowsPerBlock,
            tuning: CSVTuning(chunkSize: 4096, threads: 2, minimumParallelBytes: 0)
        ) { block in
            #expect(block.columnNames == whole.columnNames)
            blocks += 1
            for j in 0..<4 { columns[j] += block.columns[j] }
            dropped += block.droppedRowCount
            #expect(block.rowCount <= rowsPerBlock)
        }
        #expect(columns == whole.columns)
        #expect(dropped == whole.droppedRowCount)
        #expect(blocks >= whole.rowCount / min(rowsPerBlock, whole.rowCount + 1))
    }

    @Test func errorRowIsTheSameOnEveryPath() throws {
        var text = "a,b\n"
        for i in 0..<30_000 { text += i == 23_456 ? "\(i),oops\n" : "\(i),\(i).5\n" }
        let file = TemporaryFile(text)
        let expected = DataError.notANumber(row: 23_457, line: 23_458, column: "b", text: "oops")
        for tuning in [Self.sequential, CSVTuning(chunkSize: 1 << 14, threads: 4, minimumParallelBytes: 0)] {
            #expect(dataError { _ = try DataReader.read(path: file.path, options: DataReadOptions(), tuning: tuning) } == expected)
        }
        // Streaming hands over blocks until the chunk with the error, then throws it.
        var rowsSeen = 0
        let error = dataError {
            try DataReader.forEachBlock(
                path: file.path, options: DataReadOptions(), rowsPerBlock: 1000,
                tuning: CSVTuning(chunkSize: 4096, threads: 2, minimumParallelBytes: 0)
            ) { rowsSeen += $0.rowCount }
        }
        #expect(error == expected)
        #expect(rowsSeen >= 22_000 && rowsSeen <= 23_000)
    }

    @Test func publicReadUsesTheDefaultTuning() throws {
        let file = TemporaryFile(Self.corpus(rows: 3000, quoted: false, seed: 4))
        let options = DataReadOptions(commentPrefix: "#", missingValues: .dropRow)
        #expect(try DataReader.read(path: file.path, options: options)
            == DataReader.read(path: file.path, options: options, tuning: Self.sequential))
        #expect(dataError { try DataReader.forEachBlock(path: file.path, rowsPerBlock: 0) { _ in } }
            == .invalidOption(name: "rowsPerBlock", reason: "0 must be at least 1"))
    }
}
