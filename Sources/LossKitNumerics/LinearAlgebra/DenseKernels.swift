import CLossKitKernels
import Dispatch

/// The seam between LossKit's linear algebra and the compute kernels that do
/// its O(n³) work.
///
/// Everything above this protocol (QR, Cholesky, `gram()`, `multiplied(by:)`)
/// calls only these column-major, BLAS/LAPACK-shaped entry points. The built-in
/// implementation is `BuiltInDenseKernels` (C kernels in `CLossKitKernels`
/// with run-time AVX2/AVX-512 dispatch, threaded here). An optional system
/// BLAS/LAPACK or Accelerate backend could conform to this protocol behind a
/// package trait and be selected in `DenseKernels.backend`; none is shipped.
package protocol DenseLinearAlgebraBackend: Sendable {
    /// `C ← alpha·op(A)·op(B) + beta·C`, column-major, BLAS `dgemm` semantics
    /// (`beta == 0` means C is not read).
    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int)

    /// `C ← alpha·op(A)·op(B) + beta·C` in single precision, column-major, BLAS
    /// `sgemm` semantics (`beta == 0` means C is not read). See
    /// `FloatKernels.gemm` for the rounding contract.
    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)

    /// `C ← act(alpha·op(A)·op(B) + beta·C + bias)` in single precision: the
    /// `gemm` above with a fused bias + activation epilogue (see
    /// `FloatKernels.gemmBiasActivation`).
    func gemmBiasActivation(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: FloatKernels.Bias, activation: FloatKernels.Activation)

    /// The lower triangle (diagonal included) of `C ← AᵀA` for a `k × n`
    /// column-major `A`; BLAS `dsyrk('L', 'T')` with alpha = 1, beta = 0.
    /// The strict upper triangle of C is unspecified on return.
    func syrkLowerTransposed(n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
                             c: UnsafeMutablePointer<Double>, ldc: Int)

    /// The lower triangle of `C ← alpha·A·Aᵀ + beta·C` for an `n × k` column-major
    /// `A`; BLAS `dsyrk('L', 'N')`. The strict upper triangle is unspecified on return.
    func syrkLower(n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                   beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int)

    /// Householder QR of the `m × n` column-major `a` in place, LAPACK `dgeqrf`
    /// semantics: `R` on and above the diagonal, the reflectors' essential parts
    /// below it, their scalars in `tau[0..<min(m, n)]`.
    func householderQR(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>)

    /// QR of the stack `[R; X]` (`R` `n × n` upper triangular, `X` `rows × n`):
    /// reflector j is `I − τⱼ[eⱼ; vⱼ][eⱼ; vⱼ]ᵀ`; on return `R` is the new
    /// triangle, `X`'s column j is `vⱼ`, `tau[j]` is `τⱼ`. (LAPACK's `dtpqrt`
    /// computes the same factorization but returns block `T` factors instead
    /// of `tau`, so a LAPACK backend may keep the built-in kernel here.)
    func stackedQR(n: Int, r: UnsafeMutablePointer<Double>, ldr: Int, rows: Int,
                   x: UnsafeMutablePointer<Double>, ldx: Int, tau: UnsafeMutablePointer<Double>)
}

/// The built-in kernels: C micro-kernels chosen by CPU at run time, with the
/// large products split over column blocks on all cores.
internal struct BuiltInDenseKernels: DenseLinearAlgebraBackend {
    /// One of `LOSSKIT_ISA_*`: `LOSSKIT_ISA_BEST` or a forced instruction set
    /// (the tests pin `LOSSKIT_ISA_PORTABLE` to compare against).
    var isa: Int32
    /// Whether large products may use several threads.
    var threaded: Bool

    /// Below this many multiply-adds a product runs on the calling thread.
    static let parallelThreshold = 4_000_000

