// Portable GEMM core (any architecture, plain C): a 4 × 4 register tile the
// compiler may vectorize with whatever the baseline target offers (SSE2, NEON).
#include "kernels_internal.h"

#define LK_MR 4
#define LK_NR 4
#define LK_MC 128
#define LK_KC 256
#define LK_NC 2048
#define LK_NAME(x) x##_portable

static void LK_NAME(micro)(ptrdiff_t kc, const double *restrict pa, const double *restrict pb,
                           double *restrict c, ptrdiff_t ldc) {
    double acc[LK_NR][LK_MR] = {{0}};
    for (ptrdiff_t l = 0; l < kc; l++) {
        for (int j = 0; j < LK_NR; j++) {
            double bj = pb[j];
            for (int i = 0; i < LK_MR; i++) acc[j][i] += pa[i] * bj;
        }
        pa += LK_MR;
        pb += LK_NR;
    }
    for (int j = 0; j < LK_NR; j++)
        for (int i = 0; i < LK_MR; i++) c[i + j * ldc] += acc[j][i];
}

#include "dgemm_template.h"
#include "householder_template.h"
