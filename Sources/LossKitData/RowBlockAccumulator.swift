/// Collects row-major values from the readers and hands them out as
/// column-major `NumericTable` blocks of a fixed number of rows.
///
/// The readers produce rows in file order; this type owns the transposition
/// to columns, so that whole-file reads (one block of every row) and
/// streamed reads (many blocks) build tables the same way.
struct RowBlockAccumulator {
    let columnNames: [String]
    /// Built once, shared by every block.
    let columnIndex: NumericTable.ColumnIndex?
    let rowsPerBlock: Int
    private var columns: [[Double]]
    private var rows = 0
    private var dropped = 0

    /// - Parameters:
    ///   - reserveRows: rows to allocate room for in each column at once.
    ///   - prefaultRows: of those, the rows expected to be filled, whose
    ///     memory is committed up front (`MemoryCommit`).
    init(columnNames: [String], rowsPerBlock: Int, reserveRows: Int = 0, prefaultRows: Int = 0) {
        self.columnNames = columnNames
        columnIndex = NumericTable.ColumnIndex.forNames(columnNames)
        self.rowsPerBlock = rowsPerBlock
        columns = Array(repeating: [], count: columnNames.count)
        let reserve = min(reserveRows, rowsPerBlock)
        if reserve > 0 {
            let commit = min(prefaultRows, reserve)
            for j in columns.indices {
                columns[j].reserveCapacity(reserve)
                if commit > 0 {
                    columns[j].withUnsafeMutableBufferPointer { column in
                        MemoryCommit.prefault(UnsafeMutableRawPointer(column.baseAddress), byteCount: commit * 8)
                    }
                }
            }
        }
    }

    var pendingRowCount: Int { rows }

    /// Appends `rowCount` rows stored row after row in `values`, calling
    /// `emit` with each block that fills up.
    mutating func append(
        rowMajor values: UnsafeBufferPointer<Double>, rowCount: Int, droppedRowCount: Int,
        emit: (NumericTable) throws -> Void
    ) rethrows {
        dropped += droppedRowCount
        let width = columnNames.count
        var done = 0
        while done < rowCount {
            let take = min(rowCount - done, rowsPerBlock - rows)
            if let source = values.baseAddress.map({ $0 + done * width }) {
                for j in 0..<width {
                    let old = columns[j].count
                    columns[j].append(contentsOf: repeatElement(0, count: take))
                    columns[j].withUnsafeMutableBufferPointer { column in
                        var from = source + j
                        for i in old..<(old + take) {
                            column[i] = from.pointee
                            from += width
                        }
                    }
                }
            }
            rows += take
            done += take
            if rows == rowsPerBlock {
                try emit(takeBlock())
            }
        }
    }

    /// Appends the first `rowCount` rows of a column-major block, calling
    /// `emit` with each block that fills up. One copy per column and block.
    mutating func append(
        columns block: ColumnBlockBuffer, rowCount: Int, droppedRowCount: Int, emit: (NumericTable) throws -> Void
    ) rethrows {
        dropped += droppedRowCount
        var done = 0
        while done < rowCount {
            let take = min(rowCount - done, rowsPerBlock - rows)
            for j in 0..<columns.count {
                columns[j].append(contentsOf: UnsafeBufferPointer(rebasing: block.column(j, rows: done + take)[done...]))
            }
            rows += take
            done += take
            if rows == rowsPerBlock {
                try emit(takeBlock())
            }
        }
    }

    /// The rows collected so far as a table, leaving the accumulator empty.
    mutating func takeBlock() -> NumericTable {
        let table = NumericTable(
            uncheckedNames: columnNames, columns: columns, rowCount: rows, droppedRowCount: dropped, index: columnIndex)
        columns = Array(repeating: [], count: columnNames.count)
        // Room for a block like the one just emitted, never for an absurd
        // `rowsPerBlock` (10^12 rows would abort on the allocation).
        let next = min(rowsPerBlock, rows)
        if next > 0 {
            for j in columns.indices { columns[j].reserveCapacity(next) }
        }
        rows = 0
        dropped = 0
        return table
    }

    var hasPendingDrops: Bool { dropped > 0 }
}
