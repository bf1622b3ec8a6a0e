import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CSVStream {
    /// Splits the complete lines of `window` among threads when nothing in
    /// them is quoted; nil when the chunk is parsed on one thread instead.
    func parseInParallel(_ window: UnsafeBufferPointer<UInt8>, isFinal: Bool) throws -> [CSVParsedRegion]? {
        let threads = tuning.threads
        let pieces = threads * tuning.piecesPerThread
        guard threads > 1, window.count >= tuning.minimumParallelBytes, let base = window.baseAddress else { return nil }
        var end = window.count
        if !isFinal {
            while end > 0 && base[end - 1] != CSVDialect.lineFeed { end -= 1 }
            guard end > 0 else { return nil }
        }
        if memchr(base, Int32(CSVDialect.quote), end) != nil { return nil }
        // Cut points just after a line feed near each k/pieces of the bytes.
        var cuts = [0]
        for k in 1..<pieces {
            let target = max(end * k / pieces, cuts.last!)
            guard target < end, let newline = memchr(base + target, Int32(CSVDialect.lineFeed), end - target) else { break }
            let cut = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
            if cut > cuts.last! && cut < end { cuts.append(cut) }
        }
        cuts.append(end)
        let buffers = (0..<(cuts.count - 1)).map { _ in spareBuffers.popLast() }
        let job = ParallelPieces(parser: parser, base: base, cuts: cuts, isFinal: isFinal, buffers: buffers)
        defer {
            _ = job.slots.deinitialize()
            job.slots.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: job.parts) { job.run(part: $0) }
        let parts = job.parts
        let slots = job.slots
        var regions: [CSVParsedRegion] = []
        regions.reserveCapacity(parts)
        for k in 0..<parts {
            switch slots[k] {
            case .success(let region):
                regions.append(region)
                advance(past: region)
            case .failure(let error):
                // Parse the failing piece again with the right row and line
                // numbers, so that its error names the row in the file
                // (the pieces before it are done, so the numbers are known).
                let slice = UnsafeBufferPointer(start: base + cuts[k], count: cuts[k + 1] - cuts[k])
                _ = try parser.parse(slice, isFinal: true, rowBase: rowBase, lineBase: lineBase)
                throw error  // not reached: the same bytes fail the same way
            }
        }
        if isFinal { finished = true }
        return regions
    }

    /// One chunk split among threads: each writes only its own result slot.
    struct ParallelPieces: @unchecked Sendable {
        let parser: CSVRecordParser
        let base: UnsafePointer<UInt8>
        let cuts: [Int]
        let isFinal: Bool
        let buffers: [ColumnBlockBuffer?]
        let slots: UnsafeMutableBufferPointer<Result<CSVParsedRegion, any Error>>

        var parts: Int { cuts.count - 1 }

        init(parser: CSVRecordParser, base: UnsafePointer<UInt8>, cuts: [Int], isFinal: Bool, buffers: [ColumnBlockBuffer?]) {
            self.parser = parser
            self.base = base
            self.cuts = cuts
            self.isFinal = isFinal
            self.buffers = buffers
            slots = .allocate(capacity: cuts.count - 1)
        }

        func run(part k: Int) {
            let slice = UnsafeBufferPointer(start: base + cuts[k], count: cuts[k + 1] - cuts[k])
            let final = k == parts - 1 ? isFinal : true
            (slots.baseAddress! + k).initialize(to: Result {
                try parser.parse(slice, isFinal: final, rowBase: 0, lineBase: 0, reusing: buffers[k])
            })
        }
    }
}
