#ifndef CLOSSKIT_KERNELS_H
#define CLOSSKIT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Returns a bit set of the vector instruction sets this CPU supports and the
/// kernels use: 1 = AVX2+FMA, 2 = AVX-512F. Used for reporting in benchmarks.
int losskit_cpu_features(void);

/// Number of online processors (at least 1).
int losskit_cpu_count(void);

/// Asks the processor to start loading `bytes` bytes at `address` into the
/// cache: a hint with no effect on results. Loops that visit rows in a known
/// random order (SGD's shuffled epochs) touch a row a few iterations before
/// they use it, which hides most of the memory latency.
static inline void losskit_prefetch(const void *address, ptrdiff_t bytes) {
    const char *p = (const char *)address;
    for (ptrdiff_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset, 0, 3);
}

/// Instruction-set choice for the dense kernels.
/// LOSSKIT_ISA_BEST picks the widest the CPU supports (checked once, at run time).
enum {
    LOSSKIT_ISA_BEST = -1,
    LOSSKIT_ISA_PORTABLE = 0,
    LOSSKIT_ISA_AVX2 = 1,
    LOSSKIT_ISA_AVX512 = 2
};

/// The instruction set LOSSKIT_ISA_BEST resolves to on this CPU. The
/// environment variable LOSSKIT_ISA=portable|avx2|avx512 (read once) caps it.
int losskit_best_isa(void);

/// Column-major GEMM: C ← alpha·op(A)·op(B) + beta·C, op(X) = X or Xᵀ
/// (trans_* nonzero). op(A) is m×k, op(B) is k×n, C is m×n with leading
/// dimensions lda, ldb, ldc. beta == 0 means C is not read (BLAS convention).
/// `isa` is one of the LOSSKIT_ISA_* values; a value the CPU does not support
/// falls back to the best supported one. Single-threaded.
void losskit_dgemm(int isa, int trans_a, int trans_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   double alpha, const double *a, ptrdiff_t lda,
                   const double *b, ptrdiff_t ldb,
                   double beta, double *c, ptrdiff_t ldc);

/// Kernel kinds of losskit_kernel_panels.
enum {
    LOSSKIT_KERNEL_LINEAR = 0,
    LOSSKIT_KERNEL_POLY = 1,
    LOSSKIT_KERNEL_RBF = 2,
    LOSSKIT_KERNEL_SIGMOID = 3
};

/// Packs `count` rows of the row-major n×p matrix `x` (rows[j], or row j when
/// `rows` is NULL) as panels of eight: row j's value k goes to
/// panels[(j/8)·8p + 8k + j%8]. The last panel is padded with zero rows, so
/// `panels` holds ceil(count/8)·8·p doubles.
void losskit_pack_panels(ptrdiff_t count, ptrdiff_t p, const double *x, const int32_t *rows, double *panels);

/// Σ_k fma(a_k, b_k, ·) in the order k = 0…p−1: the dot product
/// losskit_kernel_panels computes (so that ‖x‖² from it gives k(x, x) = 1 exactly for RBF).
double losskit_panel_dot(ptrdiff_t p, const double *a, const double *b);

/// exp(t) with the algorithm losskit_kernel_panels uses for RBF: t clamped to
/// [−708, 709] (so about 3e−308 below and 8e307 above instead of a subnormal
/// or ∞; NaN stays NaN), |error| within a few ulp of the correctly rounded exp.
double losskit_exp_double(double t);

/// Kernel-row entries k(x_j, v) for the `count` rows packed by
/// losskit_pack_panels (count from the start of a panel), rounded to float:
///   linear: d,  poly: (γd + r)^degree,  rbf: exp(−γ(‖v‖² + ‖x_j‖² − 2d)),
///   sigmoid: tanh(γd + r),  with d = Σ_k fma(x_jk, v_k, ·), k = 0…p−1.
/// `norms[j]` = ‖x_j‖² (read for rbf only). The value of row j goes to
/// out[scatter[j]], or out[j] when `scatter` is NULL. Each entry is computed by
/// the same IEEE operations for every `isa` and position, so results are
/// bit-identical across instruction sets and however the rows are split.
/// Single-threaded.
void losskit_kernel_panels(int isa, int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                           const double *norms, const double *v, double v_norm, double gamma, double coef0,
                           int degree, const int32_t *scatter, float *out);

