import CLossKitKernels

/// Single-precision matrix products for the neural-network code: a blocked,
/// register-tiled SGEMM (AVX-512, AVX2+FMA or portable C, chosen at run time)
/// and the same product with a fused bias + activation epilogue.
///
/// Everything is column-major with BLAS conventions: `op(X)` is `X` or `Xᵀ`,
/// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`, and each leading
/// dimension is at least the row count of the matrix as stored (`lda ≥ m`, or
/// `lda ≥ k` when `transA`; likewise `ldb`; `ldc ≥ m`). Like BLAS, these entry
/// points take raw pointers and do not check them: the caller guarantees the
/// shapes and that the buffers hold them (LossKit's models validate user input
/// before they get here). `m ≤ 0` or `n ≤ 0` does nothing.
///
/// **Rounding and reproducibility.** Each entry is the float sum of its `k`
/// products accumulated with fused multiply-adds in the order `l = 0, 1, …`
/// (within depth blocks of 256, then block after block), scaled once:
/// `C = fma(alpha, Σ, beta·C)`. The error is therefore at most about
/// `k·ε_float·Σ|op(A)ᵢₗ·op(B)ₗⱼ|` (plus one rounding of the scaling). Large
/// products are split over both cores into disjoint blocks of `C` (never over
/// `k`), and an entry is computed the same way wherever it lies, so results are
/// bit-identical with one thread or several. Different instruction sets round
/// differently (different tile sizes do not matter, FMA vs. separate multiply
/// and add in the portable kernel does).
///
/// - Complexity: `2·m·n·k` flops; packing copies `O(m·k + k·n)` floats.
public enum FloatKernels {
    /// The activation of `gemmBiasActivation`, applied element-wise after the bias.
    ///
    /// `relu(z) = z < 0 ? 0 : z` (NaN stays NaN); `tanh` (≤ ~2 ulp, ±1 beyond
    /// |z| ≈ 9); `logistic(z) = 1 / (1 + e^−z)` (≤ ~3 ulp; for z < −87.3 it
    /// returns logistic(−87.3) ≈ 1.2e-38 instead of a subnormal). NaN in gives
    /// NaN out; ±∞ give the limits.
    public enum Activation: Int32, CaseIterable, Sendable {
        case identity = 0  // LOSSKIT_ACT_IDENTITY
        case relu = 1      // LOSSKIT_ACT_RELU
        case tanh = 2      // LOSSKIT_ACT_TANH
        case logistic = 3  // LOSSKIT_ACT_LOGISTIC
    }

    /// The bias of `gemmBiasActivation`.
    public enum Bias: @unchecked Sendable {
        /// No bias.
        case none
        /// `bias[i]` is added to row `i` of `C` (`m` values): C is outputs × batch,
        /// as in `Z = Wᵀ·X` with `X` stored features × batch.
        case perRow(UnsafePointer<Float>)
        /// `bias[j]` is added to column `j` of `C` (`n` values): C is batch × outputs,
        /// as in `Z = X·W` with `X` stored batch × features.
        case perColumn(UnsafePointer<Float>)

        /// The C arguments (mode, pointer).
        var mode: (Int32, UnsafePointer<Float>?) {
            switch self {
            case .none: (Int32(LOSSKIT_BIAS_NONE), nil)
            case let .perRow(p): (Int32(LOSSKIT_BIAS_ROW), p)
            case let .perColumn(p): (Int32(LOSSKIT_BIAS_COLUMN), p)
            }
        }

        /// The bias of the block of C starting at row `i0`, column `j0`.
        func offset(rows i0: Int, columns j0: Int) -> Bias {
            switch self {
            case .none: .none
            case let .perRow(p): .perRow(p + i0)
            case let .perColumn(p): .perColumn(p + j0)
            }
        }
    }

