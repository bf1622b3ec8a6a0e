// The blocked SGEMM driver shared by every instruction set (BLIS/Goto layout,
// the float twin of dgemm_template.h) and its fused bias + activation epilogue.
//
// Included by one .c file per ISA after it defines:
//   LK_MR, LK_NR          micro-tile rows and columns
//   LK_MC, LK_KC, LK_NC   cache blocks (rows of A, depth, columns of B)
//   LK_NAME(x)            x suffixed with the ISA name
//   LK_SFMA(x, y, z)      x·y + z rounded as the micro-kernel's store rounds it
//   static void LK_NAME(smicro)(ptrdiff_t kc, const float *pa, const float *pb,
//                               float *c, ptrdiff_t ldc, float alpha, float beta)
//       C[0..<MR, 0..<NR] ← LK_SFMA(alpha, Σ_l pa[l·MR + i]·pb[l·NR + j], beta·C)
//       (alpha·Σ alone when beta == 0: C is not read), the sum accumulated in
//       l order with one fused multiply-add per depth step
//       (not needed with LK_HAVE_SMICRO_FUSED, below, which replaces it);
// and optionally LK_HAVE_STRANSPOSE (x86): LK_NAME(stranspose8) and
// LK_NAME(stranspose4) that pack 8 or 4 source columns into rows;
// LK_HAVE_SMICRO_FUSED: LK_NAME(smicro_fused)(…, brow, bcol, relu) that adds
// the bias (per row: brow[0..<MR]; per column: bcol[0..<NR]; or none) and
// applies relu in registers before the store, and LK_NAME(smicro_edge)(…, mr,
// nr, brow, bcol, relu) that does the same for an edge tile straight into C
// (masked), with smicro's arithmetic entry for entry.
//
// op(A) is packed in MR-row micro-panels (pa[l*MR + i]), op(B) in NR-column
// micro-panels (pb[l*NR + j]); edges are zero-padded and their tiles computed
// into a scratch tile (or masked, see above), then stored with the same arithmetic as a full tile, so
// an entry's bits do not depend on where it lies in C (callers may split C into
// blocks over threads). alpha is applied to the finished sum, not while packing.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// Packs `w` ≤ `width` source columns of `kc` contiguous values each
/// (src + j·ld) into rows of `width`: dst[l·width + j] = src[j·ld + l], the
/// columns w..<width zero.
static void LK_NAME(spack_columns)(const float *src, ptrdiff_t ld, ptrdiff_t w, ptrdiff_t kc,
                                   float *restrict dst, ptrdiff_t width) {
    ptrdiff_t j = 0;
#ifdef LK_HAVE_STRANSPOSE
    for (; j + 8 <= w; j += 8) LK_NAME(stranspose8)(src + j * ld, ld, kc, dst + j, width);
    for (; j + 4 <= w; j += 4) LK_NAME(stranspose4)(src + j * ld, ld, kc, dst + j, width);
#endif
    // Strided stores: scalar (a vectorized version would scatter, which is slower).
    for (; j < w; j++) {
        const float *s = src + j * ld;
#pragma clang loop vectorize(disable)
        for (ptrdiff_t l = 0; l < kc; l++) dst[l * width + j] = s[l];
    }
    for (; j < width; j++)
        for (ptrdiff_t l = 0; l < kc; l++) dst[l * width + j] = 0.0f;
}

/// Packs `w` ≤ `width` contiguous values per depth step (src + l·ld) into rows
/// of `width`, zero-padded. Inlined with the constant `width` (MR or NR) so the
/// row copies are a few vector moves, not library calls.
static inline __attribute__((always_inline)) void
LK_NAME(spack_rows)(const float *src, ptrdiff_t ld, ptrdiff_t w, ptrdiff_t kc, float *restrict dst,
                    const ptrdiff_t width) {
    if (w == width) {
        for (ptrdiff_t l = 0; l < kc; l++) memcpy(dst + l * width, src + l * ld, sizeof(float) * (size_t)width);
        return;
    }
    for (ptrdiff_t l = 0; l < kc; l++) {
        float *d = dst + l * width;
        const float *s = src + l * ld;
        // A conditional load over the constant width (masked vector loads
        // where the ISA has them), rather than a library memcpy of w floats.
        for (ptrdiff_t i = 0; i < width; i++) d[i] = i < w ? s[i] : 0.0f;
    }
}

