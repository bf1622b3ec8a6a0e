import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct NumericTableTests {
    @Test func columnLookup() throws {
        let table = try NumericTable(columnNames: ["x", "y"], columns: [[1, 2, 3], [4, 5, 6]])
        #expect(table.rowCount == 3)
        #expect(table.columnCount == 2)
        #expect(try table.column(named: "y") == [4, 5, 6])
        #expect(try table.index(ofColumn: "x") == 0)
        #expect(table.row(1) == [2, 5])
        #expect(dataError { _ = try table.column(named: "z") } == .missingColumn(name: "z", available: ["x", "y"]))
    }

    @Test func initializerChecksShape() {
        #expect(dataError { _ = try NumericTable(columnNames: ["x"], columns: [[1], [2]]) }
            == .invalidOption(name: "columnNames", reason: "1 names for 2 columns"))
        #expect(dataError { _ = try NumericTable(columnNames: ["x", "y"], columns: [[1, 2], [3]]) }
            == .invalidOption(name: "columns", reason: "column 'y' has 1 values but 'x' has 2"))
        #expect(dataError { _ = try NumericTable(columnNames: ["x", "x"], columns: [[1], [2]]) } == .duplicateColumn(name: "x"))
    }
}
