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
/// Column j of the tile: alpha·Σ + beta·C (C not read when beta == 0), then
/// in registers the bias (a row vector or one value per column) and relu as
/// max(0, z) (which keeps NaN and −0, as z < 0 ? 0 : z does).
#define LK_STORE(j)                                                                                  \
    {                                                                                                \
        float *cj = c + j * ldc;                                                                     \
        __m512 v0 = beta == 0.0f ? _mm512_mul_ps(va, c##j##0)                                        \
                                 : _mm512_fmadd_ps(va, c##j##0, _mm512_mul_ps(vb, _mm512_loadu_ps(cj))); \
        __m512 v1 = beta == 0.0f ? _mm512_mul_ps(va, c##j##1)                                        \
                                 : _mm512_fmadd_ps(va, c##j##1, _mm512_mul_ps(vb, _mm512_loadu_ps(cj + 16))); \
        if (brow) {                                                                                  \
            v0 = _mm512_add_ps(v0, br0);                                                             \
            v1 = _mm512_add_ps(v1, br1);                                                             \
        } else if (bcol) {                                                                           \
            __m512 bj = _mm512_set1_ps(bcol[j]);                                                     \
            v0 = _mm512_add_ps(v0, bj);                                                              \
            v1 = _mm512_add_ps(v1, bj);                                                              \
        }                                                                                            \
        if (relu) {                                                                                  \
            v0 = _mm512_max_ps(zero, v0);                                                            \
            v1 = _mm512_max_ps(zero, v1);                                                            \
        }                                                                                            \
        _mm512_storeu_ps(cj, v0);                                                                    \
        _mm512_storeu_ps(cj + 16, v1);                                                               \
    }

/// The full tile, with an optional in-register epilogue: bias per row
/// (`brow`, 32 values) or per column (`bcol`, 12 values), then relu.
static inline __attribute__((always_inline)) void
LK_NAME(smicro_impl)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb, float *restrict c,
                     ptrdiff_t ldc, float alpha, float beta, const float *brow, const float *bcol, int relu) {
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
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta), zero = _mm512_setzero_ps();
    __m512 br0 = brow ? _mm512_loadu_ps(brow) : zero, br1 = brow ? _mm512_loadu_ps(brow + 16) : zero;
    LK_STORE(0) LK_STORE(1) LK_STORE(2) LK_STORE(3) LK_STORE(4) LK_STORE(5)
    LK_STORE(6) LK_STORE(7) LK_STORE(8) LK_STORE(9) LK_STORE(10) LK_STORE(11)
}

/// The full tile (the template's smicro contract) followed by bias and relu
/// in registers: bit for bit what the product then sepilogue_tile computes.
static void LK_NAME(smicro_fused)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                                  float *restrict c, ptrdiff_t ldc, float alpha, float beta,
                                  const float *brow, const float *bcol, int relu) {
    LK_NAME(smicro_impl)(kc, pa, pb, c, ldc, alpha, beta, brow, bcol, relu);
}
#define LK_HAVE_SMICRO_FUSED 1

/// An edge tile: the first `mr` ≤ 32 rows and `nr` ≤ 12 columns of the same
/// product, written straight into C with masked loads and stores, with
/// `rv` ∈ {1, 2} row vectors and `cn` ∈ {4, 8, 12} columns computed (the
/// smallest that cover the tile). Every entry is accumulated and stored with
/// exactly the arithmetic of smicro (and smicro_fused's bias and relu), so its
/// bits do not depend on the tile.
static inline __attribute__((always_inline)) void
LK_NAME(smicro_edge_n)(const int rv, const int cn, ptrdiff_t kc, const float *restrict pa,
                       const float *restrict pb, float *restrict c, ptrdiff_t ldc, float alpha, float beta,
                       ptrdiff_t mr, ptrdiff_t nr, const float *brow, const float *bcol, int relu) {
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
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta), zero = _mm512_setzero_ps();
    __m512 br0 = brow ? _mm512_maskz_loadu_ps(k0, brow) : zero;
    __m512 br1 = brow && rv == 2 ? _mm512_maskz_loadu_ps(k1, brow + 16) : zero;
#pragma clang loop unroll(full)
    for (int j = 0; j < 12; j++) {
        if (j < cn && j < nr) {
            float *cj = c + j * ldc;
            __m512 v0, v1 = zero;
            if (beta == 0.0f) {
                v0 = _mm512_mul_ps(va, acc0[j]);
                if (rv == 2) v1 = _mm512_mul_ps(va, acc1[j]);
            } else {
                v0 = _mm512_fmadd_ps(va, acc0[j], _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(k0, cj)));
                if (rv == 2) v1 = _mm512_fmadd_ps(va, acc1[j], _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(k1, cj + 16)));
            }
            if (brow) {
                v0 = _mm512_add_ps(v0, br0);
                v1 = _mm512_add_ps(v1, br1);
            } else if (bcol) {
                __m512 bj = _mm512_set1_ps(bcol[j]);
                v0 = _mm512_add_ps(v0, bj);
                v1 = _mm512_add_ps(v1, bj);
            }
            if (relu) {
                v0 = _mm512_max_ps(zero, v0);
                v1 = _mm512_max_ps(zero, v1);
            }
            _mm512_mask_storeu_ps(cj, k0, v0);
            if (rv == 2) _mm512_mask_storeu_ps(cj + 16, k1, v1);
        }
    }
}

static void LK_NAME(smicro_edge)(ptrdiff_t kc, const float *restrict pa, const float *restrict pb,
                                 float *restrict c, ptrdiff_t ldc, float alpha, float beta,
                                 ptrdiff_t mr, ptrdiff_t nr, const float *brow, const float *bcol, int relu) {
#define LK_EDGE(rv, cn) LK_NAME(smicro_edge_n)(rv, cn, kc, pa, pb, c, ldc, alpha, beta, mr, nr, brow, bcol, relu)
    if (mr <= 16) {
        if (nr <= 4) LK_EDGE(1, 4);
        else if (nr <= 8) LK_EDGE(1, 8);
        else LK_EDGE(1, 12);
    } else {
        if (nr <= 4) LK_EDGE(2, 4);
        else if (nr <= 8) LK_EDGE(2, 8);
        else LK_EDGE(2, 12);
    }
#undef LK_EDGE
}


#undef LK_ROW
#undef LK_DECL
#undef LK_STORE

#include "sgemm_transpose_x86.h"
#include "sgemm_template.h"
#pragma clang attribute pop

#endif
