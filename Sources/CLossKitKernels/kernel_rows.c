// Kernel-row entries of a support-vector model, fused: for the training rows
// x_j stored as panels of eight (see CLossKitKernels.h), the dot products
// x_j · v, the kernel function and the rounding to single precision (the
// precision libsvm caches Q in), written straight into the cache row.
//
// Every entry is computed by the same sequence of IEEE operations whatever the
// instruction set (portable, AVX2 + FMA, AVX-512F) and wherever the row lies in
// a panel: the dot product is Σ_k fma(x_jk, v_k, ·) in the order k = 0…p−1, and
// the RBF's exp is losskit_exp_double below (explicit fused multiply-adds). So
// a cache row is bit-identical however it was split over threads, which rows
// were packed with it, and which instruction set ran.
//
// The AVX2 and AVX-512 variants are compiled with function attributes only and
// called only when the CPU reports them (losskit_best_isa).
#include "CLossKitKernels.h"
#include "kernels_internal.h"
#include <math.h>
#include <string.h>

#pragma clang fp contract(off)

#define LOSSKIT_PANEL 8

// exp(t) as in fastExp (SupportVectorKernel.swift): t clamped to [−708, 709],
// t = k·ln2 + r with |r| ≤ ln2/2 (k by the 1.5·2⁵² shifter), a degree-12
// Taylor polynomial in r by Horner with FMAs, 2^k from the exponent bits.
static const double losskit_exp_lo = -708.0, losskit_exp_hi = 709.0;
static const double losskit_exp_shifter = 6755399441055744.0;
static const double losskit_exp_log2e = 1.4426950408889634;
static const double losskit_exp_ln2hi = 0.693147180369123816490;
static const double losskit_exp_ln2lo = 1.90821492927058770002e-10;
static const double losskit_exp_c[13] = {
    1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040,
    1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};

static inline double losskit_exp_scalar(double t) {
    double x = t < losskit_exp_lo ? losskit_exp_lo : t;
    x = x > losskit_exp_hi ? losskit_exp_hi : x;
    double shifted = fma(x, losskit_exp_log2e, losskit_exp_shifter);
    double k = shifted - losskit_exp_shifter;
    double r = fma(-k, losskit_exp_ln2hi, x);
    r = fma(-k, losskit_exp_ln2lo, r);
    double p = losskit_exp_c[0];
    for (int c = 1; c < 13; c++) p = fma(p, r, losskit_exp_c[c]);
    uint64_t bits;
    memcpy(&bits, &shifted, 8);
    bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, 8);
    return p * scale;
}

double losskit_exp_double(double t) { return losskit_exp_scalar(t); }

static inline double losskit_powi(double base, int exponent) {
    double result = 1, square = base;
    for (int e = exponent; e > 0; e >>= 1) {
        if (e & 1) result *= square;
        square *= square;
    }
    return result;
}

// The kernel function of one dot product (the non-RBF kinds, scalar).
static inline double losskit_kernel_of_dot(int kind, double dot, double gamma, double coef0, int degree) {
    switch (kind) {
    case LOSSKIT_KERNEL_POLY: return losskit_powi(gamma * dot + coef0, degree);
    case LOSSKIT_KERNEL_SIGMOID: return tanh(gamma * dot + coef0);
    default: return dot;
    }
}

static inline double losskit_rbf_argument(double gamma, double v_norm, double norm, double dot) {
    double s = v_norm + norm;
    s = s - 2 * dot;
    return -gamma * s;
}

// One entry k(x_j, v), x_j being lane `lane` of its panel (stride LOSSKIT_PANEL):
// the scalar route every instruction set's kernel matches bit for bit.
static inline double losskit_kernel_entry(int kind, const double *lane, ptrdiff_t p, const double *v, double v_norm,
                                          double norm, double gamma, double coef0, int degree) {
    double dot = 0;
    for (ptrdiff_t k = 0; k < p; k++) dot = fma(lane[k * LOSSKIT_PANEL], v[k], dot);
    return kind == LOSSKIT_KERNEL_RBF ? losskit_exp_scalar(losskit_rbf_argument(gamma, v_norm, norm, dot))
                                      : losskit_kernel_of_dot(kind, dot, gamma, coef0, degree);
}

// The non-RBF kernel function applied in place to `count` dot products.
static inline void losskit_kernel_of_dots(int kind, double *dots, int count, double gamma, double coef0, int degree) {
    for (int lane = 0; lane < count; lane++) dots[lane] = losskit_kernel_of_dot(kind, dots[lane], gamma, coef0, degree);
}

