#if canImport(Glibc)
import Glibc
#endif
@testable import LossKitData

/// A table as read in one piece, or as the blocks of forEachBlock joined:
/// the row count is kept apart from the columns, since a selection of no
/// columns (`columns: []`) still counts rows.
public struct JoinedTable {
    public var names: [String]
    public var columns: [[Double]]
    public var rowCount: Int
    public var droppedRowCount: Int

    public init(_ table: NumericTable) {
        names = table.columnNames
        columns = table.columns
        rowCount = table.rowCount
        droppedRowCount = table.droppedRowCount
    }
}

public enum ReadOutcome {
    case table(JoinedTable)
    case failure(DataError)
}

/// The reader's knobs (chunk size, threads, the plain-record loop), which
/// only tests turn. Small chunks put chunk boundaries inside small inputs and
/// make a run cheap (the default 8 MiB buffer dominates the cost of a small read).
public struct ReaderTuning {
    var tuning: CSVTuning
    /// The public API's defaults.
    public static let defaults = ReaderTuning(tuning: CSVTuning())
    public static func small(chunkSize: Int, threads: Int = 1, parallelFrom: Int = 1 << 20, plainLoop: Bool = true) -> ReaderTuning {
        var t = CSVTuning()
        t.chunkSize = chunkSize
        t.threads = threads
        t.minimumParallelBytes = parallelFrom
        t.piecesPerThread = 2
        t.plainRecordLoop = plainLoop
        return ReaderTuning(tuning: t)
    }
}

/// DataReader.read(path:options:); only DataErrors may be thrown.
public func readWhole(_ path: String, _ options: DataReadOptions, _ tuning: ReaderTuning? = nil) -> ReadOutcome {
    do {
        let table = try tuning.map { try DataReader.read(path: path, options: options, tuning: $0.tuning) }
            ?? DataReader.read(path: path, options: options)
        return .table(JoinedTable(table))
    }
    catch let error as DataError { return .failure(error) }
    catch { finding("read threw a non-DataError: \(error)") }
}

/// DataReader.forEachBlock, the blocks joined; checks each block's shape.
public func readBlocks(_ path: String, _ options: DataReadOptions, rowsPerBlock: Int, _ tuning: ReaderTuning? = nil) -> ReadOutcome {
    var joined: JoinedTable?
    do {
        let body: (NumericTable) throws -> Void = { block in
            if block.rowCount > rowsPerBlock { finding("block of \(block.rowCount) rows > rowsPerBlock \(rowsPerBlock)") }
            if block.columns.contains(where: { $0.count != block.rowCount }) { finding("block columns not rowCount long") }
            guard joined != nil else { joined = JoinedTable(block); return }
            if joined!.names != block.columnNames { finding("block column names changed: \(joined!.names) then \(block.columnNames)") }
            // In place (a copy per block would make a long file quadratic).
            for c in block.columns.indices { joined!.columns[c].append(contentsOf: block.columns[c]) }
            joined!.rowCount += block.rowCount
            joined!.droppedRowCount += block.droppedRowCount
        }
        if let tuning {
            try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: rowsPerBlock, tuning: tuning.tuning, body)
        } else {
            try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: rowsPerBlock, body)
        }
    } catch let error as DataError {
        return .failure(error)
    } catch {
        finding("forEachBlock threw a non-DataError: \(error)")
    }
    guard let joined else { finding("forEachBlock returned without a block and without an error") }
    return .table(joined)
}

/// read and forEachBlock agree: the same DataError, or the same table bit for bit.
public func checkSame(_ a: ReadOutcome, _ b: ReadOutcome, _ what: String) {
    switch (a, b) {
    case let (.failure(x), .failure(y)):
        if x != y { finding("\(what): read threw \(x) but forEachBlock threw \(y)") }
    case let (.table(x), .table(y)):
        guard x.names == y.names else { finding("\(what): columns \(x.names) vs \(y.names)") }
        guard x.rowCount == y.rowCount else { finding("\(what): rows \(x.rowCount) vs \(y.rowCount)") }
        guard x.droppedRowCount == y.droppedRowCount else {
            finding("\(what): dropped rows \(x.droppedRowCount) vs \(y.droppedRowCount)")
        }
        for c in x.columns.indices where !sameBits(x.columns[c], y.columns[c]) {
            finding("\(what): column \(c) differs: \(x.columns[c].prefix(8)) vs \(y.columns[c].prefix(8))")
        }
    case let (.table(x), .failure(y)):
        finding("\(what): read gave \(x.rowCount) rows but forEachBlock threw \(y)")
    case let (.failure(x), .table(y)):
        finding("\(what): read threw \(x) but forEachBlock gave \(y.rowCount) rows")
    }
}
