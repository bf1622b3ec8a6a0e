// AVX2 + FMA GEMM core: an 8 × 6 register tile (12 accumulators of 4 doubles).
// Compiled for AVX2 with a function attribute only; called only when the CPU
// reports AVX2 and FMA.
#include "kernels_internal.h"

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define LK_MR 8
#define LK_NR 6
#define LK_MC 120
#define LK_KC 256
#define LK_NC 3072
#define LK_NAME(x) x##_avx2

static void LK_NAME(micro)(ptrdiff_t kc, const double *restrict pa, const double *restrict pb,
                           double *restrict c, ptrdiff_t ldc) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m256d a0 = _mm256_load_pd(pa), a1 = _mm256_load_pd(pa + 4);
        __m256d b;
        b = _mm256_broadcast_sd(pb + 0); c00 = _mm256_fmadd_pd(a0, b, c00); c01 = _mm256_fmadd_pd(a1, b, c01);
        b = _mm256_broadcast_sd(pb + 1); c10 = _mm256_fmadd_pd(a0, b, c10); c11 = _mm256_fmadd_pd(a1, b, c11);
        b = _mm256_broadcast_sd(pb + 2); c20 = _mm256_fmadd_pd(a0, b, c20); c21 = _mm256_fmadd_pd(a1, b, c21);
        b = _mm256_broadcast_sd(pb + 3); c30 = _mm256_fmadd_pd(a0, b, c30); c31 = _mm256_fmadd_pd(a1, b, c31);
        b = _mm256_broadcast_sd(pb + 4); c40 = _mm256_fmadd_pd(a0, b, c40); c41 = _mm256_fmadd_pd(a1, b, c41);
        b = _mm256_broadcast_sd(pb + 5); c50 = _mm256_fmadd_pd(a0, b, c50); c51 = _mm256_fmadd_pd(a1, b, c51);
        pa += LK_MR;
        pb += LK_NR;
    }
#define LK_STORE(j, x0, x1)                                                              \
    _mm256_storeu_pd(c + j * ldc, _mm256_add_pd(_mm256_loadu_pd(c + j * ldc), x0));      \
    _mm256_storeu_pd(c + j * ldc + 4, _mm256_add_pd(_mm256_loadu_pd(c + j * ldc + 4), x1));
    LK_STORE(0, c00, c01) LK_STORE(1, c10, c11) LK_STORE(2, c20, c21)
    LK_STORE(3, c30, c31) LK_STORE(4, c40, c41) LK_STORE(5, c50, c51)
#undef LK_STORE
}

#include "dgemm_template.h"
#include "householder_template.h"
#pragma clang attribute pop

#endif
