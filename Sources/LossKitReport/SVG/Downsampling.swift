import LossKitData
import LossKitModels
import LossKitNumerics

/// Deterministic thinning of large point sets, so a report of a million rows
/// stays small and renders quickly.
enum Downsampling {
    /// The charts' default: more markers than this are sampled.
    static let defaultLimit = 5_000

    /// `limit` indices out of `0..<count`, chosen uniformly at random with a
    /// fixed-seed generator (SplitMix64) and returned in increasing order, so
    /// the same data always gives the same picture. All indices when
    /// `count <= limit`.
    /// - Complexity: O(count) time and memory.
    static func indices(count: Int, limit: Int, seed: UInt64 = 0x4C6F_73734B_6974) -> [Int] {
        let limit = max(limit, 0)
        guard count > limit else { return Array(0..<max(count, 0)) }
        var pool = Array(0..<count)
        var rng = SplitMix64(seed: seed ^ UInt64(count))
        // Partial Fisher–Yates: the first `limit` slots become a uniform sample.
        for i in 0..<limit {
            let j = i + Int(rng.next() % UInt64(count - i))
            pool.swapAt(i, j)
        }
        return pool[0..<limit].sorted()
    }
}
