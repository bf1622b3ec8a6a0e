/// The bandwidth reference: a plain read of every element with no arithmetic
/// beyond one add, so its time is the time to stream the bytes from memory.
///
/// Every loss kernel that reads the same arrays can be at most this fast; the
/// benchmarks report each kernel's bandwidth as a fraction of this one measured
/// in the same run. Sixty-four lanes in four independent SIMD accumulators hide
/// the add latency, so on arrays larger than the caches the loop is limited by
/// memory, not by the adder.
public enum ReadKernel {
    /// `Σ xᵢ` in `T` (the value is only there so the reads cannot be removed;
    /// for `Float` it is not an accurate sum).
    /// - Complexity: O(n), one pass.
    @inlinable
    public static func sum<T: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafeBufferPointer<T>) -> T {
        typealias V = SIMD16<T>
        let n = x.count
        let block = 4 * V.scalarCount
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        var i = 0
        guard let base = x.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let stride = MemoryLayout<V>.stride
        while i + block <= n {
            let p = raw + i * MemoryLayout<T>.stride
            a0 += p.loadUnaligned(as: V.self)
            a1 += p.loadUnaligned(fromByteOffset: stride, as: V.self)
            a2 += p.loadUnaligned(fromByteOffset: 2 * stride, as: V.self)
            a3 += p.loadUnaligned(fromByteOffset: 3 * stride, as: V.self)
            i += block
        }
        var total = ((a0 + a1) + (a2 + a3)).sum()
        while i < n {
            total += x[i]
            i += 1
        }
        return total
    }

    /// Reads two arrays (the bytes an MSE of them reads): `Σ aᵢ + Σ bᵢ`.
    @inlinable
    public static func sum<T: BinaryFloatingPoint & SIMDScalar>(
        _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>
    ) -> T {
        sum(a) + sum(b)
    }
}
