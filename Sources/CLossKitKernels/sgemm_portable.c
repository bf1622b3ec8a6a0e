// Portable SGEMM core (any architecture, plain C): an 8 × 4 register tile the
// compiler may vectorize with whatever the baseline target offers (SSE2, NEON).
// Contraction of a·b + c into FMA is off, so every product and sum in this
// file rounds the same way whether the compiler vectorizes a loop or not.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

#pragma STDC FP_CONTRACT OFF

#define LK_MR 8
#define LK_NR 4
#define LK_MC 128
#define LK_KC 256
#define LK_NC 2048
#define LK_NAME(x) x##_portable
#define LK_SFMA(x, y, z) ((x) * (y) + (z))

static void LK_NAME(smicro)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                            float *restrict c, ptrdiff_t ldc, float alpha, float beta) {
    float acc[LK_NR][LK_MR] = {{0}};
    for (ptrdiff_t l = 0; l < kc; l++) {
        for (int j = 0; j < LK_NR; j++) {
            float bj = pb[j];
            for (int i = 0; i < LK_MR; i++) acc[j][i] += pa[i] * bj;
        }
        pa += LK_MR;
        pb += LK_NR;
    }
    for (int j = 0; j < LK_NR; j++) {
        if (beta == 0.0f) {
            for (int i = 0; i < LK_MR; i++) c[i + j * ldc] = alpha * acc[j][i];
        } else {
            for (int i = 0; i < LK_MR; i++) c[i + j * ldc] = LK_SFMA(alpha, acc[j][i], beta * c[i + j * ldc]);
        }
    }
}

#include "sgemm_template.h"
