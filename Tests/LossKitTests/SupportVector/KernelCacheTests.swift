import Testing
@testable import LossKitModels

/// KernelCache (KernelCache.swift): least-recently-used whole rows, and rows
/// kept only on the solver's active set of one generation.
@Suite("KernelCache")
struct KernelCacheTests {
    /// A cache of `rows` rows of length 4 whose fills write `Float(r)` and log what they computed.
    final class Log {
        var fills: [(row: Int, coverage: KernelRows.Coverage)] = []
    }

    static func get(_ cache: KernelCache, _ r: Int, generation: Int, whole: Bool, log: Log) -> [Float] {
        let row = cache.row(r, generation: generation, whole: whole) { out, coverage in
            log.fills.append((r, coverage))
            for j in 0..<cache.rowLength { out[j] = Float(r) }
        }
        return Array(UnsafeBufferPointer(start: row, count: cache.rowLength))
    }

    @Test("least recently used rows are evicted; hits and misses are counted")
    func lru() {
        let cache = KernelCache(rowLength: 4, bytes: 2 * 4 * 4)
        let log = Log()
        #expect(cache.capacity == 2)
        _ = Self.get(cache, 0, generation: 0, whole: false, log: log)
        _ = Self.get(cache, 1, generation: 0, whole: false, log: log)
        _ = Self.get(cache, 0, generation: 0, whole: false, log: log)   // hit; 1 is now the oldest
        _ = Self.get(cache, 2, generation: 0, whole: false, log: log)   // evicts 1
        #expect(Self.get(cache, 0, generation: 0, whole: false, log: log) == [0, 0, 0, 0])
        _ = Self.get(cache, 1, generation: 0, whole: false, log: log)
        #expect(log.fills.map(\.row) == [0, 1, 2, 1])
        #expect(cache.hits == 2 && cache.misses == 4)
    }

    @Test("a row of the active set serves its generation; a whole row is completed with the inactive entries only")
    func generations() {
        let cache = KernelCache(rowLength: 4, bytes: 1 << 20)
        let log = Log()
        _ = Self.get(cache, 3, generation: 1, whole: false, log: log)   // computed on the active set
        _ = Self.get(cache, 3, generation: 1, whole: false, log: log)   // hit
        _ = Self.get(cache, 3, generation: 1, whole: true, log: log)    // completed
        _ = Self.get(cache, 3, generation: 2, whole: false, log: log)   // whole rows serve every generation
        _ = Self.get(cache, 5, generation: 1, whole: false, log: log)
        _ = Self.get(cache, 5, generation: 2, whole: false, log: log)   // another generation's active set: recomputed
        _ = Self.get(cache, 5, generation: 1, whole: true, log: log)    // generation 1 is no longer current: whole row
        _ = Self.get(cache, 6, generation: 0, whole: false, log: log)   // generation 0: every variable active
        #expect(log.fills.map(\.row) == [3, 3, 5, 5, 5, 6])
        #expect(log.fills.map { "\($0.coverage)" } == ["active", "inactive", "active", "active", "all", "all"])
        #expect(cache.hits == 2)
    }
}
