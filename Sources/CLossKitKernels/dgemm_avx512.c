// AVX-512F GEMM core: a 24 × 8 register tile (24 accumulators of 8 doubles).
// Compiled for AVX-512 with a function attribute only; called only when the
// CPU reports AVX-512F.
#include "kernels_internal.h"

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)

#define LK_MR 24
#define LK_NR 8
#define LK_MC 192
#define LK_KC 256
#define LK_NC 4096
#define LK_NAME(x) x##_avx512

#define LK_ROW(j)                                                   \
    b = _mm512_set1_pd(pb[j]);                                      \
    c##j##0 = _mm512_fmadd_pd(a0, b, c##j##0);                      \
    c##j##1 = _mm512_fmadd_pd(a1, b, c##j##1);                      \
    c##j##2 = _mm512_fmadd_pd(a2, b, c##j##2);
#define LK_DECL(j) __m512d c##j##0 = _mm512_setzero_pd(), c##j##1 = _mm512_setzero_pd(), c##j##2 = _mm512_setzero_pd();
#define LK_STORE(j)                                                                             \
    _mm512_storeu_pd(c + j * ldc, _mm512_add_pd(_mm512_loadu_pd(c + j * ldc), c##j##0));       \
    _mm512_storeu_pd(c + j * ldc + 8, _mm512_add_pd(_mm512_loadu_pd(c + j * ldc + 8), c##j##1)); \
    _mm512_storeu_pd(c + j * ldc + 16, _mm512_add_pd(_mm512_loadu_pd(c + j * ldc + 16), c##j##2));

static void LK_NAME(micro)(ptrdiff_t kc, const double *restrict pa, const double *restrict pb,
                           double *restrict c, ptrdiff_t ldc) {
    LK_DECL(0) LK_DECL(1) LK_DECL(2) LK_DECL(3) LK_DECL(4) LK_DECL(5) LK_DECL(6) LK_DECL(7)
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m512d a0 = _mm512_load_pd(pa), a1 = _mm512_load_pd(pa + 8), a2 = _mm512_load_pd(pa + 16);
        __m512d b;
        LK_ROW(0) LK_ROW(1) LK_ROW(2) LK_ROW(3) LK_ROW(4) LK_ROW(5) LK_ROW(6) LK_ROW(7)
        pa += LK_MR;
        pb += LK_NR;
    }
    LK_STORE(0) LK_STORE(1) LK_STORE(2) LK_STORE(3) LK_STORE(4) LK_STORE(5) LK_STORE(6) LK_STORE(7)
}
#undef LK_ROW
#undef LK_DECL
#undef LK_STORE

#include "dgemm_template.h"
#include "householder_template.h"
#pragma clang attribute pop

#endif