static inline void losskit_put(float *out, const int32_t *scatter, ptrdiff_t j, float value) {
    if (scatter) out[scatter[j]] = value; else out[j] = value;
}

static void losskit_kernel_panels_portable(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                           const double *norms, const double *v, double v_norm, double gamma,
                                           double coef0, int degree, const int32_t *scatter, float *out) {
    for (ptrdiff_t j = 0; j < count; j++) {
        const double *lane = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL + j % LOSSKIT_PANEL;
        losskit_put(out, scatter, j, (float)losskit_kernel_entry(kind, lane, p, v, v_norm, norms[j], gamma, coef0, degree));
    }
}

// Σ_j w_j k(x_j, v): lane j % 8 of eight accumulators takes fma(w_j, k_j, ·)
// in the order of j; the eight are then added in lane order.
static double losskit_lane_total(const double *acc) {
    double total = 0;
    for (int lane = 0; lane < LOSSKIT_PANEL; lane++) total += acc[lane];
    return total;
}

static double losskit_kernel_panels_sum_portable(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                                 const double *norms, const double *v, double v_norm, double gamma,
                                                 double coef0, int degree, const double *weights) {
    double acc[LOSSKIT_PANEL] = {0};
    for (ptrdiff_t j = 0; j < count; j++) {
        const double *lane = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL + j % LOSSKIT_PANEL;
        double value = losskit_kernel_entry(kind, lane, p, v, v_norm, norms[j], gamma, coef0, degree);
        acc[j % LOSSKIT_PANEL] = fma(weights[j], value, acc[j % LOSSKIT_PANEL]);
    }
    return losskit_lane_total(acc);
}

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static inline __m256d losskit_exp_avx2(__m256d t) {
    __m256d x = _mm256_min_pd(_mm256_set1_pd(losskit_exp_hi), _mm256_max_pd(_mm256_set1_pd(losskit_exp_lo), t));
    const __m256d shifter = _mm256_set1_pd(losskit_exp_shifter);
    __m256d shifted = _mm256_fmadd_pd(x, _mm256_set1_pd(losskit_exp_log2e), shifter);
    __m256d k = _mm256_sub_pd(shifted, shifter);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(losskit_exp_ln2hi), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(losskit_exp_ln2lo), r);
    __m256d poly = _mm256_set1_pd(losskit_exp_c[0]);
    for (int c = 1; c < 13; c++) poly = _mm256_fmadd_pd(poly, r, _mm256_set1_pd(losskit_exp_c[c]));
    __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_castpd_si256(shifted), _mm256_set1_epi64x(1023)), 52);
    return _mm256_mul_pd(poly, _mm256_castsi256_pd(bits));
}

// The eight dot products of one panel with v, as two vectors of four.
static inline void losskit_panel_dots_avx2(const double *panel, ptrdiff_t p, const double *v, __m256d *lo, __m256d *hi) {
    __m256d d0 = _mm256_setzero_pd(), d1 = _mm256_setzero_pd();
    for (ptrdiff_t k = 0; k < p; k++) {
        __m256d w = _mm256_broadcast_sd(v + k);
        d0 = _mm256_fmadd_pd(_mm256_loadu_pd(panel + k * LOSSKIT_PANEL), w, d0);
        d1 = _mm256_fmadd_pd(_mm256_loadu_pd(panel + k * LOSSKIT_PANEL + 4), w, d1);
    }
    *lo = d0;
    *hi = d1;
}

