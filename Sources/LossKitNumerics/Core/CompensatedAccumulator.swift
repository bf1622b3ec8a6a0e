/// A running Double sum with Neumaier compensation: after adding `x₁ … xₙ`
/// the error of `value` is about one rounding of the result plus
/// `O(n·ε²)·Σ|xᵢ|`, whatever the order and magnitude spread of the terms.
///
/// The SIMD kernels add one *block* sum (a few hundred elements summed in
/// registers) at a time, so the whole error is that of one short block plus one
/// rounding, at the cost of one compensated add per block.
///
/// NaN propagates; an infinite sum is returned as is (its compensation would be
/// ∞ − ∞ = NaN and is dropped).
@frozen
public struct CompensatedAccumulator: Sendable {
    @usableFromInline var sum: Double
    @usableFromInline var compensation: Double

    @inlinable
    public init() {
        sum = 0
        compensation = 0
    }

    /// Adds `x` to the running sum. - Complexity: O(1).
    @inlinable
    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated sum of everything added so far.
    @inlinable
    public var value: Double {
        sum.isFinite ? sum + compensation : sum
    }
}
