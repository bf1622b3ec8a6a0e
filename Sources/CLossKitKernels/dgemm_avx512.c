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
/// The same tile with op(A) read from three NR-wide panels in the packed-B
/// layout (stride 8 per depth step): SYRK packs its operand once and reads it
/// as both A and B.
static void LK_NAME(micro_panels)(ptrdiff_t kc, const double *restrict p0, const double *restrict p1,
                                  const double *restrict p2, const double *restrict pb,
                                  double *restrict c, ptrdiff_t ldc) {
    LK_DECL(0) LK_DECL(1) LK_DECL(2) LK_DECL(3) LK_DECL(4) LK_DECL(5) LK_DECL(6) LK_DECL(7)
    for (ptrdiff_t l = 0; l < kc; l++) {
        __m512d a0 = _mm512_load_pd(p0), a1 = _mm512_load_pd(p1), a2 = _mm512_load_pd(p2);
        __m512d b;
        LK_ROW(0) LK_ROW(1) LK_ROW(2) LK_ROW(3) LK_ROW(4) LK_ROW(5) LK_ROW(6) LK_ROW(7)
        p0 += LK_NR;
        p1 += LK_NR;
        p2 += LK_NR;
        pb += LK_NR;
    }
    LK_STORE(0) LK_STORE(1) LK_STORE(2) LK_STORE(3) LK_STORE(4) LK_STORE(5) LK_STORE(6) LK_STORE(7)
}
#undef LK_ROW
#undef LK_DECL
#undef LK_STORE

/// Packs 8 columns (src + j·ld, j < 8) of kc values each into rows of 8:
/// dst[l·stride + j] = alpha·src[j·ld + l], with 8 × 8 register transposes
/// (unpack, then two rounds of two-source permutes).
static void LK_NAME(transpose8)(const double *src, ptrdiff_t ld, ptrdiff_t kc,
                                double *dst, ptrdiff_t stride, double alpha) {
    const __m512i lo4 = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
    const __m512i hi4 = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
    const __m512i lo8 = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i hi8 = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    const __m512d scale = _mm512_set1_pd(alpha);
    ptrdiff_t l = 0;
    for (; l + 8 <= kc; l += 8) {
        __m512d r0 = _mm512_loadu_pd(src + 0 * ld + l), r1 = _mm512_loadu_pd(src + 1 * ld + l);
        __m512d r2 = _mm512_loadu_pd(src + 2 * ld + l), r3 = _mm512_loadu_pd(src + 3 * ld + l);
        __m512d r4 = _mm512_loadu_pd(src + 4 * ld + l), r5 = _mm512_loadu_pd(src + 5 * ld + l);
        __m512d r6 = _mm512_loadu_pd(src + 6 * ld + l), r7 = _mm512_loadu_pd(src + 7 * ld + l);
        // s_even: (r_j[l], r_{j+1}[l]) for even l; s_odd: for odd l.
        __m512d s0 = _mm512_unpacklo_pd(r0, r1), s1 = _mm512_unpackhi_pd(r0, r1);
        __m512d s2 = _mm512_unpacklo_pd(r2, r3), s3 = _mm512_unpackhi_pd(r2, r3);
        __m512d s4 = _mm512_unpacklo_pd(r4, r5), s5 = _mm512_unpackhi_pd(r4, r5);
        __m512d s6 = _mm512_unpacklo_pd(r6, r7), s7 = _mm512_unpackhi_pd(r6, r7);
        // Columns 0–3 (v) and 4–7 (w) for l ∈ {0,4}, {2,6}, {1,5}, {3,7}.
        __m512d v0 = _mm512_permutex2var_pd(s0, lo4, s2), v1 = _mm512_permutex2var_pd(s0, hi4, s2);
        __m512d v2 = _mm512_permutex2var_pd(s1, lo4, s3), v3 = _mm512_permutex2var_pd(s1, hi4, s3);
        __m512d w0 = _mm512_permutex2var_pd(s4, lo4, s6), w1 = _mm512_permutex2var_pd(s4, hi4, s6);
        __m512d w2 = _mm512_permutex2var_pd(s5, lo4, s7), w3 = _mm512_permutex2var_pd(s5, hi4, s7);
        double *d = dst + l * stride;
        _mm512_storeu_pd(d + 0 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v0, lo8, w0)));
        _mm512_storeu_pd(d + 4 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v0, hi8, w0)));
        _mm512_storeu_pd(d + 2 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v1, lo8, w1)));
        _mm512_storeu_pd(d + 6 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v1, hi8, w1)));
        _mm512_storeu_pd(d + 1 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v2, lo8, w2)));
        _mm512_storeu_pd(d + 5 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v2, hi8, w2)));
        _mm512_storeu_pd(d + 3 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v3, lo8, w3)));
        _mm512_storeu_pd(d + 7 * stride, _mm512_mul_pd(scale, _mm512_permutex2var_pd(v3, hi8, w3)));
    }
    for (; l < kc; l++)
        for (ptrdiff_t j = 0; j < 8; j++) dst[l * stride + j] = alpha * src[j * ld + l];
}
#define LK_HAVE_TRANSPOSE8 1

