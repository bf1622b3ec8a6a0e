import LossKitData
import LossKitModels
import LossKitNumerics

/// Shared preparation of chart data.
enum ChartData {
    /// A note when two paired arrays differ in length (the extra values are
    /// ignored), or nil.
    static func pairingNote(_ name: String, _ count: Int, _ otherName: String, _ otherCount: Int) -> String? {
        guard count != otherCount else { return nil }
        let extra = abs(count - otherCount)
        return "\(name) has \(NumberText.count(count)) values but \(otherName) has \(NumberText.count(otherCount)); "
            + "the last \(NumberText.count(extra)) unpaired value\(extra == 1 ? " was" : "s were") ignored."
    }

    /// The points to draw as markers: all of them, or a deterministic sample of
    /// `limit` with a note saying so.
    static func sample(x: [Double], y: [Double], limit: Int) -> (x: [Double], y: [Double], note: String?) {
        let n = min(x.count, y.count)
        guard n > limit, limit > 0 else { return (Array(x.prefix(n)), Array(y.prefix(n)), nil) }
        let keep = Downsampling.indices(count: n, limit: limit)
        let note = "Showing \(NumberText.count(limit)) of \(NumberText.count(n)) points "
            + "(a fixed random sample, the same on every run); statistics use all points."
        return (keep.map { x[$0] }, keep.map { y[$0] }, note)
    }

    /// Points of a long line series thinned to about `2 × buckets` points,
    /// keeping the minimum and maximum of each bucket (so spikes survive).
    static func thinLine(x: [Double], y: [Double], buckets: Int = 1_000) -> (x: [Double], y: [Double]) {
        let n = min(x.count, y.count)
        guard n > 2 * buckets else { return (Array(x.prefix(n)), Array(y.prefix(n))) }
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(2 * buckets + 2); ys.reserveCapacity(2 * buckets + 2)
        for b in 0..<buckets {
            let start = b * n / buckets, end = (b + 1) * n / buckets
            guard start < end else { continue }
            var lo = start, hi = start
            for i in start..<end where y[i].isFinite {
                if !y[lo].isFinite || y[i] < y[lo] { lo = i }
                if !y[hi].isFinite || y[i] > y[hi] { hi = i }
            }
            for i in lo == hi ? [lo] : [min(lo, hi), max(lo, hi)] { xs.append(x[i]); ys.append(y[i]) }
        }
        if xs.last != x[n - 1] { xs.append(x[n - 1]); ys.append(y[n - 1]) }
        return (xs, ys)
    }

    /// Finite values only.
    static func finite(_ values: [Double]) -> [Double] { values.filter(\.isFinite) }

    /// Number of values that are NaN or infinite.
    static func nonFiniteCount(_ values: [Double]) -> Int { values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) } }

    static func skippedNote(_ count: Int, what: String) -> String? {
        guard count > 0 else { return nil }
        return "\(NumberText.count(count)) \(what)\(count == 1 ? "" : "s") with NaN or infinite values \(count == 1 ? "was" : "were") skipped."
    }
}
