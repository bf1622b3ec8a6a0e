/// A table of numbers read from a file: named columns of equal length.
///
/// Storage is column-major (`columns[j][i]` is row `i` of column `j`), the
/// layout the models and metrics consume. Rows dropped under the
/// `.dropRow` missing-value policy are not in the table; `droppedRowCount`
/// says how many there were (in this block, for a streamed block).
public struct NumericTable: Sendable, Equatable {
    /// The column names, in the order of `columns`.
    public let columnNames: [String]
    /// The values, one array per column, each `rowCount` long.
    public let columns: [[Double]]
    /// The number of rows in every column.
    public let rowCount: Int
    /// Rows skipped because of a missing value (`.dropRow` policy).
    public let droppedRowCount: Int

    /// Creates a table, checking that the names are unique and match the
    /// columns and that every column has the same length.
    /// - Throws: `DataError.invalidOption` on a shape mismatch,
    ///   `DataError.duplicateColumn` on a repeated name.
    public init(columnNames: [String], columns: [[Double]], droppedRowCount: Int = 0) throws {
        guard columnNames.count == columns.count else {
            throw DataError.invalidOption(
                name: "columnNames",
                reason: "\(columnNames.count) names for \(columns.count) columns")
        }
        var seen = Set<String>()
        for name in columnNames where !seen.insert(name).inserted {
            throw DataError.duplicateColumn(name: name)
        }
        let rows = columns.first?.count ?? 0
        if let bad = columns.firstIndex(where: { $0.count != rows }) {
            throw DataError.invalidOption(
                name: "columns",
                reason: "column '\(columnNames[bad])' has \(columns[bad].count) values but '\(columnNames[0])' has \(rows)")
        }
        self.init(uncheckedNames: columnNames, columns: columns, rowCount: rows, droppedRowCount: droppedRowCount)
    }

    /// For the readers, which build names and columns consistent by construction.
    init(uncheckedNames: [String], columns: [[Double]], rowCount: Int, droppedRowCount: Int) {
        self.columnNames = uncheckedNames
        self.columns = columns
        self.rowCount = rowCount
        self.droppedRowCount = droppedRowCount
    }

    /// The number of columns.
    public var columnCount: Int { columns.count }

    /// The position of the column with this name.
    /// - Throws: `DataError.missingColumn`, listing the columns there are.
    public func index(ofColumn name: String) throws -> Int {
        guard let index = columnNames.firstIndex(of: name) else {
            throw DataError.missingColumn(name: name, available: columnNames)
        }
        return index
    }

    /// The values of the column with this name.
    /// - Throws: `DataError.missingColumn`, listing the columns there are.
    /// - Complexity: O(number of columns) to find the name; the array is shared, not copied.
    public func column(named name: String) throws -> [Double] {
        columns[try index(ofColumn: name)]
    }

    /// Row `row` (0-based) as an array across the columns.
    /// - Complexity: O(number of columns).
    public func row(_ row: Int) -> [Double] {
        columns.map { $0[row] }
    }
}

