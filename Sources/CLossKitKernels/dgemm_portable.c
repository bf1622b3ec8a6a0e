// Portable reference GEMM (any architecture). The vectorized kernels must
// agree with this one to rounding.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

void losskit_dgemm_portable(int trans_a, int trans_b,
                            ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            double alpha, const double *a, ptrdiff_t lda,
                            const double *b, ptrdiff_t ldb,
                            double beta, double *c, ptrdiff_t ldc) {
    for (ptrdiff_t j = 0; j < n; j++) {
        double *cj = c + j * ldc;
        if (beta == 0.0) {
            for (ptrdiff_t i = 0; i < m; i++) cj[i] = 0.0;
        } else if (beta != 1.0) {
            for (ptrdiff_t i = 0; i < m; i++) cj[i] *= beta;
        }
        if (alpha == 0.0 || k == 0) continue;
        if (!trans_a) {
            // C[:, j] += alpha · Σ_l A[:, l] · opB[l, j]  (column axpys)
            for (ptrdiff_t l = 0; l < k; l++) {
                double blj = trans_b ? b[j + l * ldb] : b[l + j * ldb];
                double s = alpha * blj;
                const double *al = a + l * lda;
                for (ptrdiff_t i = 0; i < m; i++) cj[i] += s * al[i];
            }
        } else {
            // C[i, j] += alpha · A[:, i] · opB[:, j]  (dots of columns)
            for (ptrdiff_t i = 0; i < m; i++) {
                const double *ai = a + i * lda;
                double s0 = 0.0, s1 = 0.0;
                ptrdiff_t l = 0;
                if (!trans_b) {
                    const double *bj = b + j * ldb;
                    for (; l + 1 < k; l += 2) { s0 += ai[l] * bj[l]; s1 += ai[l + 1] * bj[l + 1]; }
                    for (; l < k; l++) s0 += ai[l] * bj[l];
                } else {
                    for (; l < k; l++) s0 += ai[l] * b[j + l * ldb];
                }
                cj[i] += alpha * (s0 + s1);
            }
        }
    }
}
