import Foundation
import Testing
@testable import LossKitModels
import LossKitData
import LossKitNumerics

/// KernelCache (KernelCache.swift): least-recently-used whole rows, and rows
/// kept only on the solver's active set of one generation.
@Suite("KernelCache")
struct KernelCacheTests {
    /// What the fills computed: (row, coverage), in order.
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
        let cache = KernelCache(rowLength: 8, bytes: 1 << 20)
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

    @Test("the cache never changes a fit: with 1 MB (rows evicted, partial rows completed) the same bits as with 200 MB")
    func cacheSizeDoesNotChangeTheFit() throws {
        let n = 1200, p = 5
        var rng = SplitMix64(seed: 42)
        func uniform() -> Double { Double(rng.next() % 2_000_001) / 1_000_000 - 1 }
        let x = (0..<n).map { _ in (0..<p).map { _ in uniform() * 2 } }
        let y = x.map { Foundation.sin(2 * $0[0]) + $0[1] * $0[2] + 0.1 * uniform() }
        let data = try RegressionData(features: Matrix(rowMajor: x), targets: y)
        var big = KernelSupportVectorRegression(c: 2, epsilon: 0.05)
        big.cacheMegabytes = 200
        var small = big
        small.cacheMegabytes = 1   // 1 MB holds 218 of the 1200 rows
        let a = try big.fit(data), b = try small.fit(data)
        #expect(a.iterations == b.iterations)
        #expect(a.supportRows == b.supportRows)
        #expect(a.dualCoefficients.map(\.bitPattern) == b.dualCoefficients.map(\.bitPattern))
        #expect(a.intercept.bitPattern == b.intercept.bitPattern)
        #expect(a.supportRows.count > 100 && a.supportRows.count < n)
    }
}
