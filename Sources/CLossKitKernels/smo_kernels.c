// The two O(active set) loops of an SMO step for support-vector regression
// (Sources/LossKitModels/SupportVector/SMOSolver.swift), over variables in
// the solver's current order: variable t reads column index[t] of a kernel
// row (single precision, as libsvm caches it), y[t] = ±1.
//
// Both return what a scalar loop that keeps the last of equal maxima returns,
// so the AVX2 and AVX-512 variants (gathers, four or eight variables at a
// time, lane-wise maxima combined at the end) pick exactly the indices the
// portable one picks, and compute the same bits (no FMA contraction: every
// product and sum is rounded as in the scalar loop). The vector code is
// compiled with function attributes only and called only when the CPU
// reports the instruction set.
#include "CLossKitKernels.h"
#include "kernels_internal.h"
#include <math.h>

#pragma clang fp contract(off)

/// One variable of the update: the new g[k], and (k, −y[k]·g[k]) kept when
/// k is in I_up and its value is at least the best so far.
static inline void losskit_smo_update_one(ptrdiff_t k, double *g, const double *y, const unsigned char *up,
                                          const int32_t *index, const float *row_i, const float *row_j,
                                          double a, double b, double *best, ptrdiff_t *best_index) {
    int32_t r = index[k];
    double updated = g[k] + y[k] * (a * (double)row_i[r] + b * (double)row_j[r]);
    g[k] = updated;
    double v = -y[k] * updated;
    if (up[k] && v >= *best) { *best = v; *best_index = k; }
}

/// One variable of the selection: the I_low maximum, and (k, d²/q) kept
/// when k is a candidate whose ratio is at least the best so far.
static inline void losskit_smo_select_one(ptrdiff_t k, const double *g, const double *y, const unsigned char *low,
                                          const int32_t *index, const double *qd, const float *row_i,
                                          double g_max, double qd_i, double tau,
                                          double *m2, double *best, ptrdiff_t *best_index) {
    double yg = y[k] * g[k];
    int member = low[k] != 0;
    if (member && yg > *m2) *m2 = yg;
    double grad_diff = g_max + yg;
    double quad = qd_i + qd[k] - 2 * (double)row_i[index[k]];
    if (!(quad > 0)) quad = tau;
    double ratio = grad_diff * grad_diff / quad;
    if (member && grad_diff > 0 && ratio >= *best) { *best = ratio; *best_index = k; }
}

static ptrdiff_t losskit_smo_update_portable(ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                                             const int32_t *index, const float *row_i, const float *row_j,
                                             double a, double b, double *best_value) {
    double best = -INFINITY;
    ptrdiff_t best_index = -1;
    for (ptrdiff_t k = 0; k < count; k++) losskit_smo_update_one(k, g, y, up, index, row_i, row_j, a, b, &best, &best_index);
    *best_value = best;
    return best_index;
}

static ptrdiff_t losskit_smo_select_portable(ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                                             const int32_t *index, const double *qd, const float *row_i,
                                             double g_max, double qd_i, double tau, double *g_max2) {
    double best = -INFINITY, m2 = -INFINITY;
    ptrdiff_t best_index = -1;
    for (ptrdiff_t k = 0; k < count; k++) {
        losskit_smo_select_one(k, g, y, low, index, qd, row_i, g_max, qd_i, tau, &m2, &best, &best_index);
    }
    *g_max2 = m2;
    return best_index;
}

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

/// Four bytes (0 or not) as a lane mask of doubles.
static inline __m256d losskit_byte_mask(const unsigned char *bytes) {
    int32_t word;
    __builtin_memcpy(&word, bytes, 4);
    __m256i wide = _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(word));
    return _mm256_castsi256_pd(_mm256_xor_si256(_mm256_cmpeq_epi64(wide, _mm256_setzero_si256()), _mm256_set1_epi64x(-1)));
}

