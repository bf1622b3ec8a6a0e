// Dot products of one vector with many contiguous rows: out[i] = x_i · v for
// the `count` rows of a row-major block (p values each). The kernel rows of
// a support-vector model are this (a matrix-vector product with a short,
// cache-resident v), then an elementwise kernel function.
// The AVX2 + FMA variant is compiled with a function attribute only and
// called only when the CPU reports AVX2 and FMA.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

static void losskit_dot_rows_portable(ptrdiff_t count, ptrdiff_t p, const double *x, const double *v, double *out) {
    ptrdiff_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const double *a0 = x + i * p, *a1 = a0 + p, *a2 = a1 + p, *a3 = a2 + p;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (ptrdiff_t k = 0; k < p; k++) {
            double w = v[k];
            s0 += a0[k] * w; s1 += a1[k] * w; s2 += a2[k] * w; s3 += a3[k] * w;
        }
        out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
    }
    for (; i < count; i++) {
        const double *a = x + i * p;
        double s = 0;
        for (ptrdiff_t k = 0; k < p; k++) s += a[k] * v[k];
        out[i] = s;
    }
}

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void losskit_dot_rows_avx2(ptrdiff_t count, ptrdiff_t p, const double *x, const double *v, double *out) {
    ptrdiff_t p4 = p & ~(ptrdiff_t)3;
    ptrdiff_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const double *a0 = x + i * p, *a1 = a0 + p, *a2 = a1 + p, *a3 = a2 + p;
        __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
        for (ptrdiff_t k = 0; k < p4; k += 4) {
            __m256d w = _mm256_loadu_pd(v + k);
            s0 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + k), w, s0);
            s1 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + k), w, s1);
            s2 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + k), w, s2);
            s3 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + k), w, s3);
        }
        __m256d h01 = _mm256_hadd_pd(s0, s1), h23 = _mm256_hadd_pd(s2, s3);
        __m256d sum = _mm256_add_pd(_mm256_permute2f128_pd(h01, h23, 0x20), _mm256_permute2f128_pd(h01, h23, 0x31));
        double r[4];
        _mm256_storeu_pd(r, sum);
        for (ptrdiff_t k = p4; k < p; k++) {
            double w = v[k];
            r[0] += a0[k] * w; r[1] += a1[k] * w; r[2] += a2[k] * w; r[3] += a3[k] * w;
        }
        out[i] = r[0]; out[i + 1] = r[1]; out[i + 2] = r[2]; out[i + 3] = r[3];
    }
    for (; i < count; i++) {
        const double *a = x + i * p;
        double s = 0;
        for (ptrdiff_t k = 0; k < p; k++) s += a[k] * v[k];
        out[i] = s;
    }
}
#pragma clang attribute pop
#endif

void losskit_dot_rows(int isa, ptrdiff_t count, ptrdiff_t p, const double *x, const double *v, double *out) {
#if LOSSKIT_HAVE_X86_KERNELS
    int best = losskit_best_isa();
    int effective = (isa < 0 || isa > best) ? best : isa;
    if (effective >= LOSSKIT_ISA_AVX2) {
        losskit_dot_rows_avx2(count, p, x, v, out);
        return;
    }
#else
    (void)isa;
#endif
    losskit_dot_rows_portable(count, p, x, v, out);
}
