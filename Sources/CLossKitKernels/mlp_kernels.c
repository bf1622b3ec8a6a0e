// Element-wise passes of the neural network's backward pass (float and
// double): the relu derivative mask and the bias gradient (row sums). Each is
// one branch-free loop the compiler vectorizes; the AVX2 variant (compiled
// with a function attribute only, called only when the CPU reports AVX2 and
// FMA) is the same source at a wider vector. Neither loop multiplies, so no
// contraction into FMA can occur: every ISA gives the same bits.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

#define LK_RELU_BACKWARD(T, name)                                                            \
    static inline __attribute__((always_inline)) void name(ptrdiff_t n, T *restrict g,       \
                                                           const T *restrict a) {            \
        for (ptrdiff_t i = 0; i < n; i++) g[i] = a[i] > (T)0 ? g[i] : (T)0;                  \
    }
#define LK_ROW_SUMS(T, name)                                                                  \
    static inline __attribute__((always_inline)) void name(ptrdiff_t m, ptrdiff_t n,          \
                                                           const T *restrict x, ptrdiff_t ldx, \
                                                           T *restrict out) {                 \
        for (ptrdiff_t i = 0; i < m; i++) out[i] = (T)0;                                      \
        for (ptrdiff_t j = 0; j < n; j++) {                                                   \
            const T *restrict xj = x + j * ldx;                                               \
            for (ptrdiff_t i = 0; i < m; i++) out[i] += xj[i];                                \
        }                                                                                     \
    }

LK_RELU_BACKWARD(float, srelu_backward_body)
LK_RELU_BACKWARD(double, drelu_backward_body)
LK_ROW_SUMS(float, srow_sums_body)
LK_ROW_SUMS(double, drow_sums_body)

#if LOSSKIT_HAVE_X86_KERNELS
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void srelu_backward_avx2(ptrdiff_t n, float *g, const float *a) { srelu_backward_body(n, g, a); }
static void drelu_backward_avx2(ptrdiff_t n, double *g, const double *a) { drelu_backward_body(n, g, a); }
static void srow_sums_avx2(ptrdiff_t m, ptrdiff_t n, const float *x, ptrdiff_t ldx, float *out) {
    srow_sums_body(m, n, x, ldx, out);
}
static void drow_sums_avx2(ptrdiff_t m, ptrdiff_t n, const double *x, ptrdiff_t ldx, double *out) {
    drow_sums_body(m, n, x, ldx, out);
}
#pragma clang attribute pop

#define LK_DISPATCH(isa, wide_call, portable_call)            \
    do {                                                      \
        if (losskit_effective_isa(isa) >= LOSSKIT_ISA_AVX2) { \
            wide_call;                                        \
        } else {                                              \
            portable_call;                                    \
        }                                                     \
    } while (0)
#else
#define LK_DISPATCH(isa, wide_call, portable_call) \
    do {                                           \
        (void)(isa);                               \
        portable_call;                             \
    } while (0)
#endif

void losskit_srelu_backward(int isa, ptrdiff_t n, float *g, const float *a) {
    LK_DISPATCH(isa, srelu_backward_avx2(n, g, a), srelu_backward_body(n, g, a));
}

void losskit_drelu_backward(int isa, ptrdiff_t n, double *g, const double *a) {
    LK_DISPATCH(isa, drelu_backward_avx2(n, g, a), drelu_backward_body(n, g, a));
}

void losskit_srow_sums(int isa, ptrdiff_t m, ptrdiff_t n, const float *x, ptrdiff_t ldx, float *out) {
    LK_DISPATCH(isa, srow_sums_avx2(m, n, x, ldx, out), srow_sums_body(m, n, x, ldx, out));
}

void losskit_drow_sums(int isa, ptrdiff_t m, ptrdiff_t n, const double *x, ptrdiff_t ldx, double *out) {
    LK_DISPATCH(isa, drow_sums_avx2(m, n, x, ldx, out), drow_sums_body(m, n, x, ldx, out));
}