/// The largest lane value and, among lanes holding it, the largest index.
static inline ptrdiff_t losskit_combine(__m256d values, __m256d indices, double *best_value) {
    double v[4], ix[4];
    _mm256_storeu_pd(v, values);
    _mm256_storeu_pd(ix, indices);
    double best = v[0], index = ix[0];
    for (int lane = 1; lane < 4; lane++) {
        if (v[lane] > best || (v[lane] == best && ix[lane] > index)) { best = v[lane]; index = ix[lane]; }
    }
    *best_value = best;
    return (ptrdiff_t)index;
}

static ptrdiff_t losskit_smo_update_avx2(ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                                         const int32_t *index, const float *row_i, const float *row_j,
                                         double a, double b, double *best_value) {
    const __m256d va = _mm256_set1_pd(a), vb = _mm256_set1_pd(b), minus_inf = _mm256_set1_pd(-INFINITY);
    __m256d best = minus_inf, best_index = _mm256_set1_pd(-1);
    __m256d lane_index = _mm256_setr_pd(0, 1, 2, 3);
    const __m256d four = _mm256_set1_pd(4);
    ptrdiff_t k = 0;
    for (; k + 4 <= count; k += 4) {
        __m128i idx = _mm_loadu_si128((const __m128i *)(index + k));
        __m256d ki = _mm256_cvtps_pd(_mm_i32gather_ps(row_i, idx, 4));
        __m256d kj = _mm256_cvtps_pd(_mm_i32gather_ps(row_j, idx, 4));
        __m256d yv = _mm256_loadu_pd(y + k);
        __m256d updated = _mm256_add_pd(_mm256_loadu_pd(g + k), _mm256_mul_pd(yv, _mm256_add_pd(_mm256_mul_pd(va, ki), _mm256_mul_pd(vb, kj))));
        _mm256_storeu_pd(g + k, updated);
        __m256d v = _mm256_mul_pd(_mm256_sub_pd(_mm256_setzero_pd(), yv), updated);
        __m256d take = _mm256_and_pd(losskit_byte_mask(up + k), _mm256_cmp_pd(v, best, _CMP_GE_OQ));
        best = _mm256_blendv_pd(best, v, take);
        best_index = _mm256_blendv_pd(best_index, lane_index, take);
        lane_index = _mm256_add_pd(lane_index, four);
    }
    double best_scalar;
    ptrdiff_t index_scalar = losskit_combine(best, best_index, &best_scalar);
    for (; k < count; k++) losskit_smo_update_one(k, g, y, up, index, row_i, row_j, a, b, &best_scalar, &index_scalar);
    *best_value = best_scalar;
    return index_scalar;
}

static ptrdiff_t losskit_smo_select_avx2(ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                                         const int32_t *index, const double *qd, const float *row_i,
                                         double g_max, double qd_i, double tau, double *g_max2) {
    const __m256d minus_inf = _mm256_set1_pd(-INFINITY), zero = _mm256_setzero_pd();
    const __m256d vg_max = _mm256_set1_pd(g_max), vqd_i = _mm256_set1_pd(qd_i), vtau = _mm256_set1_pd(tau);
    const __m256d two = _mm256_set1_pd(2), four = _mm256_set1_pd(4);
    __m256d m2 = minus_inf, best = minus_inf, best_index = _mm256_set1_pd(-1);
    __m256d lane_index = _mm256_setr_pd(0, 1, 2, 3);
    ptrdiff_t k = 0;
    for (; k + 4 <= count; k += 4) {
        __m256d yg = _mm256_mul_pd(_mm256_loadu_pd(y + k), _mm256_loadu_pd(g + k));
        __m256d member = losskit_byte_mask(low + k);
        m2 = _mm256_max_pd(m2, _mm256_blendv_pd(minus_inf, yg, member));
        __m256d grad_diff = _mm256_add_pd(vg_max, yg);
        __m128i idx = _mm_loadu_si128((const __m128i *)(index + k));
        __m256d kv = _mm256_cvtps_pd(_mm_i32gather_ps(row_i, idx, 4));
        __m256d quad = _mm256_sub_pd(_mm256_add_pd(vqd_i, _mm256_loadu_pd(qd + k)), _mm256_mul_pd(two, kv));
        quad = _mm256_blendv_pd(vtau, quad, _mm256_cmp_pd(quad, zero, _CMP_GT_OQ));
        __m256d ratio = _mm256_div_pd(_mm256_mul_pd(grad_diff, grad_diff), quad);
        __m256d candidate = _mm256_and_pd(member, _mm256_cmp_pd(grad_diff, zero, _CMP_GT_OQ));
        __m256d take = _mm256_and_pd(candidate, _mm256_cmp_pd(ratio, best, _CMP_GE_OQ));
        best = _mm256_blendv_pd(best, ratio, take);
        best_index = _mm256_blendv_pd(best_index, lane_index, take);
        lane_index = _mm256_add_pd(lane_index, four);
    }
    double m2v[4];
    _mm256_storeu_pd(m2v, m2);
    double m2s = m2v[0];
    for (int lane = 1; lane < 4; lane++) if (m2v[lane] > m2s) m2s = m2v[lane];
    double best_scalar;
    ptrdiff_t index_scalar = losskit_combine(best, best_index, &best_scalar);
    for (; k < count; k++) {
        losskit_smo_select_one(k, g, y, low, index, qd, row_i, g_max, qd_i, tau, &m2s, &best_scalar, &index_scalar);
    }
    *g_max2 = m2s;
    return index_scalar;
}
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)

