// Householder QR building blocks shared by every instruction set.
//
// Included by one .c file per ISA (inside its target attribute region) after
// it defines LK_NAME(x). Plain C loops with several accumulators, written so
// the compiler vectorizes them for the ISA of the including file.
#include <math.h>
#include <float.h>

#define LK_ACC 16

/// ‖x‖₂ with the BLAS nrm2 safeguard: a fast sum of squares, redone with
/// scaling when it overflowed or may have underflowed.
static double LK_NAME(nrm2)(ptrdiff_t len, const double *restrict x) {
    double acc[LK_ACC] = {0};
    ptrdiff_t i = 0;
    for (; i + LK_ACC <= len; i += LK_ACC)
        for (int t = 0; t < LK_ACC; t++) acc[t] += x[i + t] * x[i + t];
    double ss = 0.0;
    for (; i < len; i++) ss += x[i] * x[i];
    for (int t = 0; t < LK_ACC; t++) ss += acc[t];
    if (ss <= DBL_MAX && ss >= 0x1p-960) return sqrt(ss);
    if (ss != ss) return ss;  // NaN
    double scale = 0.0;
    for (i = 0; i < len; i++) { double a = fabs(x[i]); if (a > scale) scale = a; }
    if (scale == 0.0 || scale > DBL_MAX) return scale;
    double s = 0.0;
    for (i = 0; i < len; i++) { double r = x[i] / scale; s += r * r; }
    return scale * sqrt(s);
}

static double LK_NAME(dot)(ptrdiff_t len, const double *restrict x, const double *restrict y) {
    double acc[LK_ACC] = {0};
    ptrdiff_t i = 0;
    for (; i + LK_ACC <= len; i += LK_ACC)
        for (int t = 0; t < LK_ACC; t++) acc[t] += x[i + t] * y[i + t];
    double s = 0.0;
    for (; i < len; i++) s += x[i] * y[i];
    for (int t = 0; t < LK_ACC; t++) s += acc[t];
    return s;
}

static void LK_NAME(axpy)(ptrdiff_t len, double a, const double *restrict x, double *restrict y) {
    for (ptrdiff_t i = 0; i < len; i++) y[i] += a * x[i];
}

static void LK_NAME(scal)(ptrdiff_t len, double a, double *restrict x) {
    for (ptrdiff_t i = 0; i < len; i++) x[i] *= a;
}

/// One reflector (LAPACK dlarfg): alpha is the pivot entry, x[0..<len] the
/// entries it annihilates. Returns tau (0 = identity), sets *alpha = beta and
/// scales x into the essential part of v.
static double LK_NAME(reflector)(double *alpha, ptrdiff_t len, double *restrict x) {
    double xnorm = LK_NAME(nrm2)(len, x);
    if (xnorm == 0.0) return 0.0;
    double a = *alpha;
    double beta = -copysign(hypot(a, xnorm), a);
    double tau = (beta - a) / beta;
    LK_NAME(scal)(len, 1.0 / (a - beta), x);
    *alpha = beta;
    return tau;
}

/// Reflector j (pivot row entries r[..] with stride ldr, vector x_j) applied to
/// the trailing columns c > j: w = r[j,c] + v·x_c; r[j,c] −= τw; x_c −= τw·v.
static void LK_NAME(apply_trailing)(ptrdiff_t j, ptrdiff_t n, double tau,
                                    double *r_row, ptrdiff_t ldr,
                                    ptrdiff_t len, const double *restrict v,
                                    double *x_first, ptrdiff_t ldx) {
    if (tau == 0.0) return;
    for (ptrdiff_t c = j + 1; c < n; c++) {
        double *xc = x_first + c * ldx;
        double w = tau * (r_row[c * ldr] + LK_NAME(dot)(len, v, xc));
        r_row[c * ldr] -= w;
        LK_NAME(axpy)(len, -w, v, xc);
    }
}

void LK_NAME(losskit_qr_dense)(ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau) {
    ptrdiff_t k = m < n ? m : n;
    for (ptrdiff_t j = 0; j < k; j++) {
        double *x = a + (j + 1) + j * lda;
        ptrdiff_t len = m - j - 1;
        tau[j] = LK_NAME(reflector)(a + j + j * lda, len, x);
        LK_NAME(apply_trailing)(j, n, tau[j], a + j, lda, len, x, a + (j + 1), lda);
    }
}

void LK_NAME(losskit_qr_stacked)(ptrdiff_t n, double *r, ptrdiff_t ldr,
                                 ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau) {
    for (ptrdiff_t j = 0; j < n; j++) {
        double *xj = x + j * ldx;
        tau[j] = LK_NAME(reflector)(r + j + j * ldr, rows, xj);
        LK_NAME(apply_trailing)(j, n, tau[j], r + j, ldr, rows, xj, x, ldx);
    }
}
