// AVX-512F SGEMM core: a 32 × 12 register tile (24 accumulators of 16 floats).
// Compiled for AVX-512 with a function attribute only; called only when the
// CPU reports AVX-512F.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)

#define LK_MR 32
#define LK_NR 12
#define LK_MC 256
#define LK_KC 256
#define LK_NC 4092
#define LK_NAME(x) x##_avx512
#define LK_SFMA(x, y, z) __builtin_fmaf((x), (y), (z))

#define LK_ROW(j)                                 \
    b = _mm512_set1_ps(pb[j]);                    \
    c##j##0 = _mm512_fmadd_ps(a0, b, c##j##0);    \
    c##j##1 = _mm512_fmadd_ps(a1, b, c##j##1);
#define LK_DECL(j) __m512 c##j##0 = _mm512_setzero_ps(), c##j##1 = _mm512_setzero_ps();
#define LK_STORE0(j)                                                         \
    _mm512_storeu_ps(c + j * ldc, _mm512_mul_ps(va, c##j##0));               \
    _mm512_storeu_ps(c + j * ldc + 16, _mm512_mul_ps(va, c##j##1));
#define LK_STORE(j)                                                                                       \
    _mm512_storeu_ps(c + j * ldc, _mm512_fmadd_ps(va, c##j##0, _mm512_mul_ps(vb, _mm512_loadu_ps(c + j * ldc)))); \
    _mm512_storeu_ps(c + j * ldc + 16,                                                                    \
                     _mm512_fmadd_ps(va, c##j##1, _mm512_mul_ps(vb, _mm512_loadu_ps(c + j * ldc + 16))));

static void LK_NAME(smicro)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                            float *restrict c, ptrdiff_t ldc, float alpha, float beta) {
    LK_DECL(0) LK_DECL(1) LK_DECL(2) LK_DECL(3) LK_DECL(4) LK_DECL(5)
    LK_DECL(6) LK_DECL(7) LK_DECL(8) LK_DECL(9) LK_DECL(10) LK_DECL(11)
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m512 a0 = _mm512_load_ps(pa), a1 = _mm512_load_ps(pa + 16);
        __m512 b;
        LK_ROW(0) LK_ROW(1) LK_ROW(2) LK_ROW(3) LK_ROW(4) LK_ROW(5)
        LK_ROW(6) LK_ROW(7) LK_ROW(8) LK_ROW(9) LK_ROW(10) LK_ROW(11)
        pa += LK_MR;
        pb += LK_NR;
    }
    __m512 va = _mm512_set1_ps(alpha);
    if (beta == 0.0f) {
        LK_STORE0(0) LK_STORE0(1) LK_STORE0(2) LK_STORE0(3) LK_STORE0(4) LK_STORE0(5)
        LK_STORE0(6) LK_STORE0(7) LK_STORE0(8) LK_STORE0(9) LK_STORE0(10) LK_STORE0(11)
    } else {
        __m512 vb = _mm512_set1_ps(beta);
        LK_STORE(0) LK_STORE(1) LK_STORE(2) LK_STORE(3) LK_STORE(4) LK_STORE(5)
        LK_STORE(6) LK_STORE(7) LK_STORE(8) LK_STORE(9) LK_STORE(10) LK_STORE(11)
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
