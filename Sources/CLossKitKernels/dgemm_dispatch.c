// Run-time instruction-set dispatch for the dense kernels.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

int losskit_best_isa(void) {
    int f = losskit_cpu_features();
    if (f & 2) return LOSSKIT_ISA_AVX512;
    if (f & 1) return LOSSKIT_ISA_AVX2;
    return LOSSKIT_ISA_PORTABLE;
}

void losskit_dgemm(int isa, int trans_a, int trans_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   double alpha, const double *a, ptrdiff_t lda,
                   const double *b, ptrdiff_t ldb,
                   double beta, double *c, ptrdiff_t ldc) {
    (void)isa;
    if (m <= 0 || n <= 0) return;
    losskit_dgemm_portable(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
