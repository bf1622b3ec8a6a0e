// The per-sample kernel of SGDRegressor (Sources/LossKitModels/Training/
// SGDRegressor+Training.swift) for its default case, the squared error with an
// L2 (or no) penalty, in double and float: the dot product, the residual, the
// step and the L2 shrink fused, row after row of a shuffled order, with the
// rows a few steps ahead prefetched. Generated from sgd_template.h for each
// instruction set; the AVX2 + FMA and AVX-512 variants are compiled with
// function target attributes only and called only when the CPU reports them.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

/// How many rows ahead of its use a row is prefetched.
#define LOSSKIT_SGD_AHEAD 8

// Portable: plain C (four partial sums for the dot product).
#define LK_L 0
#define LK_T double
#define LK_NAME(x) x##_f64_portable
#include "sgd_template.h"
#undef LK_T
#undef LK_NAME
#define LK_T float
#define LK_NAME(x) x##_f32_portable
#include "sgd_template.h"
#undef LK_T
#undef LK_NAME
#undef LK_L

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static inline double losskit_sum4d(__m256d v) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
static inline float losskit_sum8f(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
#define LK_T double
#define LK_V __m256d
#define LK_L 4
#define LK_NAME(x) x##_f64_avx2
#define LK_ZERO() _mm256_setzero_pd()
#define LK_LOAD(p) _mm256_loadu_pd(p)
#define LK_STORE(p, v) _mm256_storeu_pd(p, v)
#define LK_SET1(s) _mm256_set1_pd(s)
#define LK_FMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define LK_MUL(a, b) _mm256_mul_pd(a, b)
#define LK_ADD(a, b) _mm256_add_pd(a, b)
#define LK_SUM(v) losskit_sum4d(v)
#include "sgd_template.h"
#undef LK_T
#undef LK_V
#undef LK_L
#undef LK_NAME
#undef LK_ZERO
#undef LK_LOAD
#undef LK_STORE
#undef LK_SET1
#undef LK_FMA
#undef LK_MUL
#undef LK_ADD
#undef LK_SUM
#define LK_T float
#define LK_V __m256
#define LK_L 8
#define LK_NAME(x) x##_f32_avx2
#define LK_ZERO() _mm256_setzero_ps()
#define LK_LOAD(p) _mm256_loadu_ps(p)
#define LK_STORE(p, v) _mm256_storeu_ps(p, v)
#define LK_SET1(s) _mm256_set1_ps(s)
#define LK_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define LK_MUL(a, b) _mm256_mul_ps(a, b)
#define LK_ADD(a, b) _mm256_add_ps(a, b)
#define LK_SUM(v) losskit_sum8f(v)
#include "sgd_template.h"
#undef LK_T
#undef LK_V
#undef LK_L
#undef LK_NAME
#undef LK_ZERO
#undef LK_LOAD
#undef LK_STORE
#undef LK_SET1
#undef LK_FMA
#undef LK_MUL
#undef LK_ADD
#undef LK_SUM
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define LK_T double
#define LK_V __m512d
#define LK_L 8
#define LK_NAME(x) x##_f64_avx512
#define LK_ZERO() _mm512_setzero_pd()
#define LK_LOAD(p) _mm512_loadu_pd(p)
#define LK_STORE(p, v) _mm512_storeu_pd(p, v)
#define LK_SET1(s) _mm512_set1_pd(s)
#define LK_FMA(a, b, c) _mm512_fmadd_pd(a, b, c)
#define LK_MUL(a, b) _mm512_mul_pd(a, b)
#define LK_ADD(a, b) _mm512_add_pd(a, b)
#define LK_SUM(v) _mm512_reduce_add_pd(v)
#include "sgd_template.h"
#undef LK_T
#undef LK_V
#undef LK_L
#undef LK_NAME
#undef LK_ZERO
#undef LK_LOAD
#undef LK_STORE
#undef LK_SET1
#undef LK_FMA
#undef LK_MUL
#undef LK_ADD
#undef LK_SUM
#define LK_T float
#define LK_V __m512
#define LK_L 16
#define LK_NAME(x) x##_f32_avx512
#define LK_ZERO() _mm512_setzero_ps()
#define LK_LOAD(p) _mm512_loadu_ps(p)
#define LK_STORE(p, v) _mm512_storeu_ps(p, v)
#define LK_SET1(s) _mm512_set1_ps(s)
#define LK_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define LK_MUL(a, b) _mm512_mul_ps(a, b)
#define LK_ADD(a, b) _mm512_add_ps(a, b)
#define LK_SUM(v) _mm512_reduce_add_ps(v)
#include "sgd_template.h"
#undef LK_T
#undef LK_V
#undef LK_L
#undef LK_NAME
#undef LK_ZERO
#undef LK_LOAD
#undef LK_STORE
#undef LK_SET1
#undef LK_FMA
#undef LK_MUL
#undef LK_ADD
#undef LK_SUM
#pragma clang attribute pop
#endif

/// `isa` clamped to what this CPU (and build) can run.
static int losskit_sgd_isa(int isa) {
    int best = losskit_best_isa();
    return (isa < 0 || isa > best) ? best : isa;
}

double losskit_sgd_pass_f64(int isa, ptrdiff_t p, const double *rows, const double *targets, const double *sample_weights,
                            const ptrdiff_t *order, ptrdiff_t start, ptrdiff_t end, ptrdiff_t total,
                            const double *etas, double alpha, int fit_intercept, double *w, double *intercept) {
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_sgd_isa(isa)) {
    case LOSSKIT_ISA_AVX512:
        return losskit_sgd_pass_f64_avx512(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
    case LOSSKIT_ISA_AVX2:
        return losskit_sgd_pass_f64_avx2(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
    default: break;
    }
#else
    (void)losskit_sgd_isa(isa);
#endif
    return losskit_sgd_pass_f64_portable(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
}

double losskit_sgd_pass_f32(int isa, ptrdiff_t p, const float *rows, const float *targets, const float *sample_weights,
                            const ptrdiff_t *order, ptrdiff_t start, ptrdiff_t end, ptrdiff_t total,
                            const double *etas, double alpha, int fit_intercept, float *w, float *intercept) {
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_sgd_isa(isa)) {
    case LOSSKIT_ISA_AVX512:
        return losskit_sgd_pass_f32_avx512(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
    case LOSSKIT_ISA_AVX2:
        return losskit_sgd_pass_f32_avx2(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
    default: break;
    }
#else
    (void)losskit_sgd_isa(isa);
#endif
    return losskit_sgd_pass_f32_portable(p, rows, targets, sample_weights, order, start, end, total, etas, alpha, fit_intercept, w, intercept);
}


#if defined(__linux__)
#include <sys/mman.h>
#endif

void losskit_prefault(void *address, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    const uintptr_t page = 4096;
    uintptr_t begin = ((uintptr_t)address + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)address + bytes) & ~(page - 1);
    // Older kernels answer EINVAL: the pages then fault one by one as before.
    if (end > begin) (void)madvise((void *)begin, end - begin, MADV_POPULATE_WRITE);
#else
    (void)address;
    (void)bytes;
#endif
}
