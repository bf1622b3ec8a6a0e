#ifndef CLOSSKIT_KERNELS_INTERNAL_H
#define CLOSSKIT_KERNELS_INTERNAL_H
#include <stddef.h>

void losskit_dgemm_portable(int trans_a, int trans_b,
                            ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            double alpha, const double *a, ptrdiff_t lda,
                            const double *b, ptrdiff_t ldb,
                            double beta, double *c, ptrdiff_t ldc);
#endif
