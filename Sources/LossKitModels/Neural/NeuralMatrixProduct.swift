import CLossKitKernels

/// The one matrix product of the neural network: every forward and backward
/// product of `MLPNetwork` goes through `neuralMatrixProduct`, so the kernel
/// behind it changes in one place.
///
/// `C ← alpha·op(A)·op(B) + beta·C`, column-major with BLAS `gemm`
/// semantics: `op(X)` is `X` or `Xᵀ`, `op(A)` is `m × k`, `op(B)` is `k × n`,
/// `C` is `m × n`; `beta == 0` means C is not read. The caller guarantees
/// the shapes (the network sizes every buffer itself).
///
/// - Double: the package's `losskit_dgemm` (AVX-512 / AVX2 / portable, chosen
///   at run time), single-threaded.
/// - Float: until the single-precision kernels are in, a column-axpy loop
///   (`C[:, j] += op(A)[:, l]·op(B)[l, j]`, the inner loop over contiguous
///   rows, which the compiler vectorizes); a transposed A is copied once
///   into `scratch` so that every inner loop runs down a column.
///
/// Rounding: each entry is accumulated in the order `l = 0, 1, …, k − 1`,
/// on one thread, so the result depends only on the inputs: a training run is
/// reproducible bit for bit.
///
/// - Complexity: `2·m·n·k` flops; `m·k` scalars copied when `transA`.
@inline(__always)
func neuralMatrixProduct<Scalar: NeuralScalar>(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Scalar = 1, a: UnsafePointer<Scalar>, lda: Int,
    b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar = 0, c: UnsafeMutablePointer<Scalar>, ldc: Int,
    scratch: inout [Scalar]
) {
    Scalar.matrixProduct(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                         b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, scratch: &scratch)
}

/// The portable product behind `neuralMatrixProduct` for a scalar type
/// without a kernel: see there for the loop order and rounding.
func axpyMatrixProduct<Scalar: BinaryFloatingPoint>(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int,
    b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int,
    scratch: inout [Scalar]
) {
    guard m > 0, n > 0 else { return }
    // op(A) as a plain m × k column-major block with leading dimension `la`.
    let la: Int
    if transA {
        if scratch.count < m * k { scratch = [Scalar](repeating: 0, count: m * k) }
        la = m
        scratch.withUnsafeMutableBufferPointer { s in
            let s = s.baseAddress.unsafelyUnwrapped
            for i in 0..<m {
                let row = a + i * lda
                for l in 0..<k { s[i + l * m] = row[l] }
            }
        }
    } else {
        la = lda
    }
    func run(_ opA: UnsafePointer<Scalar>) {
        for j in 0..<n {
            let cj = c + j * ldc
            if beta == 0 {
                for i in 0..<m { cj[i] = 0 }
            } else if beta != 1 {
                for i in 0..<m { cj[i] *= beta }
            }
            @inline(__always) func bAt(_ l: Int) -> Scalar { alpha * (transB ? b[j + l * ldb] : b[l + j * ldb]) }
            // Four columns of op(A) per pass over C's column: a quarter of the
            // loads and stores of C, and the same additions in the same order
            // as one column at a time ((((c + a₀b₀) + a₁b₁) + a₂b₂) + a₃b₃).
            var l = 0
            while l + 4 <= k {
                let b0 = bAt(l), b1 = bAt(l + 1), b2 = bAt(l + 2), b3 = bAt(l + 3)
                let a0 = opA + l * la, a1 = a0 + la, a2 = a1 + la, a3 = a2 + la
                for i in 0..<m { cj[i] = cj[i] + a0[i] * b0 + a1[i] * b1 + a2[i] * b2 + a3[i] * b3 }
                l += 4
            }
            while l < k {
                let bl = bAt(l), al = opA + l * la
                for i in 0..<m { cj[i] += al[i] * bl }
                l += 1
            }
        }
    }
    if transA {
        scratch.withUnsafeBufferPointer { run($0.baseAddress.unsafelyUnwrapped) }
    } else {
        run(a)
    }
}
