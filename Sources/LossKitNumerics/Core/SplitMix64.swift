/// Steele, Lea and Flood's SplitMix64: a tiny, fast generator whose output
/// depends only on the seed (unlike `SystemRandomNumberGenerator`). Used where
/// LossKit needs reproducible randomness (deterministic downsampling) and by the
/// tests for their corpora.
package struct SplitMix64: RandomNumberGenerator {
    @usableFromInline var state: UInt64

    // Inlinable: shuffles draw one number per element (SGD, once per row and epoch).
    @inlinable
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    @inlinable
    package init(seed: UInt64) { state = seed }
}
