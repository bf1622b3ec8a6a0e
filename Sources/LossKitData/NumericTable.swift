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
    /// Positions by name for a wide table (nil for a narrow one, where a
    /// scan is as fast), so that looking up every column is linear in the
    /// columns, not quadratic. Shared by the blocks of one read.
    let columnIndex: ColumnIndex?

    /// Column positions by name, built once per read.
    final class ColumnIndex: Sendable {
        /// Tables with more columns than this get an index.
        static let minimumColumns = 16
        let positions: [String: Int]

        init(_ names: [String]) {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(names.count)
            for (k, name) in names.enumerated() where positions[name] == nil { positions[name] = k }
            self.positions = positions
        }

        static func forNames(_ names: [String]) -> ColumnIndex? {
            names.count > minimumColumns ? ColumnIndex(names) : nil
        }
    }

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

    /// For the readers, which build names and columns consistent by
    /// construction (and may share one `index` among the blocks of a read).
    init(uncheckedNames: [String], columns: [[Double]], rowCount: Int, droppedRowCount: Int, index: ColumnIndex?? = nil) {
        self.columnNames = uncheckedNames
        self.columns = columns
        self.rowCount = rowCount
        self.droppedRowCount = droppedRowCount
        self.columnIndex = index ?? ColumnIndex.forNames(uncheckedNames)
    }

    public static func == (lhs: NumericTable, rhs: NumericTable) -> Bool {
        lhs.columnNames == rhs.columnNames && lhs.columns == rhs.columns && lhs.rowCount == rhs.rowCount
            && lhs.droppedRowCount == rhs.droppedRowCount
    }

    /// The number of columns.
    public var columnCount: Int { columns.count }

    /// The position of the column with this name.
    /// - Throws: `DataError.missingColumn`, listing the columns there are.
    /// - Complexity: O(1) expected for a table of more than 16 columns
    ///   (a dictionary built once per read), O(columns) for a narrow one.
    public func index(ofColumn name: String) throws -> Int {
        let found = columnIndex.map { $0.positions[name] } ?? columnNames.firstIndex(of: name)
        guard let index = found else {
            throw DataError.missingColumn(name: name, available: columnNames)
        }
        return index
    }

    /// The values of the column with this name.
    /// - Throws: `DataError.missingColumn`, listing the columns there are.
    /// - Complexity: as `index(ofColumn:)` to find the name; the array is shared, not copied.
    public func column(named name: String) throws -> [Double] {
        columns[try index(ofColumn: name)]
    }

    /// Row `row` (0-based) as an array across the columns.
    /// - Complexity: O(number of columns).
    public func row(_ row: Int) -> [Double] {
        columns.map { $0[row] }
    }
}

