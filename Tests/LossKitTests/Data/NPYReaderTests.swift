import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// `.npy` files and text files written by NumPy (scripts/generate_data_fixtures.py)
/// must read back bit for bit as NumPy's own values (recorded as hex bit
/// patterns in expected.json).
@Suite struct NPYReaderTests {
    struct Expected {
        var columns: [String]
        var values: [[Double]]
        var extra: [String: Any]
    }

    static func fixturePath(_ name: String) throws -> String {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        let url = try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/data"))
        return url.path
    }

    static func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: URL(fileURLWithPath: try fixturePath("expected.json")))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entry = try #require(all[name] as? [String: Any])
        let names = try #require(entry["columns"] as? [String])
        let bits = try #require(entry["bits"] as? [[String]])
        let values = try bits.map { column in
            try column.map { Double(bitPattern: try #require(UInt64($0, radix: 16))) }
        }
        return Expected(columns: names, values: values, extra: entry)
    }

    static let exactFiles = [
        "c_order_f8.npy", "c_order_f4.npy", "big_endian_f8.npy", "fortran_f8.npy", "one_d_f8.npy",
        "version2_f8.npy", "version3_f8.npy", "c_order_repr.csv", "c_order_17g.tsv",
    ]

    @Test(arguments: exactFiles)
    func readsBackExactly(_ name: String) throws {
        let expected = try Self.expected(name)
        let table = try DataReader.read(path: try Self.fixturePath(name))
        #expect(table.columnNames == expected.columns)
        #expect(table.rowCount == expected.values[0].count)
        for j in expected.values.indices {
            let same = zip(table.columns[j], expected.values[j]).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same, "column \(j) of \(name) differs from NumPy's values")
        }
    }

    @Test(arguments: ["c_order_f8.npy", "fortran_f8.npy", "c_order_f4.npy"], [1, 4, 1000])
    func blocksEqualTheWholeArray(_ name: String, rowsPerBlock: Int) throws {
        let path = try Self.fixturePath(name)
        let whole = try DataReader.read(path: path)
        var columns = [[Double]](repeating: [], count: whole.columnCount)
        try DataReader.forEachBlock(path: path, rowsPerBlock: rowsPerBlock) { block in
            #expect(block.rowCount <= rowsPerBlock)
            for j in columns.indices { columns[j] += block.columns[j] }
        }
        #expect(columns == whole.columns)
    }

    @Test func namesAndSelection() throws {
        let path = try Self.fixturePath("fortran_f8.npy")
        let expected = try Self.expected("fortran_f8.npy")
        let options = DataReadOptions(columns: ["z", "x"], columnNames: ["x", "y", "z"])
        let table = try DataReader.read(path: path, options: options)
        #expect(table.columnNames == ["z", "x"])
        #expect(table.columns == [expected.values[2], expected.values[0]])
        #expect(try DataReader.header(path: path) == ["c0", "c1", "c2"])
        #expect(dataError { _ = try DataReader.read(path: path, options: DataReadOptions(columnNames: ["a"])) }
            == .invalidOption(name: "columnNames", reason: "1 names given but the array has 3 columns"))
    }

    @Test func nanIsAMissingValue() throws {
        let path = try Self.fixturePath("with_nan_f8.npy")
        let expected = try Self.expected("with_nan_f8.npy")
        #expect(dataError { _ = try DataReader.read(path: path) }
            == .missingNPYValue(path: path, row: try #require(expected.extra["first_nan_row"] as? Int), column: "c1"))
        let table = try DataReader.read(path: path, options: DataReadOptions(missingValues: .dropRow))
        #expect(table.columns == expected.values)
        #expect(table.droppedRowCount == (try #require(expected.extra["dropped"] as? Int)))
    }

    /// A version 1.0 `.npy` file of little-endian float64 rows.
    static func npyBytes(rows: [[Double]]) -> [UInt8] {
        let columns = rows.first?.count ?? 0
        var dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows.count), \(columns)), }"
        while (NPYHeader.magic.count + 4 + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        let length = UInt16(dict.utf8.count)
        var bytes = NPYHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
        for row in rows {
            for value in row { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        }
        return bytes
    }

    /// Fuzz finding npy-2: the block buffers were sized by `rowsPerBlock`
    /// (up to 8 MiB) whatever the file's row count, so reading 3 rows
    /// zero-filled 16 MiB. They are now capped by the rows there are.
    @Test(arguments: [1, 2, 3, 4, 1000, 1 << 40, Int.max])
    func smallFileBuffersAreBoundedByItsRows(rowsPerBlock: Int) throws {
        let rows: [[Double]] = [[1, -2], [3.5, 4], [5, 6e300]]
        let file = TemporaryFile(name: "tiny.npy", bytes: Self.npyBytes(rows: rows))
        let reader = try NPYReader(path: file.path, options: DataReadOptions())
        #expect(reader.blockRowCount(rowsPerBlock: rowsPerBlock) == min(rowsPerBlock, 3))
        var seen: [[Double]] = []
        try reader.forEachRowBlock(rowsPerBlock: rowsPerBlock) { values, count, dropped in
            #expect(dropped == 0)
            for i in 0..<count { seen.append(Array(values[(i * 2)..<(i * 2 + 2)])) }
        }
        #expect(seen == rows)
        var columns: [[Double]] = [[], []]
        try DataReader.forEachBlock(path: file.path, rowsPerBlock: rowsPerBlock) { block in
            #expect(block.rowCount <= rowsPerBlock)
            for j in columns.indices { columns[j] += block.columns[j] }
        }
        #expect(columns == [[1, 3.5, 5], [-2, 4, 6e300]])
        #expect(try DataReader.read(path: file.path).columns == columns)
    }

    /// Fuzz finding npy-3: a header announcing 0 rows and 5.6e17 columns
    /// passed every size check (0 bytes of data) and allocated a name per
    /// column. Column counts are bounded before anything is allocated, with
    /// or without rows, for a file and for standard input alike.
    /// npy-5 (a fuzzer timeout): 10¹² rows of 0 columns hold 0 bytes of data
    /// and were walked row by row. An array without columns is refused.
    @Test(arguments: ["(1000000000000, 0)", "(3, 0)"])
    func arraysWithoutColumnsAreRefused(shape: String) throws {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        let padded = dict + String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        let length = UInt16(padded.utf8.count)
        let file = TemporaryFile(name: "no-columns.npy", bytes: NPYHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(padded.utf8))
        let error = dataError { _ = try DataReader.read(path: file.path) }
        guard case let .badNPYHeader(_, detail) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(detail.contains("has no columns"))
    }

    @Test(arguments: ["(0, 555555555555555553)", "(1, 33554433)", "(0, 33554433)"])
    func absurdColumnCountsAreRefusedBeforeAllocating(shape: String) throws {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        let padded = dict + String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        let length = UInt16(padded.utf8.count)
        let file = TemporaryFile(name: "wide.npy", bytes: NPYHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(padded.utf8))
        let error = dataError { _ = try DataReader.header(path: file.path) }
        guard case let .badNPYHeader(_, detail) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(detail.contains("at most 33554432 are read"))
    }

    /// The npy target's timeout: no rows and a million columns. Refused as
    /// "no data rows" before a name per column is made.
    @Test func noRowsIsRefusedBeforeNamingColumns() throws {
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 999930), }"
        let padded = dict + String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        let length = UInt16(padded.utf8.count)
        let file = TemporaryFile(name: "empty-wide.npy", bytes: NPYHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(padded.utf8))
        #expect(dataError { _ = try DataReader.header(path: file.path) } == .noDataRows(path: file.path))
        #expect(dataError { _ = try DataReader.read(path: file.path) } == .noDataRows(path: file.path))
    }

    @Test func unsupportedAndBrokenFiles() throws {
        let int64 = try Self.fixturePath("int64.npy")
        #expect(dataError { _ = try DataReader.read(path: int64) } == .unsupportedNPYType(path: int64, descr: "<i8"))
        let threeD = try Self.fixturePath("three_d.npy")
        #expect(dataError { _ = try DataReader.read(path: threeD) } == .unsupportedNPYShape(path: threeD, shape: [2, 2, 2]))
        let truncated = try Self.fixturePath("truncated_f8.npy")
        #expect(dataError { _ = try DataReader.read(path: truncated) }
            == .truncatedFile(path: truncated, expectedBytes: 60 * 3 * 8, actualBytes: 60 * 3 * 8 - 20))
        let notNPY = TemporaryFile(name: "x.npy", "x,y\n1,2\n")
        #expect(dataError { _ = try DataReader.read(path: notNPY.path) } == .badNPYMagic(path: notNPY.path))
        let shortHeader = TemporaryFile(name: "s.npy", bytes: NPYHeader.magic + [1, 0, 200, 0] + Array("{'descr'".utf8))
        #expect(dataError { _ = try DataReader.read(path: shortHeader.path) } != nil)
        let badVersion = TemporaryFile(name: "v.npy", bytes: NPYHeader.magic + [9, 0, 0, 0])
        #expect(dataError { _ = try DataReader.read(path: badVersion.path) }
            == .badNPYHeader(path: badVersion.path, detail: "format version 9.0 is not 1.0, 2.0 or 3.0"))
        // Forced text format reads an .npy-named text file as text.
        let forced = try DataReader.read(path: notNPY.path, options: DataReadOptions(format: .delimitedText))
        #expect(forced.columns == [[1], [2]])
    }
}