static void LK_NAME(spack_a)(int trans_a, const float *a, ptrdiff_t lda,
                             ptrdiff_t i0, ptrdiff_t mc, ptrdiff_t l0, ptrdiff_t kc, float *restrict pa) {
    for (ptrdiff_t ir = 0; ir < mc; ir += LK_MR) {
        ptrdiff_t mr = mc - ir < LK_MR ? mc - ir : LK_MR;
        if (!trans_a)  // op(A)[i, l] = a[i + l*lda]: MR contiguous values per l.
            LK_NAME(spack_rows)(a + (i0 + ir) + l0 * lda, lda, mr, kc, pa + ir * kc, LK_MR);
        else  // op(A)[i, l] = a[l + i*lda]: each source column holds one row of op(A).
            LK_NAME(spack_columns)(a + l0 + (i0 + ir) * lda, lda, mr, kc, pa + ir * kc, LK_MR);
    }
}

static void LK_NAME(spack_b)(int trans_b, const float *b, ptrdiff_t ldb,
                             ptrdiff_t l0, ptrdiff_t kc, ptrdiff_t j0, ptrdiff_t nc, float *restrict pb) {
    for (ptrdiff_t jr = 0; jr < nc; jr += LK_NR) {
        ptrdiff_t nr = nc - jr < LK_NR ? nc - jr : LK_NR;
        if (!trans_b)  // op(B)[l, j] = b[l + j*ldb]: each source column is one column of op(B).
            LK_NAME(spack_columns)(b + l0 + (j0 + jr) * ldb, ldb, nr, kc, pb + jr * kc, LK_NR);
        else  // op(B)[l, j] = b[j + l*ldb]: NR contiguous values per l.
            LK_NAME(spack_rows)(b + (j0 + jr) + l0 * ldb, ldb, nr, kc, pb + jr * kc, LK_NR);
    }
}

// ---- Activations (element-wise, written so the compiler vectorizes them) ----

/// e^x for x ≤ 0 (Cephes expf: Cody–Waite reduction x = n·ln2 + r, degree-7
/// polynomial, ~1 ulp). Arguments below −87.33 (and NaN) are clamped to −87.33;
/// the callers restore NaN.
static inline float LK_NAME(sexp_nonpositive)(float x) {
    x = x >= -87.33654f ? x : -87.33654f;
    float n = rintf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * (r * r) + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) * (1 << 23);
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return e * scale;
}

/// tanh z: an odd polynomial for |z| < 0.625 (Cephes tanhf), else
/// (1 − e^−2|z|) / (1 + e^−2|z|) with the sign of z.
static inline float LK_NAME(stanh)(float z) {
    float s = z * z;
    float small = ((((-5.70498872745e-3f * s + 2.06390887954e-2f) * s - 5.37397155531e-2f) * s +
                    1.33314422036e-1f) * s - 3.33332819422e-1f) * s * z + z;
    float e = LK_NAME(sexp_nonpositive)(-2.0f * fabsf(z));
    float large = copysignf((1.0f - e) / (1.0f + e), z);
    float t = fabsf(z) < 0.625f ? small : large;
    return z != z ? z : t;
}

/// 1 / (1 + e^−z), from e = e^−|z| so that neither branch overflows.
static inline float LK_NAME(slogistic)(float z) {
    float e = LK_NAME(sexp_nonpositive)(-fabsf(z));
    float d = 1.0f / (1.0f + e);
    float t = z >= 0.0f ? d : e * d;
    return z != z ? z : t;
}

// Tile columns are short (MR = 8…32 rows): one vector at a time, no
// interleaving, or the vector loop would never run and the scalar remainder
// would do all the work.
#define LK_COLUMN_LOOP _Pragma("clang loop vectorize(enable) interleave_count(1)")

