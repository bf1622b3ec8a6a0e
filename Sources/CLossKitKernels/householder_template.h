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

/// Panel width of the blocked QR: reflectors are applied to the trailing
/// columns nb at a time as one block reflector I − Y·T·Yᵀ (two GEMMs).
#define LK_QR_NB 48

/// The nb × nb upper triangular T of the block reflector (LAPACK dlarft,
/// forward, columnwise) from the Gram matrix G = YᵀY (strict upper part used).
static void LK_NAME(larft)(ptrdiff_t jb, const double *tau, const double *g, double *t) {
    for (ptrdiff_t i = 0; i < jb; i++) {
        for (ptrdiff_t p = 0; p < LK_QR_NB; p++) t[p + i * LK_QR_NB] = 0.0;
        t[i + i * LK_QR_NB] = tau[i];
        if (tau[i] == 0.0) continue;
        // T[0..<i, i] = −τᵢ · T[0..<i, 0..<i] · G[0..<i, i]
        for (ptrdiff_t p = 0; p < i; p++) {
            double s = 0.0;
            for (ptrdiff_t q = p; q < i; q++) s += t[p + q * LK_QR_NB] * g[q + i * LK_QR_NB];
            t[p + i * LK_QR_NB] = -tau[i] * s;
        }
    }
}

/// W ← Tᵀ·W for the jb × nt block W (leading dimension LK_QR_NB), T upper
/// triangular (zeros below): one small GEMM into `scratch`, copied back.
static void LK_NAME(trmm_tw)(ptrdiff_t jb, ptrdiff_t nt, const double *t, double *w, double *scratch) {
    memset(scratch, 0, sizeof(double) * (size_t)nt * LK_QR_NB);
    LK_NAME(losskit_dgemm_core)(1, 0, jb, nt, jb, 1.0, t, LK_QR_NB, w, LK_QR_NB, scratch, LK_QR_NB, 0);
    memcpy(w, scratch, sizeof(double) * (size_t)nt * LK_QR_NB);
}

void LK_NAME(losskit_qr_dense)(ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau) {
    ptrdiff_t k = m < n ? m : n;
    double *y = NULL, *w = NULL;
    double t[LK_QR_NB * LK_QR_NB], g[LK_QR_NB * LK_QR_NB];
    if (k > LK_QR_NB && n > LK_QR_NB) {
        y = malloc(sizeof(double) * (size_t)m * LK_QR_NB);
        w = malloc(sizeof(double) * (size_t)n * LK_QR_NB * 2);
        if (!y || !w) { free(y); free(w); y = w = NULL; }
    }
    for (ptrdiff_t j0 = 0; j0 < k; j0 += LK_QR_NB) {
        ptrdiff_t jb = k - j0 < LK_QR_NB ? k - j0 : LK_QR_NB;
        // Without the buffers (small or failed allocation) the panel spans every column: unblocked.
        ptrdiff_t panel_end = y ? j0 + jb : n;
        for (ptrdiff_t j = j0; j < j0 + jb; j++) {
            double *x = a + (j + 1) + j * lda;
            ptrdiff_t len = m - j - 1;
            tau[j] = LK_NAME(reflector)(a + j + j * lda, len, x);
            LK_NAME(apply_trailing)(j, panel_end, tau[j], a + j, lda, len, x, a + (j + 1), lda);
        }
        ptrdiff_t nt = n - j0 - jb, rows = m - j0;
        if (!y || nt <= 0) continue;
        // Y: the panel's reflectors with their unit diagonal and zeros above, rows j0..<m.
        for (ptrdiff_t i = 0; i < jb; i++) {
            double *yi = y + i * rows;
            const double *ai = a + j0 + (j0 + i) * lda;
            for (ptrdiff_t r = 0; r < i; r++) yi[r] = 0.0;
            yi[i] = 1.0;
            for (ptrdiff_t r = i + 1; r < rows; r++) yi[r] = ai[r];
        }
        for (ptrdiff_t i = 0; i < jb; i++)
            for (ptrdiff_t p = 0; p < i; p++) g[p + i * LK_QR_NB] = LK_NAME(dot)(rows - i, y + i + p * rows, y + i + i * rows);
        LK_NAME(larft)(jb, tau + j0, g, t);
        // Trailing columns C = A[j0..<m, j0+jb..<n]:  W = YᵀC;  W = TᵀW;  C −= Y·W.
        double *c = a + j0 + (j0 + jb) * lda;
        memset(w, 0, sizeof(double) * (size_t)nt * LK_QR_NB);
        LK_NAME(losskit_dgemm_core)(1, 0, jb, nt, rows, 1.0, y, rows, c, lda, w, LK_QR_NB, 0);
        LK_NAME(trmm_tw)(jb, nt, t, w, w + (size_t)n * LK_QR_NB);
        LK_NAME(losskit_dgemm_core)(0, 0, rows, nt, jb, -1.0, y, rows, w, LK_QR_NB, c, lda, 0);
    }
    free(y);
    free(w);
}

void LK_NAME(losskit_qr_stacked)(ptrdiff_t n, double *r, ptrdiff_t ldr,
                                 ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau) {
    double *w = NULL;
    double t[LK_QR_NB * LK_QR_NB], g[LK_QR_NB * LK_QR_NB];
    if (n > LK_QR_NB) w = malloc(sizeof(double) * (size_t)n * LK_QR_NB * 2);
    for (ptrdiff_t j0 = 0; j0 < n; j0 += LK_QR_NB) {
        ptrdiff_t jb = n - j0 < LK_QR_NB ? n - j0 : LK_QR_NB;
        ptrdiff_t panel_end = w ? j0 + jb : n;
        for (ptrdiff_t j = j0; j < j0 + jb; j++) {
            double *xj = x + j * ldx;
            tau[j] = LK_NAME(reflector)(r + j + j * ldr, rows, xj);
            LK_NAME(apply_trailing)(j, panel_end, tau[j], r + j, ldr, rows, xj, x, ldx);
        }
        ptrdiff_t nt = n - j0 - jb;
        if (!w || nt <= 0) continue;
        // Y = [E; V]: E selects rows j0..<j0+jb of R (distinct unit vectors), V = X[:, j0..<j0+jb].
        // So YᵀY = I + VᵀV, and YᵀC = R[j0..<j0+jb, trailing] + VᵀX_trailing.
        const double *v = x + j0 * ldx;
        for (ptrdiff_t i = 0; i < jb; i++)
            for (ptrdiff_t p = 0; p < i; p++) g[p + i * LK_QR_NB] = LK_NAME(dot)(rows, v + p * ldx, v + i * ldx);
        LK_NAME(larft)(jb, tau + j0, g, t);
        double *xt = x + (j0 + jb) * ldx;
        for (ptrdiff_t c = 0; c < nt; c++)
            for (ptrdiff_t i = 0; i < jb; i++) w[i + c * LK_QR_NB] = r[(j0 + i) + (j0 + jb + c) * ldr];
        LK_NAME(losskit_dgemm_core)(1, 0, jb, nt, rows, 1.0, v, ldx, xt, ldx, w, LK_QR_NB, 0);
        LK_NAME(trmm_tw)(jb, nt, t, w, w + (size_t)n * LK_QR_NB);
        for (ptrdiff_t c = 0; c < nt; c++)
            for (ptrdiff_t i = 0; i < jb; i++) r[(j0 + i) + (j0 + jb + c) * ldr] -= w[i + c * LK_QR_NB];
        LK_NAME(losskit_dgemm_core)(0, 0, rows, nt, jb, -1.0, v, ldx, w, LK_QR_NB, xt, ldx, 0);
    }
    free(w);
}
