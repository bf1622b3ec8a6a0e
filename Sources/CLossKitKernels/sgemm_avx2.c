// AVX2 + FMA SGEMM core: a 16 × 6 register tile (12 accumulators of 8 floats).
// Compiled for AVX2 with a function attribute only; called only when the CPU
// reports AVX2 and FMA.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define LK_MR 16
#define LK_NR 6
#define LK_MC 144
#define LK_KC 256
#define LK_NC 2040
#define LK_NAME(x) x##_avx2
#define LK_SFMA(x, y, z) __builtin_fmaf((x), (y), (z))

#define LK_ROW(j)                                 \
    b = _mm256_broadcast_ss(pb + j);              \
    c##j##0 = _mm256_fmadd_ps(a0, b, c##j##0);    \
    c##j##1 = _mm256_fmadd_ps(a1, b, c##j##1);
#define LK_DECL(j) __m256 c##j##0 = _mm256_setzero_ps(), c##j##1 = _mm256_setzero_ps();
#define LK_STORE0(j)                                                         \
    _mm256_storeu_ps(c + j * ldc, _mm256_mul_ps(va, c##j##0));               \
    _mm256_storeu_ps(c + j * ldc + 8, _mm256_mul_ps(va, c##j##1));
#define LK_STORE(j)                                                                                       \
    _mm256_storeu_ps(c + j * ldc, _mm256_fmadd_ps(va, c##j##0, _mm256_mul_ps(vb, _mm256_loadu_ps(c + j * ldc)))); \
    _mm256_storeu_ps(c + j * ldc + 8,                                                                     \
                     _mm256_fmadd_ps(va, c##j##1, _mm256_mul_ps(vb, _mm256_loadu_ps(c + j * ldc + 8))));

static void LK_NAME(smicro)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                            float *restrict c, ptrdiff_t ldc, float alpha, float beta) {
    LK_DECL(0) LK_DECL(1) LK_DECL(2) LK_DECL(3) LK_DECL(4) LK_DECL(5)
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m256 a0 = _mm256_load_ps(pa), a1 = _mm256_load_ps(pa + 8);
        __m256 b;
        LK_ROW(0) LK_ROW(1) LK_ROW(2) LK_ROW(3) LK_ROW(4) LK_ROW(5)
        pa += LK_MR;
        pb += LK_NR;
    }
    __m256 va = _mm256_set1_ps(alpha);
    if (beta == 0.0f) {
        LK_STORE0(0) LK_STORE0(1) LK_STORE0(2) LK_STORE0(3) LK_STORE0(4) LK_STORE0(5)
    } else {
        __m256 vb = _mm256_set1_ps(beta);
        LK_STORE(0) LK_STORE(1) LK_STORE(2) LK_STORE(3) LK_STORE(4) LK_STORE(5)
    }
}
#undef LK_ROW
#undef LK_DECL
#undef LK_STORE0
#undef LK_STORE

#include "sgemm_transpose_x86.h"
#include "sgemm_template.h"
#pragma clang attribute pop

#endif
