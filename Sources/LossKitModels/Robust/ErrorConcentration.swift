import LossKitData
import LossKitNumerics

/// How much of the total loss the largest residuals carry, under L2 and L1.
///
/// For residuals sorted by `|rᵢ|` descending, the top-`k` share of the squared
/// error is `Σ_{top k} rᵢ² / Σ rᵢ²` and of the absolute error
/// `Σ_{top k} |rᵢ| / Σ |rᵢ|`. When one point carries most of the squared
/// error but a modest share of the absolute error, squaring is what makes it
/// dominate: the signature of a fit that L2 lets one row steer.
///
/// Entries: `k = 1`, and the top 1 %, 5 % and 10 % of rows (`k = ⌈f·n⌉`, at least 1).
public struct ErrorConcentration: Sendable {
    public struct Entry: Sendable {
        /// "top 1", "top 1 %", "top 5 %", "top 10 %".
        public let label: String
        /// The fraction of rows (nil for the single largest residual).
        public let fraction: Double?
        /// Number of rows counted.
        public let count: Int
        /// Share of `Σ r²` carried by those rows, in [0, 1].
        public let shareOfSquaredError: Double
        /// Share of `Σ |r|` carried by those rows, in [0, 1].
        public let shareOfAbsoluteError: Double
    }

    public let entries: [Entry]
    /// Rows (0-based) sorted by `|rᵢ|`, largest first (ties by row).
    public let rowsByMagnitude: [Int]

    /// The entry for the single largest residual.
    public var top: Entry { entries[0] }

    /// - Throws: `LossKitError.tooFewValues` for no residuals,
    ///   `.nonFiniteValue` for NaN/±∞ (0-based row).
    /// - Returns: shares of 0 when every residual is 0.
    /// - Complexity: O(n log n). Sums are compensated and scaled (no overflow
    ///   for residuals up to the largest finite Double).
    public init(residuals r: [Double]) throws {
        guard !r.isEmpty else { throw LossKitError.tooFewValues(name: "residuals", count: 0, minimum: 1) }
        for i in r.indices where !r[i].isFinite {
            throw LossKitError.nonFiniteValue(name: "residuals", row: i, value: r[i])
        }
        let order = r.indices.sorted { abs(r[$0]) != abs(r[$1]) ? abs(r[$0]) > abs(r[$1]) : $0 < $1 }
        rowsByMagnitude = order
        let n = r.count
        let big = abs(r[order[0]])
        // Scale by the largest |r| so squares cannot overflow or underflow to 0.
        let inv = big > 0 ? 1 / big : 0
        let totalSq = Summation.compensatedSum(count: n) { let v = r[$0] * inv; return v * v }
        let totalAbs = Summation.compensatedSum(count: n) { abs(r[$0]) * inv }
        func entry(_ label: String, _ fraction: Double?, _ k: Int) -> Entry {
            let sq = Summation.compensatedSum(count: k) { let v = r[order[$0]] * inv; return v * v }
            let ab = Summation.compensatedSum(count: k) { abs(r[order[$0]]) * inv }
            return Entry(label: label, fraction: fraction, count: k,
                         shareOfSquaredError: totalSq > 0 ? sq / totalSq : 0,
                         shareOfAbsoluteError: totalAbs > 0 ? ab / totalAbs : 0)
        }
        var list = [entry("top 1", nil, 1)]
        for (f, name) in [(0.01, "top 1 %"), (0.05, "top 5 %"), (0.10, "top 10 %")] {
            let k = min(n, max(1, Int((f * Double(n)).rounded(.up))))
            list.append(entry(name, f, k))
        }
        entries = list
    }
}
