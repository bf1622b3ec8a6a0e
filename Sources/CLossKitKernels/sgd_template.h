// One pass of per-sample SGD updates (squared error, L2 shrink), generated
// once per scalar type and instruction set by sgd_kernels.c. The includer
// defines:
//   LK_T        the scalar (double or float)
//   LK_NAME(x)  the function name for this variant
//   LK_V, LK_L  the vector type and its lane count (LK_L == 0: plain C)
//   LK_ZERO(), LK_LOAD(p), LK_STORE(p, v), LK_SET1(s), LK_FMA(a, b, c) = a·b + c,
//   LK_MUL(a, b), LK_ADD(a, b), LK_SUM(v) (the lanes' sum)
//
// Each step, for row k = order[i] (x = rows + k·p):
//   r = y[k] − (w·x + b);  loss_sum += (double)(s[k]·r²/2)
//   g = (T)eta[i − start] · clamp(r, ±1e12) · s[k]
//   shrink = (T)max(0, 1 − eta·alpha)   (1 when alpha == 0)
//   w ← shrink·w + g·x (w += g·x when shrink == 1; nothing when g == 0 and
//   shrink == 1);  b += g when fit_intercept.
//
// The dot product of the next row is not taken after the update, which would
// put a whole dot product (and its reduction) between one step and the next:
// with x' the next row, w'·x' = shrink·(w·x') + g·(x·x'), and both w·x' and
// x·x' are computed while this step's g is still being worked out. So the
// chain from one step to the next is a few scalar operations, and the
// processor overlaps the vector work of neighbouring steps. The first row of
// a call takes w·x directly. Each dot product sums two vector accumulators
// over 2·L-wide chunks and one L-wide chunk, then the lanes, then adds the
// scalar tail (plain C: four partial sums).

/// a·b over p values.
static inline LK_T LK_NAME(losskit_sgd_dot)(ptrdiff_t p, const LK_T *a, const LK_T *b) {
    ptrdiff_t j = 0;
    LK_T sum = 0, tail = 0;
#if LK_L > 0
    LK_V acc0 = LK_ZERO(), acc1 = LK_ZERO();
    for (; j + 2 * LK_L <= p; j += 2 * LK_L) {
        acc0 = LK_FMA(LK_LOAD(a + j), LK_LOAD(b + j), acc0);
        acc1 = LK_FMA(LK_LOAD(a + j + LK_L), LK_LOAD(b + j + LK_L), acc1);
    }
    if (j + LK_L <= p) {
        acc0 = LK_FMA(LK_LOAD(a + j), LK_LOAD(b + j), acc0);
        j += LK_L;
    }
    sum = LK_SUM(LK_ADD(acc0, acc1));
#else
    LK_T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; j + 4 <= p; j += 4) {
        s0 += a[j] * b[j]; s1 += a[j + 1] * b[j + 1]; s2 += a[j + 2] * b[j + 2]; s3 += a[j + 3] * b[j + 3];
    }
    sum = (s0 + s1) + (s2 + s3);
#endif
    for (; j < p; j++) tail += a[j] * b[j];
    return sum + tail;
}

/// (w·c, x·c) over p values, in one sweep over c: each as LK_NAME(losskit_sgd_dot).
static inline void LK_NAME(losskit_sgd_dot2)(ptrdiff_t p, const LK_T *w, const LK_T *x, const LK_T *c, LK_T *wc, LK_T *xc) {
    ptrdiff_t j = 0;
    LK_T u = 0, v = 0, tail_u = 0, tail_v = 0;
#if LK_L > 0
    LK_V u0 = LK_ZERO(), u1 = LK_ZERO(), v0 = LK_ZERO(), v1 = LK_ZERO();
    for (; j + 2 * LK_L <= p; j += 2 * LK_L) {
        LK_V c0 = LK_LOAD(c + j), c1 = LK_LOAD(c + j + LK_L);
        u0 = LK_FMA(LK_LOAD(w + j), c0, u0);
        u1 = LK_FMA(LK_LOAD(w + j + LK_L), c1, u1);
        v0 = LK_FMA(LK_LOAD(x + j), c0, v0);
        v1 = LK_FMA(LK_LOAD(x + j + LK_L), c1, v1);
    }
    if (j + LK_L <= p) {
        LK_V c0 = LK_LOAD(c + j);
        u0 = LK_FMA(LK_LOAD(w + j), c0, u0);
        v0 = LK_FMA(LK_LOAD(x + j), c0, v0);
        j += LK_L;
    }
    u = LK_SUM(LK_ADD(u0, u1));
    v = LK_SUM(LK_ADD(v0, v1));
#else
    LK_T u0 = 0, u1 = 0, u2 = 0, u3 = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0;
    for (; j + 4 <= p; j += 4) {
        u0 += w[j] * c[j]; u1 += w[j + 1] * c[j + 1]; u2 += w[j + 2] * c[j + 2]; u3 += w[j + 3] * c[j + 3];
        v0 += x[j] * c[j]; v1 += x[j + 1] * c[j + 1]; v2 += x[j + 2] * c[j + 2]; v3 += x[j + 3] * c[j + 3];
    }
    u = (u0 + u1) + (u2 + u3);
    v = (v0 + v1) + (v2 + v3);
#endif
    for (; j < p; j++) { tail_u += w[j] * c[j]; tail_v += x[j] * c[j]; }
    *wc = u + tail_u;
    *xc = v + tail_v;
}

