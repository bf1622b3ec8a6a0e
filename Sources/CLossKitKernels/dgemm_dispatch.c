// Run-time instruction-set dispatch for the dense kernels.
#include "CLossKitKernels.h"
#include "kernels_internal.h"
#include <stdlib.h>
#include <string.h>

int losskit_best_isa(void) {
    static int cached = -2;
    int isa = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (isa != -2) return isa;
    int f = losskit_cpu_features();
    if (!LOSSKIT_HAVE_X86_KERNELS) isa = LOSSKIT_ISA_PORTABLE;
    else if (f & 2) isa = LOSSKIT_ISA_AVX512;
    else if (f & 1) isa = LOSSKIT_ISA_AVX2;
    else isa = LOSSKIT_ISA_PORTABLE;
    // LOSSKIT_ISA=portable|avx2|avx512 caps the choice (for benchmarks and debugging).
    const char *cap = getenv("LOSSKIT_ISA");
    if (cap) {
        if (strcmp(cap, "portable") == 0) isa = LOSSKIT_ISA_PORTABLE;
        else if (strcmp(cap, "avx2") == 0 && isa > LOSSKIT_ISA_AVX2) isa = LOSSKIT_ISA_AVX2;
    }
    __atomic_store_n(&cached, isa, __ATOMIC_RELAXED);
    return isa;
}

typedef void (*losskit_gemm_core_fn)(LOSSKIT_GEMM_CORE_ARGS);

static losskit_gemm_core_fn losskit_core(int isa) {
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_effective_isa(isa)) {
    case LOSSKIT_ISA_AVX512: return losskit_dgemm_core_avx512;
    case LOSSKIT_ISA_AVX2: return losskit_dgemm_core_avx2;
    default: break;
    }
#else
    (void)isa;
#endif
    return losskit_dgemm_core_portable;
}

static void losskit_scale(ptrdiff_t m, ptrdiff_t n, double beta, double *c, ptrdiff_t ldc, int lower_only) {
    if (beta == 1.0) return;
    for (ptrdiff_t j = 0; j < n; j++) {
        double *cj = c + j * ldc;
        ptrdiff_t i0 = lower_only ? j : 0;
        if (beta == 0.0) {
            for (ptrdiff_t i = i0; i < m; i++) cj[i] = 0.0;
        } else {
            for (ptrdiff_t i = i0; i < m; i++) cj[i] *= beta;
        }
    }
}

void losskit_dgemm(int isa, int trans_a, int trans_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   double alpha, const double *a, ptrdiff_t lda,
                   const double *b, ptrdiff_t ldb,
                   double beta, double *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    losskit_scale(m, n, beta, c, ldc, 0);
    losskit_core(isa)(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, c, ldc, 0);
}

typedef void (*losskit_sgemm_core_fn)(LOSSKIT_SGEMM_CORE_ARGS);

static losskit_sgemm_core_fn losskit_score(int isa) {
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_effective_isa(isa)) {
    case LOSSKIT_ISA_AVX512: return losskit_sgemm_core_avx512;
    case LOSSKIT_ISA_AVX2: return losskit_sgemm_core_avx2;
    default: break;
    }
#else
    (void)isa;
#endif
    return losskit_sgemm_core_portable;
}

void losskit_sgemm(int isa, int trans_a, int trans_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   float alpha, const float *a, ptrdiff_t lda,
                   const float *b, ptrdiff_t ldb,
                   float beta, float *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    losskit_score(isa)(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, NULL);
}

void losskit_sgemm_bias_act(int isa, int trans_a, int trans_b,
                            ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            float alpha, const float *a, ptrdiff_t lda,
                            const float *b, ptrdiff_t ldb,
                            float beta, float *c, ptrdiff_t ldc,
                            int bias_mode, const float *bias, int activation) {
    if (m <= 0 || n <= 0) return;
    losskit_sepilogue ep = {bias_mode, bias, activation};
    losskit_score(isa)(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &ep);
}

/// Lower triangle of C ← alpha·op(A)·op(A)ᵀ + beta·C; op(A) = Aᵀ when `transposed`.
static void losskit_syrk_lower(int isa, int transposed, ptrdiff_t n, ptrdiff_t k,
                               double alpha, const double *a, ptrdiff_t lda,
                               double beta, double *c, ptrdiff_t ldc) {
    if (n <= 0) return;
    losskit_scale(n, n, beta, c, ldc, 1);
#if LOSSKIT_HAVE_X86_KERNELS
    if (transposed && alpha == 1.0 && losskit_effective_isa(isa) == LOSSKIT_ISA_AVX512) {
        losskit_dsyrk_core_avx512(n, k, a, lda, c, ldc);
        return;
    }
#endif
    losskit_core(isa)(transposed, !transposed, n, n, k, alpha, a, lda, a, lda, c, ldc, 1);
}

void losskit_dsyrk_lower_t(int isa, ptrdiff_t n, ptrdiff_t k,
                           double alpha, const double *a, ptrdiff_t lda,
                           double beta, double *c, ptrdiff_t ldc) {
    losskit_syrk_lower(isa, 1, n, k, alpha, a, lda, beta, c, ldc);
}

void losskit_dsyrk_lower_n(int isa, ptrdiff_t n, ptrdiff_t k,
                           double alpha, const double *a, ptrdiff_t lda,
                           double beta, double *c, ptrdiff_t ldc) {
    losskit_syrk_lower(isa, 0, n, k, alpha, a, lda, beta, c, ldc);
}

void losskit_qr_dense(int isa, ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau) {
    if (m <= 0 || n <= 0) return;
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_effective_isa(isa)) {
    case LOSSKIT_ISA_AVX512: losskit_qr_dense_avx512(m, n, a, lda, tau); return;
    case LOSSKIT_ISA_AVX2: losskit_qr_dense_avx2(m, n, a, lda, tau); return;
    default: break;
    }
#endif
    losskit_qr_dense_portable(m, n, a, lda, tau);
}

void losskit_qr_stacked(int isa, ptrdiff_t n, double *r, ptrdiff_t ldr,
                        ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau) {
    if (n <= 0) return;
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_effective_isa(isa)) {
    case LOSSKIT_ISA_AVX512: losskit_qr_stacked_avx512(n, r, ldr, rows, x, ldx, tau); return;
    case LOSSKIT_ISA_AVX2: losskit_qr_stacked_avx2(n, r, ldr, rows, x, ldx, tau); return;
    default: break;
    }
#endif
    losskit_qr_stacked_portable(n, r, ldr, rows, x, ldx, tau);
}

void losskit_dd_axpy(int isa, ptrdiff_t m, const double *col, double beta, double *hi, double *lo) {
    if (m <= 0) return;
#if LOSSKIT_HAVE_X86_KERNELS
    switch (losskit_effective_isa(isa)) {
    case LOSSKIT_ISA_AVX512: losskit_dd_axpy_avx512(m, col, beta, hi, lo); return;
    case LOSSKIT_ISA_AVX2: losskit_dd_axpy_avx2(m, col, beta, hi, lo); return;
    default: break;
    }
#endif
    losskit_dd_axpy_portable(m, col, beta, hi, lo);
}