/// Σ_j weights[j]·k(x_j, v) over the `count` packed rows, in double
/// precision (a prediction of a support-vector model): lane j % 8 of eight
/// accumulators takes fma(weights[j], k_j, ·) in the order of j, and the eight
/// are added in lane order, for every `isa` alike (the same bits). Entries of
/// the padding rows are never read from `weights` or `norms`. Single-threaded.
double losskit_kernel_panels_sum(int isa, int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                 const double *norms, const double *v, double v_norm, double gamma, double coef0,
                                 int degree, const double *weights);

/// The linear SVR's row-block products on a column-major X (leading
/// dimension ldx; `rows` rows from x, p columns):
///   losskit_lsvr_gemv_n: r[i] += Σ_j w[j]·x[i + j·ldx]   (i < rows)
///   losskit_lsvr_gemv_t: out[j] += Σ_i x[i + j·ldx]·a[i]  (j < p)
/// Each sum in a fixed order for a given `isa` (four columns, or four-wide
/// partial sums over rows, at a time). rows ≤ 0 or p ≤ 0: nothing is written.
void losskit_lsvr_gemv_n(int isa, ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *w, double *r);
void losskit_lsvr_gemv_t(int isa, ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *a, double *out);

/// out[t + j·ldo] = scale[t]·x[index[t] + j·ldx] for t < count, j < p: the
/// listed rows of a column-major X, scaled, as a column-major count × p block.
void losskit_lsvr_gather_rows(ptrdiff_t count, ptrdiff_t p, const double *x, ptrdiff_t ldx, const int32_t *index,
                              const double *scale, double *out, ptrdiff_t ldo);

/// One SMO gradient update for support-vector regression, fused with the
/// next working-set selection's first half: for k < count,
/// g[k] += y[k]·(a·row_i[index[k]] + b·row_j[index[k]]); returns the last k
/// with up[k] != 0 maximizing −y[k]·g[k] (−1 if none), its value in *best_value.
ptrdiff_t losskit_smo_update(int isa, ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                             const int32_t *index, const float *row_i, const float *row_j,
                             double a, double b, double *best_value);

/// The second half of libsvm's second-order working-set selection: over k <
/// count with low[k] != 0, *g_max2 = max y[k]·g[k]; returns the last k with
/// low[k] != 0 and d = g_max + y[k]·g[k] > 0 maximizing d²/q,
/// q = qd_i + qd[k] − 2·row_i[index[k]] (tau when q ≤ 0), or −1.
ptrdiff_t losskit_smo_select(int isa, ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                             const int32_t *index, const double *qd, const float *row_i,
                             double g_max, double qd_i, double tau, double *g_max2);
/// Column-major single-precision GEMM: C ← alpha·op(A)·op(B) + beta·C, exactly
/// parallel to losskit_dgemm (same arguments, same meaning, float data).
/// op(A) is m×k, op(B) is k×n, C is m×n; lda ≥ rows of the stored A
/// (m, or k when trans_a), ldb likewise, ldc ≥ m. beta == 0 means C is not read
/// (NaN there is overwritten). k == 0 or alpha == 0 gives C ← beta·C.
/// Products accumulate in float with FMA, in the order l = 0, 1, …, k−1 within
/// blocks of 256 (then block by block), and alpha is applied once to the sum:
/// C = fma(alpha, Σ, beta·C). Every entry of C is computed the same way wherever
/// it lies in C, so a caller that splits C into disjoint blocks (over m or n,
/// never over k) gets bit-identical results. Single-threaded.
void losskit_sgemm(int isa, int trans_a, int trans_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   float alpha, const float *a, ptrdiff_t lda,
                   const float *b, ptrdiff_t ldb,
                   float beta, float *c, ptrdiff_t ldc);