/// Eight bytes (0 or not) as a lane mask.
static inline __mmask8 losskit_byte_mask8(const unsigned char *bytes) {
    __m512i wide = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)bytes));
    return _mm512_test_epi64_mask(wide, wide);
}

/// The largest lane value and, among lanes holding it, the largest index.
static inline ptrdiff_t losskit_combine8(__m512d values, __m512d indices, double *best_value) {
    double v[8], ix[8];
    _mm512_storeu_pd(v, values);
    _mm512_storeu_pd(ix, indices);
    double best = v[0], index = ix[0];
    for (int lane = 1; lane < 8; lane++) {
        if (v[lane] > best || (v[lane] == best && ix[lane] > index)) { best = v[lane]; index = ix[lane]; }
    }
    *best_value = best;
    return (ptrdiff_t)index;
}

static ptrdiff_t losskit_smo_update_avx512(ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                                           const int32_t *index, const float *row_i, const float *row_j,
                                           double a, double b, double *best_value) {
    const __m512d va = _mm512_set1_pd(a), vb = _mm512_set1_pd(b);
    __m512d best = _mm512_set1_pd(-INFINITY), best_index = _mm512_set1_pd(-1);
    __m512d lane_index = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512d eight = _mm512_set1_pd(8);
    ptrdiff_t k = 0;
    for (; k + 8 <= count; k += 8) {
        __m256i idx = _mm256_loadu_si256((const __m256i *)(index + k));
        __m512d ki = _mm512_cvtps_pd(_mm256_i32gather_ps(row_i, idx, 4));
        __m512d kj = _mm512_cvtps_pd(_mm256_i32gather_ps(row_j, idx, 4));
        __m512d yv = _mm512_loadu_pd(y + k);
        __m512d updated = _mm512_add_pd(_mm512_loadu_pd(g + k), _mm512_mul_pd(yv, _mm512_add_pd(_mm512_mul_pd(va, ki), _mm512_mul_pd(vb, kj))));
        _mm512_storeu_pd(g + k, updated);
        __m512d v = _mm512_mul_pd(_mm512_sub_pd(_mm512_setzero_pd(), yv), updated);
        __mmask8 take = losskit_byte_mask8(up + k) & _mm512_cmp_pd_mask(v, best, _CMP_GE_OQ);
        best = _mm512_mask_blend_pd(take, best, v);
        best_index = _mm512_mask_blend_pd(take, best_index, lane_index);
        lane_index = _mm512_add_pd(lane_index, eight);
    }
    double best_scalar;
    ptrdiff_t index_scalar = losskit_combine8(best, best_index, &best_scalar);
    for (; k < count; k++) losskit_smo_update_one(k, g, y, up, index, row_i, row_j, a, b, &best_scalar, &index_scalar);
    *best_value = best_scalar;
    return index_scalar;
}

