#ifndef CLOSSKIT_KERNELS_INTERNAL_H
#define CLOSSKIT_KERNELS_INTERNAL_H
#include <stddef.h>
#include "CLossKitKernels.h"

// One GEMM core per instruction set, all generated from dgemm_template.h:
//   C += alpha · op(A) · op(B)   (column-major; no beta, the caller scales C)
// With lower_only != 0 (square C, m == n), micro-tiles that lie strictly above
// the diagonal are skipped: the lower triangle (and parts of the upper near the
// diagonal) is computed, as SYRK needs.
#define LOSSKIT_GEMM_CORE_ARGS                                                   \
    int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,             \
    double alpha, const double *a, ptrdiff_t lda, const double *b, ptrdiff_t ldb, \
    double *c, ptrdiff_t ldc, int lower_only

void losskit_dgemm_core_portable(LOSSKIT_GEMM_CORE_ARGS);
void losskit_dgemm_core_avx2(LOSSKIT_GEMM_CORE_ARGS);
void losskit_dgemm_core_avx512(LOSSKIT_GEMM_CORE_ARGS);

// One SGEMM core per instruction set, all generated from sgemm_template.h:
//   C ← act(alpha · op(A) · op(B) + beta · C + bias)   (column-major, k ≥ 1)
// with the epilogue (bias, act) described by `ep` (NULL: none). The dispatcher
// handles k == 0 and alpha == 0 with losskit_sepilogue_* alone.
typedef struct {
    int bias_mode;        // LOSSKIT_BIAS_*
    const float *bias;    // bias of row 0 (ROW) or column 0 (COLUMN) of this C
    int activation;       // LOSSKIT_ACT_*
} losskit_sepilogue;

#define LOSSKIT_SGEMM_CORE_ARGS                                                 \
    int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,            \
    float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,  \
    float beta, float *c, ptrdiff_t ldc, const losskit_sepilogue *ep

// C ← act(beta·C + bias) for the m×n C (beta == 0: C not read).
#define LOSSKIT_SEPILOGUE_ARGS \
    ptrdiff_t m, ptrdiff_t n, float beta, float *c, ptrdiff_t ldc, const losskit_sepilogue *ep

// A 64-byte-aligned buffer of at least `floats` floats for the calling
// thread's SGEMM packing, kept between calls. Sets *owned to a block the caller
// must free (only when no thread-local slot could be had), else NULL.
// Returns NULL when out of memory.
float *losskit_sgemm_workspace(size_t floats, void **owned);

#define LOSSKIT_SGEMM_DECL(isa)                               \
    void losskit_sgemm_core_##isa(LOSSKIT_SGEMM_CORE_ARGS);   \
    void losskit_sepilogue_##isa(LOSSKIT_SEPILOGUE_ARGS);
LOSSKIT_SGEMM_DECL(portable)
LOSSKIT_SGEMM_DECL(avx2)
LOSSKIT_SGEMM_DECL(avx512)

// SYRK with one packing of its operand (AVX-512 only): C lower += AᵀA.
void losskit_dsyrk_core_avx512(ptrdiff_t n, ptrdiff_t k, const double *a, ptrdiff_t lda,
                               double *c, ptrdiff_t ldc);

// Householder QR kernels per ISA (see householder_template.h).
#define LOSSKIT_QR_DECL(isa)                                                                  \
    void losskit_qr_dense_##isa(ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau); \
    void losskit_qr_stacked_##isa(ptrdiff_t n, double *r, ptrdiff_t ldr, ptrdiff_t rows,          \
                                  double *x, ptrdiff_t ldx, double *tau);                         \
    void losskit_dd_axpy_##isa(ptrdiff_t m, const double *col, double beta, double *hi, double *lo);
LOSSKIT_QR_DECL(portable)
LOSSKIT_QR_DECL(avx2)
LOSSKIT_QR_DECL(avx512)

// The AVX2 and AVX-512 kernels are compiled (with function target attributes,
// no command-line flags) on x86-64 with clang; elsewhere only the portable ones.
#if defined(__x86_64__) && defined(__clang__)
#define LOSSKIT_HAVE_X86_KERNELS 1
#else
#define LOSSKIT_HAVE_X86_KERNELS 0
#endif

/// `isa` (LOSSKIT_ISA_*) clamped to what this CPU (and build) can run.
static inline int losskit_effective_isa(int isa) {
    int best = losskit_best_isa();
    return (isa < 0 || isa > best) ? best : isa;
}

#endif
