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

/// Reflector j (pivot-row entries r_row[c·ldr], vector v) applied to the
/// columns c0 ≤ c < c1: w = r[j,c] + v·x_c; r[j,c] −= τw; x_c −= τw·v.
static void LK_NAME(apply_range)(ptrdiff_t c0, ptrdiff_t c1, double tau,
                                 double *r_row, ptrdiff_t ldr,
                                 ptrdiff_t len, const double *restrict v,
                                 double *x_first, ptrdiff_t ldx) {
    if (tau == 0.0) return;
    for (ptrdiff_t c = c0; c < c1; c++) {
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

/// Panels narrower than this are factored column by column.
#define LK_QR_LEAF 12

// ---- Dense QR: Y has a unit diagonal and zeros above it (rows j0..<m). ----

/// Y (copied, with the implicit unit diagonal and zeros above) and T for the
/// reflectors j0..<j0+jb.
static void LK_NAME(dense_yt)(ptrdiff_t j0, ptrdiff_t jb, ptrdiff_t m, const double *a, ptrdiff_t lda,
                              const double *tau, double *y, double *t) {
    ptrdiff_t rows = m - j0;
    double g[LK_QR_NB * LK_QR_NB];
    for (ptrdiff_t i = 0; i < jb; i++) {
        double *yi = y + i * rows;
        const double *ai = a + j0 + (j0 + i) * lda;
        for (ptrdiff_t q = 0; q < i; q++) yi[q] = 0.0;
        yi[i] = 1.0;
        for (ptrdiff_t q = i + 1; q < rows; q++) yi[q] = ai[q];
    }
    // G = YᵀY by one small GEMM (only its strict upper triangle is used).
    memset(g, 0, sizeof g);
    LK_NAME(losskit_dgemm_core)(1, 0, jb, jb, rows, 1.0, y, rows, y, rows, g, LK_QR_NB, 0);
    LK_NAME(larft)(jb, tau + j0, g, t);
}

/// Columns c0..<c1, rows j0..<m:  W = YᵀC;  W = TᵀW;  C −= Y·W.
static void LK_NAME(dense_apply)(ptrdiff_t j0, ptrdiff_t jb, ptrdiff_t c0, ptrdiff_t c1, ptrdiff_t m,
                                 double *a, ptrdiff_t lda, const double *y, const double *t,
                                 double *w, double *scratch) {
    ptrdiff_t rows = m - j0, nt = c1 - c0;
    double *c = a + j0 + c0 * lda;
    memset(w, 0, sizeof(double) * (size_t)nt * LK_QR_NB);
    LK_NAME(losskit_dgemm_core)(1, 0, jb, nt, rows, 1.0, y, rows, c, lda, w, LK_QR_NB, 0);
    LK_NAME(trmm_tw)(jb, nt, t, w, scratch);
    LK_NAME(losskit_dgemm_core)(0, 0, rows, nt, jb, -1.0, y, rows, w, LK_QR_NB, c, lda, 0);
}

/// Factors columns j0..<j0+jb (touching no other column) by recursive halving:
/// left half, its block reflector applied to the right half, right half.
static void LK_NAME(dense_panel)(ptrdiff_t j0, ptrdiff_t jb, ptrdiff_t m, double *a, ptrdiff_t lda,
                                 double *tau, double *y) {
    if (jb <= LK_QR_LEAF) {
        for (ptrdiff_t j = j0; j < j0 + jb; j++) {
            double *x = a + (j + 1) + j * lda;
            ptrdiff_t len = m - j - 1;
            tau[j] = LK_NAME(reflector)(a + j + j * lda, len, x);
            LK_NAME(apply_range)(j + 1, j0 + jb, tau[j], a + j, lda, len, x, a + (j + 1), lda);
        }
        return;
    }
    ptrdiff_t h = jb / 2;
    double t[LK_QR_NB * LK_QR_NB], w[LK_QR_NB * LK_QR_NB / 2], scratch[LK_QR_NB * LK_QR_NB / 2];
    LK_NAME(dense_panel)(j0, h, m, a, lda, tau, y);
    LK_NAME(dense_yt)(j0, h, m, a, lda, tau, y, t);
    LK_NAME(dense_apply)(j0, h, j0 + h, j0 + jb, m, a, lda, y, t, w, scratch);
    LK_NAME(dense_panel)(j0 + h, jb - h, m, a, lda, tau, y);
}

void LK_NAME(losskit_qr_dense)(ptrdiff_t m, ptrdiff_t n, double *a, ptrdiff_t lda, double *tau) {
    ptrdiff_t k = m < n ? m : n;
    double *y = malloc(sizeof(double) * (size_t)m * LK_QR_NB);
    double *w = malloc(sizeof(double) * (size_t)n * LK_QR_NB * 2);
    if (!y || !w) {
        // Out of memory for the workspaces: the unblocked algorithm needs none.
        for (ptrdiff_t j = 0; j < k; j++) {
            double *x = a + (j + 1) + j * lda;
            tau[j] = LK_NAME(reflector)(a + j + j * lda, m - j - 1, x);
            LK_NAME(apply_range)(j + 1, n, tau[j], a + j, lda, m - j - 1, x, a + (j + 1), lda);
        }
        free(y);
        free(w);
        return;
    }
    double t[LK_QR_NB * LK_QR_NB];
    for (ptrdiff_t j0 = 0; j0 < k; j0 += LK_QR_NB) {
        ptrdiff_t jb = k - j0 < LK_QR_NB ? k - j0 : LK_QR_NB;
        LK_NAME(dense_panel)(j0, jb, m, a, lda, tau, y);
        if (j0 + jb >= n) continue;
        LK_NAME(dense_yt)(j0, jb, m, a, lda, tau, y, t);
        LK_NAME(dense_apply)(j0, jb, j0 + jb, n, m, a, lda, y, t, w, w + (size_t)n * LK_QR_NB);
    }
    free(y);
    free(w);
}

// ---- Stacked QR of [R; X]: Y = [E; V], E selecting rows of R, so YᵀY = I + VᵀV. ----

static void LK_NAME(stacked_t)(ptrdiff_t j0, ptrdiff_t jb, ptrdiff_t rows, const double *x, ptrdiff_t ldx,
                               const double *tau, double *t) {
    double g[LK_QR_NB * LK_QR_NB];
    const double *v = x + j0 * ldx;
    // G = VᵀV by one small GEMM (only its strict upper triangle is used).
    memset(g, 0, sizeof g);
    LK_NAME(losskit_dgemm_core)(1, 0, jb, jb, rows, 1.0, v, ldx, v, ldx, g, LK_QR_NB, 0);
    LK_NAME(larft)(jb, tau + j0, g, t);
}

/// Columns c0..<c1:  W = R[j0..<j0+jb, c] + VᵀX_c;  W = TᵀW;  R rows −= W;  X_c −= V·W.
static void LK_NAME(stacked_apply)(ptrdiff_t j0, ptrdiff_t jb, ptrdiff_t c0, ptrdiff_t c1,
                                   double *r, ptrdiff_t ldr, ptrdiff_t rows, double *x, ptrdiff_t ldx,
                                   const double *t, double *w, double *scratch) {
    ptrdiff_t nt = c1 - c0;
    const double *v = x + j0 * ldx;
    double *xt = x + c0 * ldx;
    for (ptrdiff_t c = 0; c < nt; c++)
        for (ptrdiff_t i = 0; i < jb; i++) w[i + c * LK_QR_NB] = r[(j0 + i) + (c0 + c) * ldr];
    LK_NAME(losskit_dgemm_core)(1, 0, jb, nt, rows, 1.0, v, ldx, xt, ldx, w, LK_QR_NB, 0);
    LK_NAME(trmm_tw)(jb, nt, t, w, scratch);
    for (ptrdiff_t c = 0; c < nt; c++)
        for (ptrdiff_t i = 0; i < jb; i++) r[(j0 + i) + (c0 + c) * ldr] -= w[i + c * LK_QR_NB];
    LK_NAME(losskit_dgemm_core)(0, 0, rows, nt, jb, -1.0, v, ldx, w, LK_QR_NB, xt, ldx, 0);
}

static void LK_NAME(stacked_panel)(ptrdiff_t j0, ptrdiff_t jb, double *r, ptrdiff_t ldr,
                                   ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau) {
    if (jb <= LK_QR_LEAF) {
        for (ptrdiff_t j = j0; j < j0 + jb; j++) {
            double *xj = x + j * ldx;
            tau[j] = LK_NAME(reflector)(r + j + j * ldr, rows, xj);
            LK_NAME(apply_range)(j + 1, j0 + jb, tau[j], r + j, ldr, rows, xj, x, ldx);
        }
        return;
    }
    ptrdiff_t h = jb / 2;
    double t[LK_QR_NB * LK_QR_NB], w[LK_QR_NB * LK_QR_NB / 2], scratch[LK_QR_NB * LK_QR_NB / 2];
    LK_NAME(stacked_panel)(j0, h, r, ldr, rows, x, ldx, tau);
    LK_NAME(stacked_t)(j0, h, rows, x, ldx, tau, t);
    LK_NAME(stacked_apply)(j0, h, j0 + h, j0 + jb, r, ldr, rows, x, ldx, t, w, scratch);
    LK_NAME(stacked_panel)(j0 + h, jb - h, r, ldr, rows, x, ldx, tau);
}

void LK_NAME(losskit_qr_stacked)(ptrdiff_t n, double *r, ptrdiff_t ldr,
                                 ptrdiff_t rows, double *x, ptrdiff_t ldx, double *tau) {
    double *w = n > LK_QR_NB ? malloc(sizeof(double) * (size_t)n * LK_QR_NB * 2) : NULL;
    if (n > LK_QR_NB && !w) {
        // Out of memory for the workspace: the unblocked algorithm needs none.
        for (ptrdiff_t j = 0; j < n; j++) {
            double *xj = x + j * ldx;
            tau[j] = LK_NAME(reflector)(r + j + j * ldr, rows, xj);
            LK_NAME(apply_range)(j + 1, n, tau[j], r + j, ldr, rows, xj, x, ldx);
        }
        return;
    }
    double t[LK_QR_NB * LK_QR_NB];
    for (ptrdiff_t j0 = 0; j0 < n; j0 += LK_QR_NB) {
        ptrdiff_t jb = n - j0 < LK_QR_NB ? n - j0 : LK_QR_NB;
        LK_NAME(stacked_panel)(j0, jb, r, ldr, rows, x, ldx, tau);
        if (j0 + jb >= n) continue;
        LK_NAME(stacked_t)(j0, jb, rows, x, ldx, tau, t);
        LK_NAME(stacked_apply)(j0, jb, j0 + jb, n, r, ldr, rows, x, ldx, t, w, w + (size_t)n * LK_QR_NB);
    }
    free(w);
}

/// One column of double-double residual accumulation: for each row i,
/// (hi[i], lo[i]) += col[i]·beta with TwoProd (one FMA) and TwoSum, the error
/// terms gathered in lo (the Dot2 scheme). Element-wise, so every instruction
/// set gives bit-identical results.
void LK_NAME(losskit_dd_axpy)(ptrdiff_t m, const double *restrict col, double beta,
                              double *restrict hi, double *restrict lo) {
    for (ptrdiff_t i = 0; i < m; i++) {
        double h = col[i] * beta;
        double r = fma(col[i], beta, -h);
        double a = hi[i];
        double s = a + h;
        double bb = s - a;
        double q = (a - (s - bb)) + (h - bb);
        hi[i] = s;
        lo[i] += q + r;
    }
}