static ptrdiff_t losskit_smo_select_avx512(ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                                           const int32_t *index, const double *qd, const float *row_i,
                                           double g_max, double qd_i, double tau, double *g_max2) {
    const __m512d minus_inf = _mm512_set1_pd(-INFINITY), zero = _mm512_setzero_pd();
    const __m512d vg_max = _mm512_set1_pd(g_max), vqd_i = _mm512_set1_pd(qd_i), vtau = _mm512_set1_pd(tau);
    const __m512d two = _mm512_set1_pd(2), eight = _mm512_set1_pd(8);
    __m512d m2 = minus_inf, best = minus_inf, best_index = _mm512_set1_pd(-1);
    __m512d lane_index = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7);
    ptrdiff_t k = 0;
    for (; k + 8 <= count; k += 8) {
        __m512d yg = _mm512_mul_pd(_mm512_loadu_pd(y + k), _mm512_loadu_pd(g + k));
        __mmask8 member = losskit_byte_mask8(low + k);
        m2 = _mm512_mask_max_pd(m2, member, m2, yg);
        __m512d grad_diff = _mm512_add_pd(vg_max, yg);
        __mmask8 candidate = member & _mm512_cmp_pd_mask(grad_diff, zero, _CMP_GT_OQ);
        if (!candidate) {
            lane_index = _mm512_add_pd(lane_index, eight);
            continue;
        }
        __m256i idx = _mm256_loadu_si256((const __m256i *)(index + k));
        __m512d kv = _mm512_cvtps_pd(_mm256_i32gather_ps(row_i, idx, 4));
        __m512d quad = _mm512_sub_pd(_mm512_add_pd(vqd_i, _mm512_loadu_pd(qd + k)), _mm512_mul_pd(two, kv));
        quad = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(quad, zero, _CMP_GT_OQ), vtau, quad);
        __m512d ratio = _mm512_div_pd(_mm512_mul_pd(grad_diff, grad_diff), quad);
        __mmask8 take = candidate & _mm512_cmp_pd_mask(ratio, best, _CMP_GE_OQ);
        best = _mm512_mask_blend_pd(take, best, ratio);
        best_index = _mm512_mask_blend_pd(take, best_index, lane_index);
        lane_index = _mm512_add_pd(lane_index, eight);
    }
    double m2s = _mm512_reduce_max_pd(m2);
    double best_scalar;
    ptrdiff_t index_scalar = losskit_combine8(best, best_index, &best_scalar);
    for (; k < count; k++) {
        losskit_smo_select_one(k, g, y, low, index, qd, row_i, g_max, qd_i, tau, &m2s, &best_scalar, &index_scalar);
    }
    *g_max2 = m2s;
    return index_scalar;
}
#pragma clang attribute pop
#endif


ptrdiff_t losskit_smo_update(int isa, ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                             const int32_t *index, const float *row_i, const float *row_j,
                             double a, double b, double *best_value) {
#if LOSSKIT_HAVE_X86_KERNELS
    int effective = losskit_effective_isa(isa);
    if (effective >= LOSSKIT_ISA_AVX512) return losskit_smo_update_avx512(count, g, y, up, index, row_i, row_j, a, b, best_value);
    if (effective >= LOSSKIT_ISA_AVX2) return losskit_smo_update_avx2(count, g, y, up, index, row_i, row_j, a, b, best_value);
#endif
    return losskit_smo_update_portable(count, g, y, up, index, row_i, row_j, a, b, best_value);
}

ptrdiff_t losskit_smo_select(int isa, ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                             const int32_t *index, const double *qd, const float *row_i,
                             double g_max, double qd_i, double tau, double *g_max2) {
#if LOSSKIT_HAVE_X86_KERNELS
    int effective = losskit_effective_isa(isa);
    if (effective >= LOSSKIT_ISA_AVX512) return losskit_smo_select_avx512(count, g, y, low, index, qd, row_i, g_max, qd_i, tau, g_max2);
    if (effective >= LOSSKIT_ISA_AVX2) return losskit_smo_select_avx2(count, g, y, low, index, qd, row_i, g_max, qd_i, tau, g_max2);
#endif
    return losskit_smo_select_portable(count, g, y, low, index, qd, row_i, g_max, qd_i, tau, g_max2);
}
