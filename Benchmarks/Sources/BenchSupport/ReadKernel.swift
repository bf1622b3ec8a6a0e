/// The bandwidth reference: a plain read of two arrays with no arithmetic
/// beyond one add per element, so its time is the time to stream the bytes.
///
/// It reads both arrays in one loop, side by side, as an MSE kernel does (two
/// input streams at once, not one after the other), so a loss kernel reading
/// the same arrays can at best match it; the benchmarks report each kernel's
/// bandwidth as a fraction of this one measured in the same run. Four
/// independent SIMD accumulators (two per array) hide the add latency, so on
/// arrays larger than the private caches the loop is limited by memory.
public enum ReadKernel {
    /// `Σ aᵢ + Σ bᵢ` in `T` (the value is only there so the reads cannot be
    /// removed; for `Float` it is not an accurate sum). The counts may differ.
    /// - Complexity: O(n), one pass over each array.
    @inlinable
    public static func sum<T: BinaryFloatingPoint & SIMDScalar>(
        _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>
    ) -> T {
        // 8 lanes: two SSE registers per Float vector, four per Double vector,
        // so the four accumulators and the loads fit baseline x86-64's 16
        // registers without spilling.
        typealias V = SIMD8<T>
        let n = min(a.count, b.count)
        var total: T = 0
        if let pa = a.baseAddress, let pb = b.baseAddress, n >= 2 * V.scalarCount {
            let ra = UnsafeRawPointer(pa), rb = UnsafeRawPointer(pb)
            let stride = MemoryLayout<V>.stride
            var a0 = V(), a1 = V(), b0 = V(), b1 = V()
            var i = 0
            while i + 2 * V.scalarCount <= n {
                let offset = i * MemoryLayout<T>.stride
                a0 += ra.loadUnaligned(fromByteOffset: offset, as: V.self)
                b0 += rb.loadUnaligned(fromByteOffset: offset, as: V.self)
                a1 += ra.loadUnaligned(fromByteOffset: offset + stride, as: V.self)
                b1 += rb.loadUnaligned(fromByteOffset: offset + stride, as: V.self)
                i += 2 * V.scalarCount
            }
            total = ((a0 + a1) + (b0 + b1)).sum()
            for j in i..<n { total += pa[j] + pb[j] }
        } else {
            for j in 0..<n { total += a[j] + b[j] }
        }
        for j in n..<a.count { total += a[j] }
        for j in n..<b.count { total += b[j] }
        return total
    }
}
