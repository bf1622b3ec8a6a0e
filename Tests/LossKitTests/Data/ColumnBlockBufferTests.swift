import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ColumnBlockBufferTests {
    @Test func growKeepsEveryColumnsRows() {
        let buffer = ColumnBlockBuffer(width: 3, rowCapacity: 2)
        for i in 0..<2 {
            for j in 0..<3 { buffer.base[j * buffer.rowCapacity + i] = Double(10 * j + i) }
        }
        buffer.grow(keeping: 2)
        #expect(buffer.rowCapacity == 4)
        for i in 2..<4 {
            for j in 0..<3 { buffer.base[j * buffer.rowCapacity + i] = Double(10 * j + i) }
        }
        for j in 0..<3 {
            #expect(Array(buffer.column(j, rows: 4)) == (0..<4).map { Double(10 * j + $0) })
        }
    }

    /// A reused buffer smaller than the next region must grow while parsing.
    @Test func parserGrowsAReusedBuffer() throws {
        let layout = try CSVLayout(fieldNames: ["a", "b"], selecting: nil)
        let parser = CSVRecordParser(
            dialect: CSVDialect(delimiter: UInt8(ascii: ","), commentPrefix: [], missingTokens: [[]],
                                dropRowsWithMissingValues: false),
            layout: layout)
        let text = Array((0..<100).map { "\($0),\(-$0)\n" }.joined().utf8)
        let region = try text.withUnsafeBufferPointer {
            try parser.parse($0, isFinal: true, rowBase: 0, lineBase: 0, reusing: ColumnBlockBuffer(width: 2, rowCapacity: 1))
        }
        #expect(region.rowCount == 100)
        #expect(Array(region.values.column(0, rows: 100)) == (0..<100).map(Double.init))
        #expect(Array(region.values.column(1, rows: 100)) == (0..<100).map { -Double($0) })
    }
}