/// C[0..<mr, 0..<nr] ← act(C + bias); (i0, j0) is the tile's place in C (for the bias).
static void LK_NAME(sepilogue_tile)(float *c, ptrdiff_t ldc, ptrdiff_t mr, ptrdiff_t nr,
                                    const losskit_sepilogue *ep, ptrdiff_t i0, ptrdiff_t j0) {
    int mode = ep->bias ? ep->bias_mode : LOSSKIT_BIAS_NONE;
    int act = ep->activation;
    for (ptrdiff_t j = 0; j < nr; j++) {
        float *restrict cj = c + j * ldc;
        if (mode == LOSSKIT_BIAS_ROW) {
            const float *restrict br = ep->bias + i0;
            LK_COLUMN_LOOP
            for (ptrdiff_t i = 0; i < mr; i++) cj[i] += br[i];
        } else if (mode == LOSSKIT_BIAS_COLUMN) {
            float bj = ep->bias[j0 + j];
            LK_COLUMN_LOOP
            for (ptrdiff_t i = 0; i < mr; i++) cj[i] += bj;
        }
        switch (act) {
        case LOSSKIT_ACT_RELU:
            LK_COLUMN_LOOP
            for (ptrdiff_t i = 0; i < mr; i++) cj[i] = cj[i] < 0.0f ? 0.0f : cj[i];
            break;
        case LOSSKIT_ACT_TANH:
            LK_COLUMN_LOOP
            for (ptrdiff_t i = 0; i < mr; i++) cj[i] = LK_NAME(stanh)(cj[i]);
            break;
        case LOSSKIT_ACT_LOGISTIC:
            LK_COLUMN_LOOP
            for (ptrdiff_t i = 0; i < mr; i++) cj[i] = LK_NAME(slogistic)(cj[i]);
            break;
        default:
            break;
        }
    }
}

static int LK_NAME(sepilogue_is_empty)(const losskit_sepilogue *ep) {
    if (!ep) return 1;
    int has_bias = ep->bias && (ep->bias_mode == LOSSKIT_BIAS_ROW || ep->bias_mode == LOSSKIT_BIAS_COLUMN);
    int has_act = ep->activation == LOSSKIT_ACT_RELU || ep->activation == LOSSKIT_ACT_TANH ||
                  ep->activation == LOSSKIT_ACT_LOGISTIC;
    return !has_bias && !has_act;
}

void LK_NAME(losskit_sepilogue)(LOSSKIT_SEPILOGUE_ARGS) {
    if (m <= 0 || n <= 0) return;
    int empty = LK_NAME(sepilogue_is_empty)(ep);
    for (ptrdiff_t j = 0; j < n; j++) {
        float *cj = c + j * ldc;
        if (beta == 0.0f) {
            for (ptrdiff_t i = 0; i < m; i++) cj[i] = 0.0f;
        } else if (beta != 1.0f) {
            for (ptrdiff_t i = 0; i < m; i++) cj[i] *= beta;
        }
        if (!empty) LK_NAME(sepilogue_tile)(cj, ldc, m, 1, ep, 0, j);
    }
}

void LK_NAME(losskit_sgemm_core)(LOSSKIT_SGEMM_CORE_ARGS) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0.0f) {
        LK_NAME(losskit_sepilogue)(m, n, beta, c, ldc, ep);
        return;
    }
    if (LK_NAME(sepilogue_is_empty)(ep)) ep = NULL;
    if (m < LK_MR && n >= 2 * m && k <= LK_KC && m * n <= 16384) {
        // Fewer rows than a tile (a backpropagation product such as X·dZᵀ with
        // 20 inputs): most of every tile would be padding. Compute Cᵀ =
        // op(B)ᵀ·op(A)ᵀ instead (n rows: full tiles), then store it transposed.
        // With one depth block (k ≤ KC) every entry is the same FMA chain
        // (fma is commutative) and gets the same alpha/beta store and
        // epilogue, so the bits are those of the direct route.
        float *t = malloc(sizeof(float) * (size_t)(m * n));
        if (t) {
            LK_NAME(losskit_sgemm_core)(!trans_b, !trans_a, n, m, k, 1.0f, b, ldb, a, lda, 0.0f, t, n, NULL);
            for (ptrdiff_t j = 0; j < n; j++) {
                float *cj = c + j * ldc;
                if (beta == 0.0f) {
                    for (ptrdiff_t i = 0; i < m; i++) cj[i] = alpha * t[j + i * n];
                } else {
                    for (ptrdiff_t i = 0; i < m; i++) cj[i] = LK_SFMA(alpha, t[j + i * n], beta * cj[i]);
                }
            }
            if (ep) LK_NAME(sepilogue_tile)(c, ldc, m, n, ep, 0, 0);
            free(t);
            return;
        }
    }
    ptrdiff_t kc_max = k < LK_KC ? k : LK_KC;
    ptrdiff_t mc_max = m < LK_MC ? m : LK_MC;
    ptrdiff_t nc_max = n < LK_NC ? n : LK_NC;
    mc_max = (mc_max + LK_MR - 1) / LK_MR * LK_MR;
    nc_max = (nc_max + LK_NR - 1) / LK_NR * LK_NR;
    // Both packed blocks in the thread's workspace (sizes are multiples of 16 floats).
    void *owned;
    float *pa = losskit_sgemm_workspace((size_t)(mc_max * kc_max + kc_max * nc_max), &owned);
    if (!pa) return;
    float *pb = pa + mc_max * kc_max;
