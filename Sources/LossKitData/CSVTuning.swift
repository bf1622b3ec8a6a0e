#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Knobs of the text reader that tests turn; the defaults are for speed.
struct CSVTuning: Sendable {
    /// Bytes read per `read(2)` round (the buffer grows for longer records).
    var chunkSize = 8 << 20
    /// Threads that parse one chunk at once, split at line feeds, when the
    /// chunk has no quote character (so every line feed ends a record).
    var threads = CSVTuning.processorCount
    /// Chunks smaller than this are parsed on one thread.
    var minimumParallelBytes = 1 << 20
    /// Pieces per thread in a parallel chunk: more pieces than threads let a
    /// thread that runs on take over the work of one that was descheduled
    /// (the machine is often shared), at a small cost per piece.
    var piecesPerThread = 4
    /// Whether runs of plain numeric records take the lean loop
    /// (`CSVRecordParser.parsePlainRecords`); tests turn it off to check
    /// that both loops read every file the same.
    var plainRecordLoop = true

    static var processorCount: Int {
        max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }
}
