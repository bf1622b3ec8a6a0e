#ifndef CLOSSKIT_KERNELS_H
#define CLOSSKIT_KERNELS_H
#include <stddef.h>

/// Returns a bit set of the vector instruction sets this CPU supports and the
/// kernels use: 1 = AVX2+FMA, 2 = AVX-512F. Used for reporting in benchmarks.
int losskit_cpu_features(void);

/// Number of online processors (at least 1).
int losskit_cpu_count(void);

/// Instruction-set choice for the dense kernels.
/// LOSSKIT_ISA_BEST picks the widest the CPU supports (checked once, at run time).
enum {
    LOSSKIT_ISA_BEST = -1,
    LOSSKIT_ISA_PORTABLE = 0,
    LOSSKIT_ISA_AVX2 = 1,
    LOSSKIT_ISA_AVX512 = 2
};

/// The instruction set LOSSKIT_ISA_BEST resolves to on this CPU.
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

#endif
