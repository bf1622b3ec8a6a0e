/// The two vector kernels of the linear SVR solvers, inlined into their loops:
/// a dot product and `y += a·x` over one row of `p` contiguous Doubles. Four
/// 4-lane accumulators (SIMD4 lowers to the vector width the target has;
/// `acc += a * b`, not `addProduct`, which baseline x86-64 turns into calls).
enum LinearSVRKernels {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var k = 0
        while k + 8 <= count {
            s0 += ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: k * 8 + 32, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: k * 8 + 32, as: SIMD4<Double>.self)
            k += 8
        }
        if k + 4 <= count {
            s0 += ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            k += 4
        }
        var sum = (s0 + s1).sum()
        while k < count { sum += a[k] * b[k]; k += 1 }
        return sum
    }

    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let a = SIMD4<Double>(repeating: alpha)
        var k = 0
        while k + 4 <= count {
            let updated = ry.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                + a * rx.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            ry.storeBytes(of: updated, toByteOffset: k * 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < count { y[k] += alpha * x[k]; k += 1 }
    }
}