/// Activation functions of losskit_sgemm_bias_act, applied element-wise.
///   IDENTITY  f(z) = z
///   RELU      f(z) = z < 0 ? 0 : z (NaN stays NaN, −0 stays −0)
///   TANH      f(z) = tanh z (max. error ~2 ulp; ±1 beyond |z| ≈ 9)
///   LOGISTIC  f(z) = 1 / (1 + e^−z) (max. error ~3 ulp; for z < −87.3 the
///             result is f(−87.3) ≈ 1.2e-38 instead of a subnormal or 0)
/// NaN in gives NaN out for every activation; ±inf give the limits.
enum {
    LOSSKIT_ACT_IDENTITY = 0,
    LOSSKIT_ACT_RELU = 1,
    LOSSKIT_ACT_TANH = 2,
    LOSSKIT_ACT_LOGISTIC = 3
};

/// Where the bias of losskit_sgemm_bias_act goes.
///   NONE    no bias (bias may be NULL)
///   ROW     bias[i] is added to every entry of row i of C (m values): the layer
///           layout C = outputs × batch, e.g. Z = Wᵀ·X with X features × batch.
///   COLUMN  bias[j] is added to every entry of column j of C (n values): the
///           layout C = batch × outputs, e.g. Z = X·W with X batch × features.
enum {
    LOSSKIT_BIAS_NONE = 0,
    LOSSKIT_BIAS_ROW = 1,
    LOSSKIT_BIAS_COLUMN = 2
};

/// GEMM with a fused bias + activation epilogue:
///   C ← act(alpha·op(A)·op(B) + beta·C + bias)
/// with the GEMM part exactly as losskit_sgemm (the same bits), then bias added
/// to the rounded product (per row or per column of C, see LOSSKIT_BIAS_*), then
/// `activation` (LOSSKIT_ACT_*) applied, tile by tile while the tile is in cache.
///
/// Layout contract: everything is column-major. C is m×n with leading dimension
/// ldc. A network storing activations features × batch (one sample per column)
/// computes a layer as C (outputs × batch) = Wᵀ·X (trans_a = 1, W stored
/// inputs × outputs) or W·X (W stored outputs × inputs) with LOSSKIT_BIAS_ROW;
/// one storing them batch × features (one sample per row) computes
/// C (batch × outputs) = X·W with LOSSKIT_BIAS_COLUMN. Both are supported, with
/// any transposes.
/// k == 0 (or alpha == 0) gives C ← act(beta·C + bias): with beta = 1 that is the
/// epilogue alone, applied to an existing C. An unknown bias mode counts as NONE,
/// an unknown activation as IDENTITY. Single-threaded; element-wise results do
/// not depend on how a caller splits C into blocks.
void losskit_sgemm_bias_act(int isa, int trans_a, int trans_b,
                            ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            float alpha, const float *a, ptrdiff_t lda,
                            const float *b, ptrdiff_t ldb,
                            float beta, float *c, ptrdiff_t ldc,
                            int bias_mode, const float *bias, int activation);

/// The calling thread's floating-point mode (x86: the MXCSR register; 0 and
/// no effect elsewhere). losskit_fp_mode_set installs a mode and returns the
/// previous one; losskit_fp_mode_flush_subnormals turns on flush-to-zero and
/// denormals-are-zero (subnormal results become ±0, subnormal operands count
/// as ±0: no microcode assists) and returns the previous mode to restore.
unsigned losskit_fp_mode_get(void);
unsigned losskit_fp_mode_set(unsigned mode);
unsigned losskit_fp_mode_flush_subnormals(void);

/// The relu derivative of a backward pass: g[i] ← a[i] > 0 ? g[i] : 0 for
/// i < n (a NaN activation gives 0, as the comparison is false). Branch-free
/// and vectorized; the same bits on every ISA. g and a must not overlap.
void losskit_srelu_backward(int isa, ptrdiff_t n, float *g, const float *a);
void losskit_drelu_backward(int isa, ptrdiff_t n, double *g, const double *a);

/// Row sums of a column-major m×n block (leading dimension ldx ≥ m):
/// out[i] = Σ_j x[i + j·ldx], added in the order j = 0, 1, …, n−1 starting
/// from 0 (the bias gradient of a layer, one sample per column). The same
/// bits on every ISA. out must not overlap x.
void losskit_srow_sums(int isa, ptrdiff_t m, ptrdiff_t n, const float *x, ptrdiff_t ldx, float *out);
void losskit_drow_sums(int isa, ptrdiff_t m, ptrdiff_t n, const double *x, ptrdiff_t ldx, double *out);