static void losskit_kernel_panels_avx2(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                       const double *norms, const double *v, double v_norm, double gamma,
                                       double coef0, int degree, const int32_t *scatter, float *out) {
    const __m256d vg = _mm256_set1_pd(-gamma), vnorm = _mm256_set1_pd(v_norm), two = _mm256_set1_pd(2);
    for (ptrdiff_t j = 0; j < count; j += LOSSKIT_PANEL) {
        __m256d d0, d1;
        losskit_panel_dots_avx2(panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL, p, v, &d0, &d1);
        ptrdiff_t valid = count - j < LOSSKIT_PANEL ? count - j : LOSSKIT_PANEL;
        float values[LOSSKIT_PANEL];
        if (kind == LOSSKIT_KERNEL_RBF) {
            double nv[LOSSKIT_PANEL] = {0};
            memcpy(nv, norms + j, (size_t)valid * sizeof(double));
            __m256d s0 = _mm256_sub_pd(_mm256_add_pd(vnorm, _mm256_loadu_pd(nv)), _mm256_mul_pd(two, d0));
            __m256d s1 = _mm256_sub_pd(_mm256_add_pd(vnorm, _mm256_loadu_pd(nv + 4)), _mm256_mul_pd(two, d1));
            _mm_storeu_ps(values, _mm256_cvtpd_ps(losskit_exp_avx2(_mm256_mul_pd(vg, s0))));
            _mm_storeu_ps(values + 4, _mm256_cvtpd_ps(losskit_exp_avx2(_mm256_mul_pd(vg, s1))));
        } else {
            double dots[LOSSKIT_PANEL];
            _mm256_storeu_pd(dots, d0);
            _mm256_storeu_pd(dots + 4, d1);
            for (int lane = 0; lane < LOSSKIT_PANEL; lane++) values[lane] = (float)losskit_kernel_of_dot(kind, dots[lane], gamma, coef0, degree);
        }
        if (!scatter && valid == LOSSKIT_PANEL) {
            memcpy(out + j, values, sizeof values);
        } else {
            for (ptrdiff_t lane = 0; lane < valid; lane++) losskit_put(out, scatter, j + lane, values[lane]);
        }
    }
}
static double losskit_kernel_panels_sum_avx2(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                             const double *norms, const double *v, double v_norm, double gamma,
                                             double coef0, int degree, const double *weights) {
    const __m256d vg = _mm256_set1_pd(-gamma), vnorm = _mm256_set1_pd(v_norm), two = _mm256_set1_pd(2);
    __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
    ptrdiff_t full = count / LOSSKIT_PANEL * LOSSKIT_PANEL;
    for (ptrdiff_t j = 0; j < full; j += LOSSKIT_PANEL) {
        __m256d d0, d1;
        losskit_panel_dots_avx2(panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL, p, v, &d0, &d1);
        __m256d k0, k1;
        if (kind == LOSSKIT_KERNEL_RBF) {
            k0 = losskit_exp_avx2(_mm256_mul_pd(vg, _mm256_sub_pd(_mm256_add_pd(vnorm, _mm256_loadu_pd(norms + j)), _mm256_mul_pd(two, d0))));
            k1 = losskit_exp_avx2(_mm256_mul_pd(vg, _mm256_sub_pd(_mm256_add_pd(vnorm, _mm256_loadu_pd(norms + j + 4)), _mm256_mul_pd(two, d1))));
        } else {
            double dots[LOSSKIT_PANEL];
            _mm256_storeu_pd(dots, d0);
            _mm256_storeu_pd(dots + 4, d1);
            losskit_kernel_of_dots(kind, dots, LOSSKIT_PANEL, gamma, coef0, degree);
            k0 = _mm256_loadu_pd(dots);
            k1 = _mm256_loadu_pd(dots + 4);
        }
        acc0 = _mm256_fmadd_pd(_mm256_loadu_pd(weights + j), k0, acc0);
        acc1 = _mm256_fmadd_pd(_mm256_loadu_pd(weights + j + 4), k1, acc1);
    }
    double lanes[LOSSKIT_PANEL];
    _mm256_storeu_pd(lanes, acc0);
    _mm256_storeu_pd(lanes + 4, acc1);
    if (full < count) {
        // The last, partial panel: the same operations, lane by lane.
        const double *a = panels + (full / LOSSKIT_PANEL) * p * LOSSKIT_PANEL;
        for (ptrdiff_t lane = 0; lane < count - full; lane++) {
            double value = losskit_kernel_entry(kind, a + lane, p, v, v_norm, norms[full + lane], gamma, coef0, degree);
            lanes[lane] = fma(weights[full + lane], value, lanes[lane]);
        }
    }
    return losskit_lane_total(lanes);
}
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
static inline __m512d losskit_exp_avx512(__m512d t) {
    __m512d x = _mm512_min_pd(_mm512_set1_pd(losskit_exp_hi), _mm512_max_pd(_mm512_set1_pd(losskit_exp_lo), t));
    const __m512d shifter = _mm512_set1_pd(losskit_exp_shifter);
    __m512d shifted = _mm512_fmadd_pd(x, _mm512_set1_pd(losskit_exp_log2e), shifter);
    __m512d k = _mm512_sub_pd(shifted, shifter);
    __m512d r = _mm512_fnmadd_pd(k, _mm512_set1_pd(losskit_exp_ln2hi), x);
    r = _mm512_fnmadd_pd(k, _mm512_set1_pd(losskit_exp_ln2lo), r);
    __m512d poly = _mm512_set1_pd(losskit_exp_c[0]);
    for (int c = 1; c < 13; c++) poly = _mm512_fmadd_pd(poly, r, _mm512_set1_pd(losskit_exp_c[c]));
    __m512i bits = _mm512_slli_epi64(_mm512_add_epi64(_mm512_castpd_si512(shifted), _mm512_set1_epi64(1023)), 52);
    return _mm512_mul_pd(poly, _mm512_castsi512_pd(bits));
}