static double LK_NAME(losskit_sgd_pass)(ptrdiff_t p, const LK_T *rows, const LK_T *targets, const LK_T *sample_weights,
                                        const ptrdiff_t *order, ptrdiff_t start, ptrdiff_t end, ptrdiff_t total,
                                        const double *etas, double alpha, int fit_intercept, LK_T *w, LK_T *intercept) {
    if (start >= end) return 0;
    const LK_T max_slope = (LK_T)1e12;
    const ptrdiff_t row_bytes = p * (ptrdiff_t)sizeof(LK_T);
    LK_T b = *intercept;
    double loss_sum = 0;
    const LK_T *x = rows + order[start] * p;
    LK_T dot = LK_NAME(losskit_sgd_dot)(p, w, x);
    for (ptrdiff_t i = start; i < end; i++) {
        // The rows come in a random order: ask for the one LOSSKIT_SGD_AHEAD
        // ahead now (and its target and weight), so it is in cache when used.
        if (i + LOSSKIT_SGD_AHEAD < total) {
            const ptrdiff_t ahead = order[i + LOSSKIT_SGD_AHEAD];
            losskit_prefetch(rows + ahead * p, row_bytes);
            __builtin_prefetch(targets + ahead, 0, 3);
            if (sample_weights) __builtin_prefetch(sample_weights + ahead, 0, 3);
        }
        const ptrdiff_t k = order[i];
        const int has_next = i + 1 < end;
        const LK_T *next = has_next ? rows + order[i + 1] * p : x;
        LK_T wn = 0, xn = 0;
        if (has_next) LK_NAME(losskit_sgd_dot2)(p, w, x, next, &wn, &xn);
        const LK_T r = targets[k] - (dot + b);
        const LK_T sw = sample_weights ? sample_weights[k] : (LK_T)1;
        loss_sum += (double)(sw * (r * r / 2));
        const double eta = etas[i - start];
        const LK_T clipped = r < -max_slope ? -max_slope : (r > max_slope ? max_slope : r);
        const LK_T g = (LK_T)eta * clipped * sw;
        LK_T shrink = 1;
        if (alpha > 0) {
            // Never shrink through 0: a too-large ηα zeroes the weights instead.
            double s = 1 - eta * alpha;
            shrink = (LK_T)(s > 0 ? s : 0);
        }
        ptrdiff_t j = 0;
        if (shrink == 1) {
            if (g != 0) {
#if LK_L > 0
                const LK_V vg = LK_SET1(g);
                for (; j + LK_L <= p; j += LK_L) LK_STORE(w + j, LK_FMA(vg, LK_LOAD(x + j), LK_LOAD(w + j)));
#endif
                for (; j < p; j++) w[j] += g * x[j];
            }
            dot = wn + g * xn;
        } else {
#if LK_L > 0
            const LK_V vg = LK_SET1(g), vs = LK_SET1(shrink);
            for (; j + LK_L <= p; j += LK_L) LK_STORE(w + j, LK_FMA(vg, LK_LOAD(x + j), LK_MUL(vs, LK_LOAD(w + j))));
#endif
            for (; j < p; j++) w[j] = shrink * w[j] + g * x[j];
            dot = shrink * wn + g * xn;
        }
        if (fit_intercept) b += g;
        x = next;
    }
    *intercept = b;
    return loss_sum;
}