/// Lower triangle of C ← alpha·AᵀA + beta·C for a k×n column-major A (BLAS
/// dsyrk 'L','T'). Entries of the strict upper triangle near the diagonal may
/// be written with the matching products (callers mirror the lower triangle).
void losskit_dsyrk_lower_t(int isa, ptrdiff_t n, ptrdiff_t k,
                           double alpha, const double *a, ptrdiff_t lda,
                           double beta, double *c, ptrdiff_t ldc);

/// Lower triangle of C ← alpha·AAᵀ + beta·C for an n×k column-major A (BLAS
/// dsyrk 'L','N'); the strict upper triangle is unspecified on return.
void losskit_dsyrk_lower_n(int isa, ptrdiff_t n, ptrdiff_t k,
                           double alpha, const double *a, ptrdiff_t lda,
                           double beta, double *c, ptrdiff_t ldc);

/// Householder QR (LAPACK dgeqrf: 48-column panels, trailing update by
/// block reflectors) of the m×n column-major `a`, in
/// place: R in the upper triangle, the essential parts of the reflectors below
/// it (implicit unit first entry), tau[0..<min(m,n)] their scalars.
void losskit_qr_dense(int isa, ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau);

/// QR of the stacked matrix [R; X] with R n×n upper triangular (leading
/// dimension ldr) and X rows×n (leading dimension ldx): reflector j acts on
/// row j of R and all rows of X (the zeros of R below its diagonal stay zero).
/// On return R holds the new triangular factor, X the essential parts of the
/// reflectors (column j is v_j), tau[0..<n] their scalars.
void losskit_qr_stacked(int isa, ptrdiff_t n, double *r, ptrdiff_t ldr,
                        ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau);

/// Double-double accumulation of one column (the Dot2 scheme, element-wise):
/// for i < m, with (h, r) = TwoProd(col[i], beta) and (s, q) = TwoSum(hi[i], h):
/// hi[i] = s, lo[i] += q + r. Bit-identical for every instruction set.
void losskit_dd_axpy(int isa, ptrdiff_t m, const double *col, double beta, double *hi, double *lo);

/// One pass of per-sample SGD updates for the squared error with an L2 (or no)
/// penalty (SGDRegressor's default), over the rows order[start..<end] of the
/// row-major `rows` (p values each): for each i, with k = order[i] and
/// x = rows + k·p,
///   r = targets[k] − (w·x + b);  the sum of s[k]·r²/2 is returned (in double)
///   g = eta[i − start]·clamp(r, ±1e12)·s[k]   (s[k] = 1 when sample_weights is NULL)
///   w ← max(0, 1 − eta·alpha)·w + g·x;  b ← b + g when fit_intercept
/// with b = *intercept on entry and on return. The row order[i + 8] is
/// prefetched while i + 8 < total. The dot product is summed in a fixed order
/// for a given `isa` (vector partial sums, then a scalar tail), so results are
/// deterministic per instruction set and agree across them to rounding.
/// `etas` holds end − start rates. Single-threaded.
double losskit_sgd_pass_f64(int isa, ptrdiff_t p, const double *rows, const double *targets, const double *sample_weights,
                            const ptrdiff_t *order, ptrdiff_t start, ptrdiff_t end, ptrdiff_t total,
                            const double *etas, double alpha, int fit_intercept, double *w, double *intercept);

/// losskit_sgd_pass_f64 in single precision (rates, alpha and the returned
/// sum stay double; the step g and the shrink are rounded to float).
double losskit_sgd_pass_f32(int isa, ptrdiff_t p, const float *rows, const float *targets, const float *sample_weights,
                            const ptrdiff_t *order, ptrdiff_t start, ptrdiff_t end, ptrdiff_t total,
                            const double *etas, double alpha, int fit_intercept, float *w, float *intercept);

/// Maps the whole pages of [address, address + bytes) now, in one system call
/// (Linux: madvise MADV_POPULATE_WRITE), instead of one page fault per 4 KiB
/// page when the range is first written: for a freshly allocated buffer of
/// hundreds of megabytes that is ~100 000 faults fewer. Contents are unchanged
/// (fresh pages read as zero either way); a no-op where unsupported.
void losskit_prefault(void *address, size_t bytes);

#endif
