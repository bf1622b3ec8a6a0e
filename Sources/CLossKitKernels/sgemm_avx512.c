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
#define LK_NC 2040
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

/// An edge tile: the first `mr` ≤ 32 rows and `nr` ≤ 12 columns of the same
/// product, written straight into C with masked loads and stores, with
/// `rv` ∈ {1, 2} row vectors and `cn` ∈ {4, 8, 12} columns computed (the
/// smallest that cover the tile). Every entry is accumulated and stored with
/// exactly the arithmetic of smicro, so its bits do not depend on the tile.
static inline __attribute__((always_inline)) void
LK_NAME(smicro_edge_n)(const int rv, const int cn, ptrdiff_t kc, const float *restrict pa,
                       const float *restrict pb, float *restrict c, ptrdiff_t ldc, float alpha, float beta,
                       ptrdiff_t mr, ptrdiff_t nr) {
    __m512 acc0[12], acc1[12];
#pragma clang loop unroll(full)
    for (int j = 0; j < 12; j++) acc0[j] = acc1[j] = _mm512_setzero_ps();
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m512 a0 = _mm512_load_ps(pa), a1 = rv == 2 ? _mm512_load_ps(pa + 16) : a0;
#pragma clang loop unroll(full)
        for (int j = 0; j < 12; j++) {
            if (j < cn) {
                __m512 b = _mm512_set1_ps(pb[j]);
                acc0[j] = _mm512_fmadd_ps(a0, b, acc0[j]);
                if (rv == 2) acc1[j] = _mm512_fmadd_ps(a1, b, acc1[j]);
            }
        }
        pa += LK_MR;
        pb += LK_NR;
    }
    __mmask16 k0 = mr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << mr) - 1);
    __mmask16 k1 = mr >= 32 ? (__mmask16)0xFFFF : mr > 16 ? (__mmask16)((1u << (mr - 16)) - 1) : 0;
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma clang loop unroll(full)
    for (int j = 0; j < 12; j++) {
        if (j < cn && j < nr) {
            float *cj = c + j * ldc;
            if (beta == 0.0f) {
                _mm512_mask_storeu_ps(cj, k0, _mm512_mul_ps(va, acc0[j]));
                if (rv == 2) _mm512_mask_storeu_ps(cj + 16, k1, _mm512_mul_ps(va, acc1[j]));
            } else {
                __m512 c0 = _mm512_maskz_loadu_ps(k0, cj);
                _mm512_mask_storeu_ps(cj, k0, _mm512_fmadd_ps(va, acc0[j], _mm512_mul_ps(vb, c0)));
                if (rv == 2) {
                    __m512 c1 = _mm512_maskz_loadu_ps(k1, cj + 16);
                    _mm512_mask_storeu_ps(cj + 16, k1, _mm512_fmadd_ps(va, acc1[j], _mm512_mul_ps(vb, c1)));
                }
            }
        }
    }
}

static void LK_NAME(smicro_edge)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                                 float *restrict c, ptrdiff_t ldc, float alpha, float beta,
                                 ptrdiff_t mr, ptrdiff_t nr) {
    if (mr <= 16) {
        if (nr <= 4) LK_NAME(smicro_edge_n)(1, 4, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
        else if (nr <= 8) LK_NAME(smicro_edge_n)(1, 8, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
        else LK_NAME(smicro_edge_n)(1, 12, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
    } else {
        if (nr <= 4) LK_NAME(smicro_edge_n)(2, 4, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
        else if (nr <= 8) LK_NAME(smicro_edge_n)(2, 8, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
        else LK_NAME(smicro_edge_n)(2, 12, kc, pa, pb, c, ldc, alpha, beta, mr, nr);
    }
}
#define LK_HAVE_SMICRO_EDGE 1

#undef LK_ROW
#undef LK_DECL
#undef LK_STORE0
#undef LK_STORE

#include "sgemm_transpose_x86.h"
#include "sgemm_template.h"
#pragma clang attribute pop

#endif
