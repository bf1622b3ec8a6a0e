/// Reads numeric tables from CSV/TSV text files and NumPy `.npy` files.
///
/// ```swift
/// let table = try DataReader.read(path: "measurements.csv")
/// let y = try table.column(named: "y")
///
/// // Files larger than memory: blocks of rows, bounded memory.
/// var sum = 0.0
/// try DataReader.forEachBlock(path: "huge.csv", rowsPerBlock: 100_000) { block in
///     sum += try block.column(named: "y").reduce(0, +)
/// }
/// ```
///
/// The format is `.npy` when the file starts with the NumPy magic string
/// (or `options.format` says so), delimited text otherwise. The text dialect
/// (delimiters, quotes, missing values, trailing delimiters, comments) is
/// described in `docs/data-input.md`.
///
/// Numbers are parsed to the nearest double (ties to even), bit-for-bit the
/// value of Swift's `Double(String)`; `inf`/`infinity` read as ±∞, overflow
/// as ±∞ and underflow as ±0. `NaN` is a missing value, not a number.
///
/// All errors are `DataError`s naming the row (1-based data row, the header
/// not counted), the line of the file, and the column.
///
/// The path `-` reads standard input. Pipes, FIFOs, `<(…)` and character
/// devices are read front to back like files (a Fortran-order `.npy` needs a
/// regular file). Such an input can be read once: `header(path:)` followed
/// by `read(path:)` or `forEachBlock(path:)` of the same path works, the
/// second call going on from the bytes the first one read.
public enum DataReader {
    /// Reads the whole file into memory.
    ///
    /// - Complexity: O(file size) time, one pass; memory O(rows × columns read)
    ///   plus one chunk of the file (8 MiB, more for a longer record).
    ///   Text without quote characters is parsed on all cores.
    /// - Throws: `DataError`.
    public static func read(path: String, options: DataReadOptions = DataReadOptions()) throws -> NumericTable {
        try read(path: path, options: options, tuning: CSVTuning())
    }

    /// Reads the file block by block, calling `body` with tables of
    /// `rowsPerBlock` rows (the last one may be shorter), in file order.
    ///
    /// Each block's `droppedRowCount` counts the rows dropped since the
    /// previous block. An error in the file is thrown when the reader gets
    /// there; blocks of rows before it may already have been handed to
    /// `body` (the reader works one chunk of the file ahead of the blocks).
    ///
    /// - Complexity: O(file size) time; memory O(rowsPerBlock × columns) plus
    ///   one chunk of the file, whatever the file's size.
    /// - Throws: `DataError`, or what `body` throws.
    public static func forEachBlock(
        path: String, options: DataReadOptions = DataReadOptions(), rowsPerBlock: Int = 65_536,
        _ body: (NumericTable) throws -> Void
    ) throws {
        try forEachBlock(path: path, options: options, rowsPerBlock: rowsPerBlock, tuning: CSVTuning(), body)
    }

    /// The names of all the file's columns (the header, or `c0`, `c1`, … /
    /// `options.columnNames` for a file without one), without reading data.
    /// `options.columns` is ignored here.
    /// - Throws: `DataError`.
    public static func header(path: String, options: DataReadOptions = DataReadOptions()) throws -> [String] {
        var all = options
        all.columns = nil
        if try isNPY(path: path, options: options) {
            let reader = try NPYReader(path: path, options: all, keepingHeaderBytes: true)
            return reader.fileColumnNames
        }
        let stream = try CSVStream(path: path, options: all, keepingHeaderBytes: true)
        // A pipe or standard input cannot be opened again: the next read of
        // this path goes on from the bytes read here.
        stream.reader.keepForNextOpen()
        return stream.fileColumnNames
    }

    // MARK: - Internal entry points with tuning (tests turn the knobs).

    static func read(path: String, options: DataReadOptions, tuning: CSVTuning) throws -> NumericTable {
        var result: NumericTable?
        try forEachBlock(path: path, options: options, rowsPerBlock: Int.max, tuning: tuning) { result = $0 }
        guard let result else { throw DataError.noDataRows(path: path) }
        return result
    }

    static func forEachBlock(
        path: String, options: DataReadOptions, rowsPerBlock: Int, tuning: CSVTuning,
        _ body: (NumericTable) throws -> Void
    ) throws {
        guard rowsPerBlock > 0 else {
            throw DataError.invalidOption(name: "rowsPerBlock", reason: "\(rowsPerBlock) must be at least 1")
        }
        var sawDataRow = false
        if try isNPY(path: path, options: options) {
            let reader = try NPYReader(path: path, options: options)
            guard reader.header.rowCount > 0 else { throw DataError.noDataRows(path: path) }
            var accumulator = RowBlockAccumulator(
                columnNames: reader.columnNames, rowsPerBlock: rowsPerBlock, reserveRows: reader.header.rowCount,
                prefaultRows: reader.header.rowCount)
            try reader.forEachRowBlock(rowsPerBlock: rowsPerBlock) { values, rows, dropped in
                try accumulator.append(rowMajor: values, rowCount: rows, droppedRowCount: dropped, emit: body)
            }
            if accumulator.pendingRowCount > 0 || accumulator.hasPendingDrops { try body(accumulator.takeBlock()) }
            return
        }
        let stream = try CSVStream(path: path, options: options, tuning: tuning)
        var accumulator: RowBlockAccumulator?
        while let regions = try stream.next() {
            for region in regions where region.dataRowCount > 0 {
                sawDataRow = true
                if accumulator == nil {
                    // Reserved with a margin (pages never written cost
                    // address space only; a guess too low copies every
                    // column), committed up to the estimate.
                    let estimate = stream.estimatedRowCount(after: region)
                    accumulator = RowBlockAccumulator(
                        columnNames: stream.columnNames, rowsPerBlock: rowsPerBlock,
                        reserveRows: estimate + estimate / 4, prefaultRows: estimate)
                }
                try accumulator!.append(
                    columns: region.values, rowCount: region.rowCount, droppedRowCount: region.droppedRowCount,
                    emit: body)
            }
            stream.recycle(regions)
        }
        guard sawDataRow, var accumulator else { throw DataError.noDataRows(path: path) }
        if accumulator.pendingRowCount > 0 || accumulator.hasPendingDrops { try body(accumulator.takeBlock()) }
    }

    /// Whether to read the file as `.npy`: by option, or by its magic string.
    static func isNPY(path: String, options: DataReadOptions) throws -> Bool {
        switch options.format {
        case .npy: return true
        case .delimitedText: return false
        case .auto:
            let file = try ByteFileReader(path: path, chunkSize: 16)
            var prefix = [UInt8](repeating: 0, count: NPYHeader.magic.count)
            let count = try prefix.withUnsafeMutableBytes { try file.readBytes(at: 0, into: $0) }
            file.keepForNextOpen()
            if count == prefix.count && prefix == NPYHeader.magic { return true }
            if path.lowercased().hasSuffix(".npy") { throw DataError.badNPYMagic(path: path) }
            return false
        }
    }
}