#ifndef LK_HAVE_SMICRO_FUSED
    float scratch[LK_MR * LK_NR] __attribute__((aligned(64)));
#endif

    for (ptrdiff_t jc = 0; jc < n; jc += LK_NC) {
        ptrdiff_t nc = n - jc < LK_NC ? n - jc : LK_NC;
        for (ptrdiff_t pc = 0; pc < k; pc += LK_KC) {
            ptrdiff_t kc = k - pc < LK_KC ? k - pc : LK_KC;
            float bk = pc == 0 ? beta : 1.0f;
            int last = pc + kc >= k;
            LK_NAME(spack_b)(trans_b, b, ldb, pc, kc, jc, nc, pb);
            for (ptrdiff_t ic = 0; ic < m; ic += LK_MC) {
                ptrdiff_t mc = m - ic < LK_MC ? m - ic : LK_MC;
                LK_NAME(spack_a)(trans_a, a, lda, ic, mc, pc, kc, pa);
                for (ptrdiff_t jr = 0; jr < nc; jr += LK_NR) {
                    ptrdiff_t nr = nc - jr < LK_NR ? nc - jr : LK_NR;
                    const float *pbj = pb + jr * kc;
                    for (ptrdiff_t ir = 0; ir < mc; ir += LK_MR) {
                        ptrdiff_t mr = mc - ir < LK_MR ? mc - ir : LK_MR;
                        float *ct = c + (ic + ir) + (jc + jr) * ldc;
                        const float *pai = pa + ir * kc;
                        int epilogue = last && ep;
#ifdef LK_HAVE_SMICRO_FUSED
                        // Bias and relu in registers (the other activations: a pass over the tile).
                        int fused = epilogue && (ep->activation == LOSSKIT_ACT_IDENTITY || ep->activation == LOSSKIT_ACT_RELU);
                        int mode = fused && ep->bias ? ep->bias_mode : LOSSKIT_BIAS_NONE;
                        const float *brow = mode == LOSSKIT_BIAS_ROW ? ep->bias + ic + ir : NULL;
                        const float *bcol = mode == LOSSKIT_BIAS_COLUMN ? ep->bias + jc + jr : NULL;
                        int relu = fused && ep->activation == LOSSKIT_ACT_RELU;
                        if (fused) epilogue = 0;
                        if (mr == LK_MR && nr == LK_NR)
                            LK_NAME(smicro_fused)(kc, pai, pbj, ct, ldc, alpha, bk, brow, bcol, relu);
                        else
                            LK_NAME(smicro_edge)(kc, pai, pbj, ct, ldc, alpha, bk, mr, nr, brow, bcol, relu);
#else
                        if (mr == LK_MR && nr == LK_NR) {
                            LK_NAME(smicro)(kc, pai, pbj, ct, ldc, alpha, bk);
                        } else {
                            LK_NAME(smicro)(kc, pai, pbj, scratch, LK_MR, 1.0f, 0.0f);
                            for (ptrdiff_t j = 0; j < nr; j++) {
                                float *cj = ct + j * ldc;
                                const float *sj = scratch + j * LK_MR;
                                if (bk == 0.0f) {
                                    for (ptrdiff_t i = 0; i < mr; i++) cj[i] = alpha * sj[i];
                                } else {
                                    for (ptrdiff_t i = 0; i < mr; i++) cj[i] = LK_SFMA(alpha, sj[i], bk * cj[i]);
                                }
                            }
                        }
#endif
                        if (epilogue) LK_NAME(sepilogue_tile)(ct, ldc, mr, nr, ep, ic + ir, jc + jr);
                    }
                }
            }
        }
    }
    free(owned);
}
