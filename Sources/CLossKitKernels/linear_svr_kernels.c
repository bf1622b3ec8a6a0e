// The matrix-vector products of the linear SVR's primal Newton method on a
// column-major design X (n rows, leading dimension ldx), one block of rows at
// a time: the caller picks blocks small enough that the block's part of the
// output (gemv_n) or of the weights (gemv_t) stays in L1 and the block of X in
// L2, so that the two products of one pass (residuals, then the gradient from
// them) read X from memory once.
// The AVX2 + FMA variants are compiled with a function attribute only and
// called only when the CPU reports AVX2 and FMA (losskit_best_isa).
#include "CLossKitKernels.h"
#include "kernels_internal.h"

static void lsvr_gemv_n_portable(ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *w, double *r) {
    ptrdiff_t j = 0;
    for (; j + 4 <= p; j += 4) {
        const double *x0 = x + j * ldx, *x1 = x0 + ldx, *x2 = x1 + ldx, *x3 = x2 + ldx;
        double w0 = w[j], w1 = w[j + 1], w2 = w[j + 2], w3 = w[j + 3];
        for (ptrdiff_t i = 0; i < rows; i++) r[i] += ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]));
    }
    for (; j < p; j++) {
        const double *x0 = x + j * ldx;
        double w0 = w[j];
        for (ptrdiff_t i = 0; i < rows; i++) r[i] += w0 * x0[i];
    }
}

static void lsvr_gemv_t_portable(ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *a, double *out) {
    for (ptrdiff_t j = 0; j < p; j++) {
        const double *x0 = x + j * ldx;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        ptrdiff_t i = 0;
        for (; i + 4 <= rows; i += 4) {
            s0 += x0[i] * a[i]; s1 += x0[i + 1] * a[i + 1]; s2 += x0[i + 2] * a[i + 2]; s3 += x0[i + 3] * a[i + 3];
        }
        for (; i < rows; i++) s0 += x0[i] * a[i];
        out[j] += (s0 + s1) + (s2 + s3);
    }
}

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void lsvr_gemv_n_avx2(ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *w, double *r) {
    ptrdiff_t rows4 = rows & ~(ptrdiff_t)3;
    ptrdiff_t j = 0;
    for (; j + 4 <= p; j += 4) {
        const double *x0 = x + j * ldx, *x1 = x0 + ldx, *x2 = x1 + ldx, *x3 = x2 + ldx;
        __m256d w0 = _mm256_set1_pd(w[j]), w1 = _mm256_set1_pd(w[j + 1]);
        __m256d w2 = _mm256_set1_pd(w[j + 2]), w3 = _mm256_set1_pd(w[j + 3]);
        ptrdiff_t i = 0;
        for (; i < rows4; i += 4) {
            __m256d a = _mm256_mul_pd(w0, _mm256_loadu_pd(x0 + i));
            __m256d b = _mm256_mul_pd(w2, _mm256_loadu_pd(x2 + i));
            a = _mm256_fmadd_pd(w1, _mm256_loadu_pd(x1 + i), a);
            b = _mm256_fmadd_pd(w3, _mm256_loadu_pd(x3 + i), b);
            _mm256_storeu_pd(r + i, _mm256_add_pd(_mm256_loadu_pd(r + i), _mm256_add_pd(a, b)));
        }
        for (; i < rows; i++) r[i] += ((w[j] * x0[i] + w[j + 1] * x1[i]) + (w[j + 2] * x2[i] + w[j + 3] * x3[i]));
    }
    for (; j < p; j++) {
        const double *x0 = x + j * ldx;
        __m256d w0 = _mm256_set1_pd(w[j]);
        ptrdiff_t i = 0;
        for (; i < rows4; i += 4) _mm256_storeu_pd(r + i, _mm256_fmadd_pd(w0, _mm256_loadu_pd(x0 + i), _mm256_loadu_pd(r + i)));
        for (; i < rows; i++) r[i] += w[j] * x0[i];
    }
}

static inline double lsvr_hsum(__m256d v) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

static void lsvr_gemv_t_avx2(ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *a, double *out) {
    ptrdiff_t rows4 = rows & ~(ptrdiff_t)3;
    ptrdiff_t j = 0;
    for (; j + 4 <= p; j += 4) {
        const double *x0 = x + j * ldx, *x1 = x0 + ldx, *x2 = x1 + ldx, *x3 = x2 + ldx;
        __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
        for (ptrdiff_t i = 0; i < rows4; i += 4) {
            __m256d v = _mm256_loadu_pd(a + i);
            s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x0 + i), v, s0);
            s1 = _mm256_fmadd_pd(_mm256_loadu_pd(x1 + i), v, s1);
            s2 = _mm256_fmadd_pd(_mm256_loadu_pd(x2 + i), v, s2);
            s3 = _mm256_fmadd_pd(_mm256_loadu_pd(x3 + i), v, s3);
        }
        double t0 = lsvr_hsum(s0), t1 = lsvr_hsum(s1), t2 = lsvr_hsum(s2), t3 = lsvr_hsum(s3);
        for (ptrdiff_t i = rows4; i < rows; i++) {
            t0 += x0[i] * a[i]; t1 += x1[i] * a[i]; t2 += x2[i] * a[i]; t3 += x3[i] * a[i];
        }
        out[j] += t0; out[j + 1] += t1; out[j + 2] += t2; out[j + 3] += t3;
    }
    for (; j < p; j++) {
        const double *x0 = x + j * ldx;
        __m256d s0 = _mm256_setzero_pd();
        for (ptrdiff_t i = 0; i < rows4; i += 4) s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x0 + i), _mm256_loadu_pd(a + i), s0);
        double t0 = lsvr_hsum(s0);
        for (ptrdiff_t i = rows4; i < rows; i++) t0 += x0[i] * a[i];
        out[j] += t0;
    }
}
#pragma clang attribute pop
#endif

void losskit_lsvr_gemv_n(int isa, ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *w, double *r) {
    if (rows <= 0 || p <= 0) return;
#if LOSSKIT_HAVE_X86_KERNELS
    if (losskit_effective_isa(isa) >= LOSSKIT_ISA_AVX2) { lsvr_gemv_n_avx2(rows, p, x, ldx, w, r); return; }
#endif
    lsvr_gemv_n_portable(rows, p, x, ldx, w, r);
}

void losskit_lsvr_gemv_t(int isa, ptrdiff_t rows, ptrdiff_t p, const double *x, ptrdiff_t ldx, const double *a, double *out) {
    if (rows <= 0 || p <= 0) return;
#if LOSSKIT_HAVE_X86_KERNELS
    if (losskit_effective_isa(isa) >= LOSSKIT_ISA_AVX2) { lsvr_gemv_t_avx2(rows, p, x, ldx, a, out); return; }
#endif
    lsvr_gemv_t_portable(rows, p, x, ldx, a, out);
}

void losskit_lsvr_gather_rows(ptrdiff_t count, ptrdiff_t p, const double *x, ptrdiff_t ldx, const int32_t *index,
                              const double *scale, double *out, ptrdiff_t ldo) {
    for (ptrdiff_t j = 0; j < p; j++) {
        const double *column = x + j * ldx;
        double *target = out + j * ldo;
        for (ptrdiff_t t = 0; t < count; t++) target[t] = scale[t] * column[index[t]];
    }
}
