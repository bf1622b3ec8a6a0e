// The two O(active set) loops of an SMO step for support-vector regression
// (Sources/LossKitModels/SupportVector/SMOSolver.swift), over variables in
// the solver's current order: variable t reads column index[t] of a kernel
// row (single precision, as libsvm caches it), y[t] = ±1.
//
// Both return what a scalar loop that keeps the last of equal maxima returns,
// so the AVX2 variant (gathers, four variables at a time, lane-wise maxima
// combined at the end) picks exactly the indices the portable one picks.
// The AVX2 + FMA code is compiled with a function attribute only and called
// only when the CPU reports AVX2 and FMA.
#include "CLossKitKernels.h"
#include "kernels_internal.h"
#include <math.h>

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
#endif

static int losskit_smo_use_avx2(int isa) {
#if LOSSKIT_HAVE_X86_KERNELS
    int best = losskit_best_isa();
    int effective = (isa < 0 || isa > best) ? best : isa;
    return effective >= LOSSKIT_ISA_AVX2;
#else
    (void)isa;
    return 0;
#endif
}

ptrdiff_t losskit_smo_update(int isa, ptrdiff_t count, double *g, const double *y, const unsigned char *up,
                             const int32_t *index, const float *row_i, const float *row_j,
                             double a, double b, double *best_value) {
#if LOSSKIT_HAVE_X86_KERNELS
    if (losskit_smo_use_avx2(isa)) return losskit_smo_update_avx2(count, g, y, up, index, row_i, row_j, a, b, best_value);
#endif
    return losskit_smo_update_portable(count, g, y, up, index, row_i, row_j, a, b, best_value);
}

ptrdiff_t losskit_smo_select(int isa, ptrdiff_t count, const double *g, const double *y, const unsigned char *low,
                             const int32_t *index, const double *qd, const float *row_i,
                             double g_max, double qd_i, double tau, double *g_max2) {
#if LOSSKIT_HAVE_X86_KERNELS
    if (losskit_smo_use_avx2(isa)) return losskit_smo_select_avx2(count, g, y, low, index, qd, row_i, g_max, qd_i, tau, g_max2);
#endif
    return losskit_smo_select_portable(count, g, y, low, index, qd, row_i, g_max, qd_i, tau, g_max2);
}