static void losskit_kernel_panels_avx512(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                         const double *norms, const double *v, double v_norm, double gamma,
                                         double coef0, int degree, const int32_t *scatter, float *out) {
    const __m512d vg = _mm512_set1_pd(-gamma), vnorm = _mm512_set1_pd(v_norm), two = _mm512_set1_pd(2);
    ptrdiff_t j = 0;
    // Two panels at a time: two independent FMA chains hide the latency.
    for (; j + 2 * LOSSKIT_PANEL <= count; j += 2 * LOSSKIT_PANEL) {
        const double *a = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL, *b = a + p * LOSSKIT_PANEL;
        __m512d d0 = _mm512_setzero_pd(), d1 = _mm512_setzero_pd();
        for (ptrdiff_t k = 0; k < p; k++) {
            __m512d w = _mm512_set1_pd(v[k]);
            d0 = _mm512_fmadd_pd(_mm512_loadu_pd(a + k * LOSSKIT_PANEL), w, d0);
            d1 = _mm512_fmadd_pd(_mm512_loadu_pd(b + k * LOSSKIT_PANEL), w, d1);
        }
        if (kind == LOSSKIT_KERNEL_RBF) {
            __m512d s0 = _mm512_sub_pd(_mm512_add_pd(vnorm, _mm512_loadu_pd(norms + j)), _mm512_mul_pd(two, d0));
            __m512d s1 = _mm512_sub_pd(_mm512_add_pd(vnorm, _mm512_loadu_pd(norms + j + LOSSKIT_PANEL)), _mm512_mul_pd(two, d1));
            __m256 f0 = _mm512_cvtpd_ps(losskit_exp_avx512(_mm512_mul_pd(vg, s0)));
            __m256 f1 = _mm512_cvtpd_ps(losskit_exp_avx512(_mm512_mul_pd(vg, s1)));
            if (scatter) {
                float values[2 * LOSSKIT_PANEL];
                _mm256_storeu_ps(values, f0);
                _mm256_storeu_ps(values + LOSSKIT_PANEL, f1);
                for (int lane = 0; lane < 2 * LOSSKIT_PANEL; lane++) out[scatter[j + lane]] = values[lane];
            } else {
                _mm256_storeu_ps(out + j, f0);
                _mm256_storeu_ps(out + j + LOSSKIT_PANEL, f1);
            }
        } else {
            double dots[2 * LOSSKIT_PANEL];
            _mm512_storeu_pd(dots, d0);
            _mm512_storeu_pd(dots + LOSSKIT_PANEL, d1);
            for (int lane = 0; lane < 2 * LOSSKIT_PANEL; lane++) {
                losskit_put(out, scatter, j + lane, (float)losskit_kernel_of_dot(kind, dots[lane], gamma, coef0, degree));
            }
        }
    }
    for (; j < count; j += LOSSKIT_PANEL) {
        const double *a = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL;
        __m512d d0 = _mm512_setzero_pd();
        for (ptrdiff_t k = 0; k < p; k++) d0 = _mm512_fmadd_pd(_mm512_loadu_pd(a + k * LOSSKIT_PANEL), _mm512_set1_pd(v[k]), d0);
        ptrdiff_t valid = count - j < LOSSKIT_PANEL ? count - j : LOSSKIT_PANEL;
        float values[LOSSKIT_PANEL];
        if (kind == LOSSKIT_KERNEL_RBF) {
            double nv[LOSSKIT_PANEL] = {0};
            memcpy(nv, norms + j, (size_t)valid * sizeof(double));
            __m512d s0 = _mm512_sub_pd(_mm512_add_pd(vnorm, _mm512_loadu_pd(nv)), _mm512_mul_pd(two, d0));
            _mm256_storeu_ps(values, _mm512_cvtpd_ps(losskit_exp_avx512(_mm512_mul_pd(vg, s0))));
        } else {
            double dots[LOSSKIT_PANEL];
            _mm512_storeu_pd(dots, d0);
            for (int lane = 0; lane < LOSSKIT_PANEL; lane++) values[lane] = (float)losskit_kernel_of_dot(kind, dots[lane], gamma, coef0, degree);
        }
        for (ptrdiff_t lane = 0; lane < valid; lane++) losskit_put(out, scatter, j + lane, values[lane]);
    }
}
static double losskit_kernel_panels_sum_avx512(int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                               const double *norms, const double *v, double v_norm, double gamma,
                                               double coef0, int degree, const double *weights) {
    const __m512d vg = _mm512_set1_pd(-gamma), vnorm = _mm512_set1_pd(v_norm), two = _mm512_set1_pd(2);
    __m512d acc = _mm512_setzero_pd();
    ptrdiff_t full = count / LOSSKIT_PANEL * LOSSKIT_PANEL;
    for (ptrdiff_t j = 0; j < count; j += LOSSKIT_PANEL) {
        const double *a = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL;
        __m512d d = _mm512_setzero_pd();
        for (ptrdiff_t k = 0; k < p; k++) d = _mm512_fmadd_pd(_mm512_loadu_pd(a + k * LOSSKIT_PANEL), _mm512_set1_pd(v[k]), d);
        __m512d value;
        if (kind == LOSSKIT_KERNEL_RBF) {
            __m512d nv = j < full ? _mm512_loadu_pd(norms + j) : _mm512_maskz_loadu_pd((__mmask8)((1u << (count - j)) - 1), norms + j);
            value = losskit_exp_avx512(_mm512_mul_pd(vg, _mm512_sub_pd(_mm512_add_pd(vnorm, nv), _mm512_mul_pd(two, d))));
        } else {
            double dots[LOSSKIT_PANEL];
            _mm512_storeu_pd(dots, d);
            losskit_kernel_of_dots(kind, dots, LOSSKIT_PANEL, gamma, coef0, degree);
            value = _mm512_loadu_pd(dots);
        }
        if (j < full) {
            acc = _mm512_fmadd_pd(_mm512_loadu_pd(weights + j), value, acc);
        } else {
            __mmask8 valid = (__mmask8)((1u << (count - j)) - 1);
            acc = _mm512_mask3_fmadd_pd(_mm512_maskz_loadu_pd(valid, weights + j), value, acc, valid);
        }
    }
    double lanes[LOSSKIT_PANEL];
    _mm512_storeu_pd(lanes, acc);
    return losskit_lane_total(lanes);
}
#pragma clang attribute pop
#endif