#include "dgemm_template.h"
#include "householder_template.h"

/// C (lower triangle) += AᵀA for a k × n column-major A: A's rows are packed
/// once per depth block into 8-column panels and used as both operands; tiles
/// start at the diagonal panel, so only the 8 × 8 diagonal blocks do extra work.
void losskit_dsyrk_core_avx512(ptrdiff_t n, ptrdiff_t k, const double *a, ptrdiff_t lda,
                               double *c, ptrdiff_t ldc) {
    if (n <= 0 || k <= 0) return;
    ptrdiff_t panels = (n + LK_NR - 1) / LK_NR;
    ptrdiff_t kc_max = k < LK_KC ? k : LK_KC;
    void *raw_p, *raw_z;
    double *pb = aligned_buffer_avx512((size_t)(kc_max * panels * LK_NR), &raw_p);
    double *zero = aligned_buffer_avx512((size_t)(kc_max * LK_NR), &raw_z);
    if (!pb || !zero) {
        free(raw_p);
        free(raw_z);
        losskit_dgemm_core_avx512(1, 0, n, n, k, 1.0, a, lda, a, lda, c, ldc, 1);
        return;
    }
    memset(zero, 0, sizeof(double) * (size_t)(kc_max * LK_NR));
    double scratch[LK_MR * LK_NR] __attribute__((aligned(64)));
    for (ptrdiff_t pc = 0; pc < k; pc += LK_KC) {
        ptrdiff_t kc = k - pc < LK_KC ? k - pc : LK_KC;
        pack_b_avx512(0, a, lda, pc, kc, 0, n, pb);
        for (ptrdiff_t jp = 0; jp < panels; jp++) {
            const double *bj = pb + jp * LK_NR * kc;
            ptrdiff_t j0 = jp * LK_NR, nr = n - j0 < LK_NR ? n - j0 : LK_NR;
            for (ptrdiff_t ip = jp; ip < panels; ip += 3) {
                ptrdiff_t i0 = ip * LK_NR, mr = n - i0 < LK_MR ? n - i0 : LK_MR;
                const double *p0 = pb + ip * LK_NR * kc;
                const double *p1 = ip + 1 < panels ? p0 + LK_NR * kc : zero;
                const double *p2 = ip + 2 < panels ? p0 + 2 * LK_NR * kc : zero;
                double *ct = c + i0 + j0 * ldc;
                if (mr == LK_MR && nr == LK_NR) {
                    micro_panels_avx512(kc, p0, p1, p2, bj, ct, ldc);
                } else {
                    memset(scratch, 0, sizeof scratch);
                    micro_panels_avx512(kc, p0, p1, p2, bj, scratch, LK_MR);
                    for (ptrdiff_t j = 0; j < nr; j++)
                        for (ptrdiff_t i = 0; i < mr; i++) ct[i + j * ldc] += scratch[i + j * LK_MR];
                }
            }
        }
    }
    free(raw_p);
    free(raw_z);
}
#pragma clang attribute pop

#endif