    static var coreCount: Int { max(1, ProcessInfoCores.count) }

    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        let isa = self.isa
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        let (a, b, c) = (SendablePointer(a), SendablePointer(b), SendableMutablePointer(c))
        forEachOutputBlock(m: m, n: n, k: k, threshold: Self.parallelThreshold, rowAlignment: 8, columnAlignment: 1) {
            i0, rows, j0, columns in
            let ai = transA ? a.p + i0 * lda : a.p + i0, bj = transB ? b.p + j0 : b.p + j0 * ldb
            losskit_dgemm(isa, ta, tb, rows, columns, k, alpha, ai, lda, bj, ldb, beta, c.p + i0 + j0 * ldc, ldc)
        }
    }

    /// Runs `body(i0, rows, j0, columns)` over disjoint blocks that tile the
    /// `m × n` output: the whole of it on the calling thread when the product
    /// is small (`m·n·k` below `threshold`) or threading is off, else one block
    /// per core, splitting the larger dimension (columns when `n ≥ m` or
    /// `m < 64`) at multiples of the alignment (the kernels' tile sizes, so
    /// the cut adds no edge tiles). Never splits the depth `k`: each output
    /// entry is computed by one call, so results do not depend on the split.
    func forEachOutputBlock(
        m: Int, n: Int, k: Int, threshold: Int, rowAlignment: Int, columnAlignment: Int,
        _ body: @Sendable (_ i0: Int, _ rows: Int, _ j0: Int, _ columns: Int) -> Void
    ) {
        let work = m * n * max(k, 1)
        let threads = threaded ? Self.coreCount : 1
        if threads == 1 || work < threshold || (n < 2 && m < 64) {
            body(0, m, 0, n)
            return
        }
        // Split the larger of C's two dimensions into one part per thread.
        let parts = threads
        if n >= m || m < 64 {
            let step = ((n + parts - 1) / parts + columnAlignment - 1) / columnAlignment * columnAlignment
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let j0 = p * step, j1 = min(n, j0 + step)
                guard j0 < j1 else { return }
                body(0, m, j0, j1 - j0)
            }
        } else {
            let step = ((m + parts - 1) / parts + rowAlignment - 1) / rowAlignment * rowAlignment
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let i0 = p * step, i1 = min(m, i0 + step)
                guard i0 < i1 else { return }
                body(i0, i1 - i0, 0, n)
            }
        }
    }

    func syrkLowerTransposed(n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
                             c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard n > 0 else { return }
        let isa = self.isa
        let threads = threaded ? Self.coreCount : 1
        let work = n * n * max(k, 1) / 2
        guard threads > 1, work >= Self.parallelThreshold, k >= 256 * threads else {
            losskit_dsyrk_lower_t(isa, n, k, 1, a, lda, 0, c, ldc)
            return
        }
        // Split the rows of A (the depth k): each task forms the Gram matrix of
        // its slice, and the slices are summed. Perfectly balanced for any n,
        // and the extra work (n² per task) is negligible next to n²k/2.
        let parts = threads
        let step = (k + parts - 1) / parts
        var partials = [Double](repeating: 0, count: (parts - 1) * n * n)
        partials.withUnsafeMutableBufferPointer { buffer in
            let (ap, cp, bp) = (SendablePointer(a), SendableMutablePointer(c), SendableMutablePointer(buffer.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let l0 = min(k, p * step), l1 = min(k, l0 + step)
                let target = p == 0 ? cp.p : bp.p + (p - 1) * n * n
                let ld = p == 0 ? ldc : n
                losskit_dsyrk_lower_t(isa, n, l1 - l0, 1, ap.p + l0, lda, 0, target, ld)
            }
            for p in 1..<parts {
                let part = buffer.baseAddress! + (p - 1) * n * n
                for j in 0..<n {
                    for i in j..<n { c[i + j * ldc] += part[i + j * n] }
                }
            }
        }
    }
}

extension BuiltInDenseKernels {
    func syrkLower(n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                   beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        losskit_dsyrk_lower_n(isa, n, k, alpha, a, lda, beta, c, ldc)
    }

    func householderQR(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>) {
        losskit_qr_dense(isa, m, n, a, lda, tau)
    }

    func stackedQR(n: Int, r: UnsafeMutablePointer<Double>, ldr: Int, rows: Int,
                   x: UnsafeMutablePointer<Double>, ldx: Int, tau: UnsafeMutablePointer<Double>) {
        losskit_qr_stacked(isa, n, r, ldr, rows, x, ldx, tau)
    }
}

/// Number of online processors, read once.
internal enum ProcessInfoCores {
    static let count: Int = max(1, Int(losskit_cpu_count()))
}

/// The instruction sets of the built-in kernels (the `LOSSKIT_ISA_*` values).
internal enum KernelInstructionSet: Int32, CaseIterable, Sendable {
    case best = -1
    case portable = 0
    case avx2 = 1
    case avx512 = 2

    /// What `.best` resolves to on this CPU (after the `LOSSKIT_ISA` cap).
    static var resolved: KernelInstructionSet { KernelInstructionSet(rawValue: losskit_best_isa()) ?? .portable }

    /// Built-in kernels pinned to this instruction set.
    func kernels(threaded: Bool = true) -> BuiltInDenseKernels { BuiltInDenseKernels(isa: rawValue, threaded: threaded) }
}

/// Where the linear algebra finds its kernels.
internal enum DenseKernels {
    /// The backend every decomposition uses. Swap here to plug in another one.
    static let backend: any DenseLinearAlgebraBackend = BuiltInDenseKernels(isa: Int32(LOSSKIT_ISA_BEST), threaded: true)
    /// The same kernels on the calling thread only (bit-identical results).
    static let singleThreadedBackend: any DenseLinearAlgebraBackend = BuiltInDenseKernels(isa: Int32(LOSSKIT_ISA_BEST), threaded: false)
}

/// A read-only pointer handed to worker threads that read shared input.
package struct SendablePointer<Pointee>: @unchecked Sendable {
    package let p: UnsafePointer<Pointee>
    package init(_ p: UnsafePointer<Pointee>) { self.p = p }
}

/// A pointer handed to worker threads that each write a disjoint region.
package struct SendableMutablePointer<Pointee>: @unchecked Sendable {
    package let p: UnsafeMutablePointer<Pointee>
    package init(_ p: UnsafeMutablePointer<Pointee>) { self.p = p }
}