void losskit_pack_panels(ptrdiff_t count, ptrdiff_t p, const double *x, const int32_t *rows, double *panels) {
    ptrdiff_t padded = (count + LOSSKIT_PANEL - 1) / LOSSKIT_PANEL * LOSSKIT_PANEL;
    for (ptrdiff_t j = 0; j < padded; j++) {
        double *panel = panels + (j / LOSSKIT_PANEL) * p * LOSSKIT_PANEL + j % LOSSKIT_PANEL;
        if (j < count) {
            const double *row = x + (rows ? (ptrdiff_t)rows[j] : j) * p;
            for (ptrdiff_t k = 0; k < p; k++) panel[k * LOSSKIT_PANEL] = row[k];
        } else {
            for (ptrdiff_t k = 0; k < p; k++) panel[k * LOSSKIT_PANEL] = 0;
        }
    }
}

double losskit_panel_dot(ptrdiff_t p, const double *a, const double *b) {
    double dot = 0;
    for (ptrdiff_t k = 0; k < p; k++) dot = fma(a[k], b[k], dot);
    return dot;
}

void losskit_kernel_panels(int isa, int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                           const double *norms, const double *v, double v_norm, double gamma, double coef0,
                           int degree, const int32_t *scatter, float *out) {
#if LOSSKIT_HAVE_X86_KERNELS
    int effective = losskit_effective_isa(isa);
    if (effective >= LOSSKIT_ISA_AVX512) {
        losskit_kernel_panels_avx512(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, scatter, out);
        return;
    }
    if (effective >= LOSSKIT_ISA_AVX2) {
        losskit_kernel_panels_avx2(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, scatter, out);
        return;
    }
#else
    (void)isa;
#endif
    losskit_kernel_panels_portable(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, scatter, out);
}

double losskit_kernel_panels_sum(int isa, int kind, ptrdiff_t count, ptrdiff_t p, const double *panels,
                                 const double *norms, const double *v, double v_norm, double gamma, double coef0,
                                 int degree, const double *weights) {
#if LOSSKIT_HAVE_X86_KERNELS
    int effective = losskit_effective_isa(isa);
    if (effective >= LOSSKIT_ISA_AVX512) {
        return losskit_kernel_panels_sum_avx512(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, weights);
    }
    if (effective >= LOSSKIT_ISA_AVX2) {
        return losskit_kernel_panels_sum_avx2(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, weights);
    }
#else
    (void)isa;
#endif
    return losskit_kernel_panels_sum_portable(kind, count, p, panels, norms, v, v_norm, gamma, coef0, degree, weights);
}
