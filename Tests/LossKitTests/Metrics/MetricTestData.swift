/// Deterministic random data for the metric property tests (SplitMix64).
struct MetricTestData {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
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
