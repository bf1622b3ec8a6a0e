import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CSVStream {
    /// Reading and parsing one chunk on a background thread, so that the
    /// caller's work on the previous chunk (copying columns, its own block
    /// handler) overlaps with it.
    ///
    /// The job refills the reader, then parses the chunk: cut at line feeds
    /// into pieces parsed on all cores when it has no quote character (then
    /// every line feed ends a record), on one thread otherwise. Pieces are
    /// numbered from row 0 and line 0; the stream fixes the numbers up.
    /// Between `start` and `wait` only the job touches the reader.
    final class ChunkJob: @unchecked Sendable {
        enum Outcome {
            /// Nothing left to read.
            case end
            /// The whole chunk on one thread, numbered from `rowBase`/`lineBase`.
            case single(Result<CSVParsedRegion, any Error>, isFinal: Bool)
            /// Pieces `[cuts[k], cuts[k+1])` of the window, each numbered from 0.
            case pieces([Result<CSVParsedRegion, any Error>], cuts: [Int], window: UnsafeBufferPointer<UInt8>, isFinal: Bool)
            /// Reading failed.
            case failed(any Error)
        }

        private let parser: CSVRecordParser
        private let reader: ByteFileReader
        private let tuning: CSVTuning
        private let rowBase: Int
        private let lineBase: Int
        private var buffers: [ColumnBlockBuffer]
        private let done = DispatchSemaphore(value: 0)
        private(set) var outcome = Outcome.end

        init(stream: CSVStream, buffers: [ColumnBlockBuffer]) {
            parser = stream.parser
            reader = stream.reader
            tuning = stream.tuning
            rowBase = stream.rowBase
            lineBase = stream.lineBase
            self.buffers = buffers
        }

        func start() {
            DispatchQueue.global().async { self.run() }
        }

        /// Blocks until the job is done; `outcome` is then safe to read.
        func wait() {
            done.wait()
        }

        private func run() {
            defer { done.signal() }
            do {
                if !reader.isAtEndOfFile { try CSVStream.refill(reader, line: lineBase + 1) }
            } catch {
                outcome = .failed(error)
                return
            }
            let window = reader.window
            let isFinal = reader.isAtEndOfFile
            if window.isEmpty {
                outcome = .end
                return
            }
            guard let cuts = cutPoints(window, isFinal: isFinal) else {
                outcome = .single(Result {
                    try self.parser.parse(
                        window, isFinal: isFinal, rowBase: rowBase, lineBase: lineBase, reusing: buffers.popLast())
                }, isFinal: isFinal)
                return
            }
            let pieces = cuts.count - 1
            let slots = UnsafeMutableBufferPointer<Result<CSVParsedRegion, any Error>>.allocate(capacity: pieces)
            defer { slots.deallocate() }
            let spare = (0..<pieces).map { _ in buffers.popLast() }
            let parser = self.parser
            let work = Pieces(base: window.baseAddress!, cuts: cuts, slots: slots)
            DispatchQueue.concurrentPerform(iterations: pieces) { k in
                let slice = UnsafeBufferPointer(start: work.base + work.cuts[k], count: work.cuts[k + 1] - work.cuts[k])
                // Every piece but the last ends just after a line feed.
                let final = k == pieces - 1 ? isFinal : true
                (work.slots.baseAddress! + k).initialize(to: Result {
                    try parser.parse(slice, isFinal: final, rowBase: 0, lineBase: 0, reusing: spare[k])
                })
            }
            outcome = .pieces(Array(slots), cuts: cuts, window: window, isFinal: isFinal)
            _ = slots.deinitialize()
        }

        /// Where to cut `window` for parallel parsing (just after line feeds
        /// near each k/pieces of its complete lines), or nil to parse it on
        /// one thread: one core, a small chunk, or a quote somewhere.
        private func cutPoints(_ window: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> [Int]? {
            let pieces = tuning.threads * tuning.piecesPerThread
            guard tuning.threads > 1, window.count >= tuning.minimumParallelBytes, let base = window.baseAddress else {
                return nil
            }
            var end = window.count
            if !isFinal {
                while end > 0 && base[end - 1] != CSVDialect.lineFeed { end -= 1 }
                guard end > 0 else { return nil }
            }
            if memchr(base, Int32(CSVDialect.quote), end) != nil { return nil }
            var cuts = [0]
            for k in 1..<pieces {
                let target = max(end * k / pieces, cuts.last!)
                guard target < end, let newline = memchr(base + target, Int32(CSVDialect.lineFeed), end - target) else {
                    break
                }
                let cut = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
                if cut > cuts.last! && cut < end { cuts.append(cut) }
            }
            cuts.append(end)
            return cuts
        }

        /// What the parsing threads share: each writes only its own slot.
        private struct Pieces: @unchecked Sendable {
            let base: UnsafePointer<UInt8>
            let cuts: [Int]
            let slots: UnsafeMutableBufferPointer<Result<CSVParsedRegion, any Error>>
        }
    }

    /// Starts reading and parsing the next chunk in the background.
    func startNextChunk() -> ChunkJob {
        let count = min(spareBuffers.count, tuning.threads * tuning.piecesPerThread)
        let job = ChunkJob(stream: self, buffers: Array(spareBuffers.suffix(count)))
        spareBuffers.removeLast(count)
        job.start()
        return job
    }

    /// The regions of the pieces of a parallel chunk, advancing past each;
    /// a piece that failed is parsed again with the right row and line
    /// numbers (the pieces before it are done, so the numbers are known) so
    /// that its error names the row in the file.
    func collect(
        _ results: [Result<CSVParsedRegion, any Error>], cuts: [Int], window: UnsafeBufferPointer<UInt8>
    ) throws -> [CSVParsedRegion] {
        var regions: [CSVParsedRegion] = []
        regions.reserveCapacity(results.count)
        for (k, result) in results.enumerated() {
            switch result {
            case .success(let region):
                regions.append(region)
                advance(past: region)
            case .failure(let error):
                let slice = UnsafeBufferPointer(start: window.baseAddress! + cuts[k], count: cuts[k + 1] - cuts[k])
                _ = try parser.parse(slice, isFinal: true, rowBase: rowBase, lineBase: lineBase)
                throw error  // not reached: the same bytes fail the same way
            }
        }
        return regions
    }
}
