/// Reads the numbers of a NumPy `.npy` file block by block.
///
/// A 2-D array's columns are the table's columns; a 1-D array is one
/// column. C order (rows contiguous) and Fortran order (columns contiguous)
/// are both read, with `pread` at each block's offset so a block costs
/// memory for its own rows only. float32 values widen exactly to Double.
final class NPYReader {
    let path: String
    let header: NPYHeader
    /// Names of all columns: given, or `c0`, `c1`, ….
    let fileColumnNames: [String]
    /// The columns read, as positions in the file, and their names.
    let selectedColumns: [Int]
    let columnNames: [String]
    private let file: ByteFileReader
    private let dropRowsWithNaN: Bool

    init(path: String, options: DataReadOptions, keepingHeaderBytes: Bool = false) throws {
        self.path = path
        let file = try ByteFileReader(path: path, chunkSize: 4096)
        self.file = file
        var prefix = [UInt8](repeating: 0, count: 4096)
        var have = try prefix.withUnsafeMutableBytes { try file.readBytes(at: 0, into: $0) }
        var parsed = try NPYHeader.parse(Array(prefix[0..<have]), path: path)
        if parsed.header == nil && parsed.needed > have {
            // The header length is read from the file: check it against the
            // file before allocating for it.
            if let size = file.fileSize, parsed.needed > size {
                throw DataError.truncatedFile(path: path, expectedBytes: parsed.needed, actualBytes: size)
            }
            prefix = [UInt8](repeating: 0, count: parsed.needed)
            have = try prefix.withUnsafeMutableBytes { try file.readBytes(at: 0, into: $0) }
            parsed = try NPYHeader.parse(Array(prefix[0..<have]), path: path)
        }
        guard let header = parsed.header else {
            throw DataError.truncatedFile(path: path, expectedBytes: parsed.needed, actualBytes: have)
        }
        self.header = header
        if keepingHeaderBytes {
            file.keepForNextOpen()
        } else {
            file.stopRetaining()
        }
        if !file.isSeekable && header.fortranOrder && header.columnCount > 1 && header.rowCount > 1 {
            throw DataError.cannotRead(
                path: path, reason: "a Fortran-order .npy array is read column by column, which needs a regular file, "
                    + "not a pipe or device; save it to a file first")
        }
        let expected = header.dataOffset + header.dataByteCount
        if let size = file.fileSize, size < expected {
            throw DataError.truncatedFile(
                path: path, expectedBytes: header.dataByteCount, actualBytes: max(0, size - header.dataOffset))
        }
        // An array without rows has nothing to read; say so before making a
        // name per column (a header may announce a million columns and no
        // rows: 13 s under the fuzzer's ASan build, found by the npy target).
        guard header.rowCount > 0 else { throw DataError.noDataRows(path: path) }
        if let given = options.columnNames {
            guard given.count == header.columnCount else {
                throw DataError.invalidOption(
                    name: "columnNames", reason: "\(given.count) names given but the array has \(header.columnCount) columns")
            }
            fileColumnNames = given
        } else {
            fileColumnNames = (0..<header.columnCount).map { "c\($0)" }
        }
        let layout = try CSVLayout(fieldNames: fileColumnNames, selecting: options.columns)
        columnNames = layout.outputNames
        var selected = [Int](repeating: 0, count: layout.outputCount)
        for (field, output) in layout.outputColumn.enumerated() where output >= 0 { selected[output] = field }
        selectedColumns = selected
        dropRowsWithNaN = options.missingValues == .dropRow
    }

    /// Calls `body` with the rows `[start, start + count)` of the selected
    /// columns, row-major, for consecutive blocks of at most `rowsPerBlock`.
    func forEachRowBlock(
        rowsPerBlock: Int, _ body: (UnsafeBufferPointer<Double>, _ rowCount: Int, _ dropped: Int) throws -> Void
    ) throws {
        let width = header.columnCount
        let outWidth = selectedColumns.count
        let size = header.scalarType.byteCount
        let blockRows = blockRowCount(rowsPerBlock: rowsPerBlock)
        var raw = [UInt8](repeating: 0, count: blockRows * width * size)
        var out = [Double](repeating: 0, count: blockRows * outWidth)
        var start = 0
        while start < header.rowCount {
            let count = min(blockRows, header.rowCount - start)
            try readBlock(start: start, count: count, into: &raw)
            var kept = 0
            var dropped = 0
            try raw.withUnsafeBytes { bytes in
                try out.withUnsafeMutableBufferPointer { values in
                    for i in 0..<count {
                        var hasNaN = false
                        for (k, column) in selectedColumns.enumerated() {
                            // C order: the block is rows × width; Fortran order: width × rows.
                            let index = header.fortranOrder ? column * count + i : i * width + column
                            let value = Self.load(bytes, index: index, type: header.scalarType, bigEndian: header.bigEndian)
                            if value.isNaN {
                                if !dropRowsWithNaN {
                                    throw DataError.missingNPYValue(path: path, row: start + i + 1, column: columnNames[k])
                                }
                                hasNaN = true
                            }
                            values[kept * outWidth + k] = value
                        }
                        if hasNaN { dropped += 1 } else { kept += 1 }
                    }
                }
            }
            try out.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<(kept * outWidth)]), kept, dropped) }
            start += count
        }
    }

    /// The rows a block of `forEachRowBlock` holds, which sizes its buffers:
    /// at most `rowsPerBlock`, at most 8 MiB of the file's rows, and at most
    /// the rows there are (a 3-row file does not zero-fill 8 MiB buffers).
    func blockRowCount(rowsPerBlock: Int) -> Int {
        let rowBytes = max(1, header.columnCount * header.scalarType.byteCount)
        return max(1, min(rowsPerBlock, (8 << 20) / rowBytes, header.rowCount))
    }

    /// Reads rows `[start, start + count)` of every column into `raw`.
    private func readBlock(start: Int, count: Int, into raw: inout [UInt8]) throws {
        let width = header.columnCount
        let size = header.scalarType.byteCount
        try raw.withUnsafeMutableBytes { buffer in
            if header.fortranOrder {
                for column in 0..<width {
                    let offset = header.dataOffset + (column * header.rowCount + start) * size
                    let target = UnsafeMutableRawBufferPointer(rebasing: buffer[(column * count * size)..<((column + 1) * count * size)])
                    try readExactly(at: offset, into: target)
                }
            } else {
                let offset = header.dataOffset + start * width * size
                try readExactly(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count * width * size)]))
            }
        }
    }

    private func readExactly(at offset: Int, into target: UnsafeMutableRawBufferPointer) throws {
        let got = try file.readBytes(at: offset, into: target)
        if got < target.count {
            throw DataError.truncatedFile(
                path: path, expectedBytes: header.dataByteCount, actualBytes: offset - header.dataOffset + got)
        }
    }

    @inline(__always)
    private static func load(_ bytes: UnsafeRawBufferPointer, index: Int, type: NPYHeader.ScalarType, bigEndian: Bool) -> Double {
        switch type {
        case .float64:
            let bits = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            return Double(bitPattern: bigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
        case .float32:
            let bits = bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
            return Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)))
        }
    }
}
