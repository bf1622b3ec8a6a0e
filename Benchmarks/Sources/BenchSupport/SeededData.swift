/// Reproducible input data for the in-process benchmarks: a SplitMix64 stream
/// (Steele, Lea & Flood 2014), so every run on every machine sees the same
/// numbers without depending on the platform's random source.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public enum SeededData {
    /// `count` values uniform in [-1, 1), from `seed`.
    public static func uniform<T: BinaryFloatingPoint>(
        count: Int, seed: UInt64, as: T.Type = T.self
    ) -> [T] where T.RawSignificand: FixedWidthInteger {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in T.random(in: -1..<1, using: &g) }
    }

    /// A prediction/target pair of `count` values each: targets uniform in
    /// [-1, 1), predictions the targets plus uniform noise in [-0.1, 0.1).
    public static func predictionsAndTargets<T: BinaryFloatingPoint>(
        count: Int, seed: UInt64 = 42, as: T.Type = T.self
    ) -> (predictions: [T], targets: [T]) where T.RawSignificand: FixedWidthInteger {
        let targets = uniform(count: count, seed: seed, as: T.self)
        let noise = uniform(count: count, seed: seed &+ 1, as: T.self)
        let predictions = zip(targets, noise).map { $0 + $1 / 10 }
        return (predictions, targets)
    }
}
