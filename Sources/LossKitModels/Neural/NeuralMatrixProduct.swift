import CLossKitKernels

/// The one matrix product of the neural network: every backward product of
/// `MLPNetwork` goes through `neuralMatrixProduct`, and every forward one
/// through `NeuralScalar.denseLayer` (the same product with the bias and
/// activation fused in, for Float), so the kernel behind them changes in one
/// place.
///
/// `C ← alpha·op(A)·op(B) + beta·C`, column-major with BLAS `gemm`
/// semantics: `op(X)` is `X` or `Xᵀ`, `op(A)` is `m × k`, `op(B)` is `k × n`,
/// `C` is `m × n`; `beta == 0` means C is not read. The caller guarantees
/// the shapes (the network sizes every buffer itself).
///
/// - Double: the package's `losskit_dgemm` (AVX-512 / AVX2 / portable, chosen
///   at run time), single-threaded.
/// - Float: `FloatKernels.gemm` (the single-precision kernels, same dispatch),
///   split over both cores for products of at least 2·10⁶ multiply-adds.
///
/// Rounding: each entry is accumulated in a fixed order that does not depend
/// on the thread count (the products are split over disjoint blocks of C,
/// never over k), so a training run is reproducible bit for bit.
///
/// - Complexity: `2·m·n·k` flops.
@inline(__always)
func neuralMatrixProduct<Scalar: NeuralScalar>(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Scalar = 1, a: UnsafePointer<Scalar>, lda: Int,
    b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar = 0, c: UnsafeMutablePointer<Scalar>, ldc: Int
) {
    Scalar.matrixProduct(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                         b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}
