@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Deterministic random data for the metric property tests (Core's SplitMix64).
struct MetricTestData {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(generator.next() >> 11) / Double(1 << 53)
    }

    mutating func values(_ n: Int, _ low: Double = -5, _ high: Double = 5) -> [Double] {
        (0..<n).map { _ in uniform(low, high) }
    }

    /// Targets, predictions near them, and positive weights.
    mutating func sample(_ n: Int) -> (y: [Double], p: [Double], w: [Double]) {
        let y = values(n)
        let p = y.map { $0 + uniform(-1.5, 1.2) }
        let w = values(n, 0.1, 3)
        return (y, p, w)
    }
}