    /// `C ← alpha·op(A)·op(B) + beta·C` (BLAS `sgemm`).
    ///
    /// ```swift
    /// // C (2 × 2) = Aᵀ·B with A stored 3 × 2 and B 3 × 2, column-major.
    /// FloatKernels.gemm(transA: true, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 3, c: c, ldc: 2)
    /// ```
    ///
    /// `beta == 0` means C is not read (NaN or garbage there is overwritten);
    /// `k == 0` or `alpha == 0` gives `C ← beta·C`. NaN and ±∞ in A or B
    /// propagate as IEEE arithmetic does; overflow gives ±∞.
    ///
    /// - Parameters:
    ///   - transA, transB: use `Aᵀ` / `Bᵀ` (the backpropagation products `Aᵀ·B`
    ///     and `A·Bᵀ` run as fast as `A·B`: transposing panels are packed with
    ///     register transposes).
    ///   - m, n, k: `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`.
    ///   - a, lda, b, ldb, c, ldc: column-major storage and leading dimensions.
    ///   - threaded: whether a large product (≥ 2·10⁶ multiply-adds) may use
    ///     every core; the result is the same bits either way.
    /// - Complexity: `2·m·n·k` flops, plus `O(m·k + k·n)` packing.
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        threaded: Bool = true
    ) {
        backend(threaded: threaded).gemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// `C ← act(alpha·op(A)·op(B) + beta·C + bias)`: `gemm` (the same bits),
    /// then the bias added to the rounded product, then the activation, each
    /// tile while it is in cache. With `k == 0` and `beta == 1` it applies
    /// bias and activation to an existing C.
    ///
    /// A dense layer with activations stored features × batch is
    /// `gemmBiasActivation(transA: true, m: outputs, n: batch, k: inputs,
    /// a: W (inputs × outputs), b: X, bias: .perRow(b), …)`; one with
    /// activations stored batch × features is `(m: batch, n: outputs, k: inputs,
    /// a: X, b: W, bias: .perColumn(b))`.
    public static func gemmBiasActivation(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: Bias, activation: Activation, threaded: Bool = true
    ) {
        backend(threaded: threaded).gemmBiasActivation(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, bias: bias, activation: activation)
    }

    static func backend(threaded: Bool) -> any DenseLinearAlgebraBackend {
        threaded ? DenseKernels.backend : DenseKernels.singleThreadedBackend
    }
}

extension BuiltInDenseKernels {
    /// Below this many multiply-adds a float product runs on the calling thread.
    static let floatParallelThreshold = 2_000_000

    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        gemmBiasActivation(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, bias: .none, activation: .identity)
    }

    func gemmBiasActivation(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: FloatKernels.Bias, activation: FloatKernels.Activation
    ) {
        guard m > 0, n > 0 else { return }
        let isa = self.isa
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        let (a, b, c) = (SendablePointer(a), SendablePointer(b), SendableMutablePointer(c))
        // Every block runs in the caller's floating-point mode (e.g. flushed
        // subnormals during MLP training), whichever thread computes it, so
        // the bits do not depend on the thread count.
        let fpMode = losskit_fp_mode_get()
        // Blocks aligned to 32 rows and 12 columns: multiples of every ISA's tile.
        forEachOutputBlock(m: m, n: n, k: k, threshold: Self.floatParallelThreshold, rowAlignment: 32, columnAlignment: 12) {
            i0, rows, j0, columns in
            let saved = losskit_fp_mode_set(fpMode)
            let ai = transA ? a.p + i0 * lda : a.p + i0, bj = transB ? b.p + j0 : b.p + j0 * ldb
            let (mode, p) = bias.offset(rows: i0, columns: j0).mode
            losskit_sgemm_bias_act(
                isa, ta, tb, rows, columns, k, alpha, ai, lda, bj, ldb, beta, c.p + i0 + j0 * ldc, ldc,
                mode, p, activation.rawValue)
            losskit_fp_mode_set(saved)
        }
    }
}
