#ifndef CLOSSKIT_KERNELS_INTERNAL_H
#define CLOSSKIT_KERNELS_INTERNAL_H
#include <stddef.h>

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

#endif
