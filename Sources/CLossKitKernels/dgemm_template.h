// The blocked GEMM driver shared by every instruction set (BLIS/Goto layout).
//
// Included by one .c file per ISA after it defines:
//   LK_MR, LK_NR          micro-tile rows and columns
//   LK_MC, LK_KC, LK_NC   cache blocks (rows of A, depth, columns of B)
//   LK_NAME(x)            x suffixed with the ISA name
//   static void LK_NAME(micro)(ptrdiff_t kc, const double *pa, const double *pb,
//                              double *c, ptrdiff_t ldc)
//       C[0..<MR, 0..<NR] += packed A micro-panel · packed B micro-panel
//
// op(A) is packed in MR-row micro-panels (pa[l*MR + i]), scaled by alpha;
// op(B) in NR-column micro-panels (pb[l*NR + j]); edges are zero-padded and
// their tiles computed into a scratch tile, then added.
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static double *LK_NAME(aligned_buffer)(size_t count, void **raw) {
    *raw = malloc(count * sizeof(double) + 64);
    if (!*raw) return NULL;
    uintptr_t p = ((uintptr_t)*raw + 63) & ~(uintptr_t)63;
    return (double *)p;
}

static void LK_NAME(pack_a)(int trans_a, const double *a, ptrdiff_t lda,
                            ptrdiff_t i0, ptrdiff_t mc, ptrdiff_t l0, ptrdiff_t kc,
                            double alpha, double *restrict pa) {
    for (ptrdiff_t ir = 0; ir < mc; ir += LK_MR) {
        ptrdiff_t mr = mc - ir < LK_MR ? mc - ir : LK_MR;
        double *dst = pa + ir * kc;
        if (!trans_a) {
            // op(A)[i, l] = a[i + l*lda]: MR contiguous values per l.
            for (ptrdiff_t l = 0; l < kc; l++) {
                const double *src = a + (i0 + ir) + (l0 + l) * lda;
                double *d = dst + l * LK_MR;
                ptrdiff_t i = 0;
                for (; i < mr; i++) d[i] = alpha * src[i];
                for (; i < LK_MR; i++) d[i] = 0.0;
            }
        } else {
            // op(A)[i, l] = a[l + i*lda]: read each source column contiguously.
#ifdef LK_HAVE_TRANSPOSE8
            if (mr == LK_MR && LK_MR % 8 == 0) {
                for (ptrdiff_t g = 0; g < LK_MR; g += 8)
                    LK_NAME(transpose8)(a + l0 + (i0 + ir + g) * lda, lda, kc, dst + g, LK_MR, alpha);
                continue;
            }
#endif
            // Strided stores: scalar (a vectorized version would scatter, which is slower).
            for (ptrdiff_t i = 0; i < mr; i++) {
                const double *src = a + l0 + (i0 + ir + i) * lda;
#pragma clang loop vectorize(disable)
                for (ptrdiff_t l = 0; l < kc; l++) dst[l * LK_MR + i] = alpha * src[l];
            }
            for (ptrdiff_t i = mr; i < LK_MR; i++)
                for (ptrdiff_t l = 0; l < kc; l++) dst[l * LK_MR + i] = 0.0;
        }
    }
}

static void LK_NAME(pack_b)(int trans_b, const double *b, ptrdiff_t ldb,
                            ptrdiff_t l0, ptrdiff_t kc, ptrdiff_t j0, ptrdiff_t nc,
                            double *restrict pb) {
    for (ptrdiff_t jr = 0; jr < nc; jr += LK_NR) {
        ptrdiff_t nr = nc - jr < LK_NR ? nc - jr : LK_NR;
        double *dst = pb + jr * kc;
        if (!trans_b) {
            // op(B)[l, j] = b[l + j*ldb]: read each source column contiguously.
#ifdef LK_HAVE_TRANSPOSE8
            if (nr == LK_NR && LK_NR == 8) {
                LK_NAME(transpose8)(b + l0 + (j0 + jr) * ldb, ldb, kc, dst, LK_NR, 1.0);
                continue;
            }
#endif
            // Strided stores: scalar (a vectorized version would scatter, which is slower).
            for (ptrdiff_t j = 0; j < nr; j++) {
                const double *src = b + l0 + (j0 + jr + j) * ldb;
#pragma clang loop vectorize(disable)
                for (ptrdiff_t l = 0; l < kc; l++) dst[l * LK_NR + j] = src[l];
            }
            for (ptrdiff_t j = nr; j < LK_NR; j++)
                for (ptrdiff_t l = 0; l < kc; l++) dst[l * LK_NR + j] = 0.0;
        } else {
            // op(B)[l, j] = b[j + l*ldb]: NR contiguous values per l.
            for (ptrdiff_t l = 0; l < kc; l++) {
                const double *src = b + (j0 + jr) + (l0 + l) * ldb;
                double *d = dst + l * LK_NR;
                ptrdiff_t j = 0;
                for (; j < nr; j++) d[j] = src[j];
                for (; j < LK_NR; j++) d[j] = 0.0;
            }
        }
    }
}

void LK_NAME(losskit_dgemm_core)(LOSSKIT_GEMM_CORE_ARGS) {
    if (m <= 0 || n <= 0 || k <= 0 || alpha == 0.0) return;
    ptrdiff_t kc_max = k < LK_KC ? k : LK_KC;
    ptrdiff_t mc_max = m < LK_MC ? m : LK_MC;
    ptrdiff_t nc_max = n < LK_NC ? n : LK_NC;
    mc_max = (mc_max + LK_MR - 1) / LK_MR * LK_MR;
    nc_max = (nc_max + LK_NR - 1) / LK_NR * LK_NR;
    void *raw_a, *raw_b;
    double *pa = LK_NAME(aligned_buffer)((size_t)(mc_max * kc_max), &raw_a);
    double *pb = LK_NAME(aligned_buffer)((size_t)(kc_max * nc_max), &raw_b);
    if (!pa || !pb) { free(raw_a); free(raw_b); return; }
    double scratch[LK_MR * LK_NR] __attribute__((aligned(64)));

    for (ptrdiff_t jc = 0; jc < n; jc += LK_NC) {
        ptrdiff_t nc = n - jc < LK_NC ? n - jc : LK_NC;
        for (ptrdiff_t pc = 0; pc < k; pc += LK_KC) {
            ptrdiff_t kc = k - pc < LK_KC ? k - pc : LK_KC;
            LK_NAME(pack_b)(trans_b, b, ldb, pc, kc, jc, nc, pb);
            ptrdiff_t ic0 = 0;
            if (lower_only) ic0 = jc / LK_MC * LK_MC;  // blocks wholly above the diagonal
            for (ptrdiff_t ic = ic0; ic < m; ic += LK_MC) {
                ptrdiff_t mc = m - ic < LK_MC ? m - ic : LK_MC;
                LK_NAME(pack_a)(trans_a, a, lda, ic, mc, pc, kc, alpha, pa);
                for (ptrdiff_t jr = 0; jr < nc; jr += LK_NR) {
                    ptrdiff_t nr = nc - jr < LK_NR ? nc - jr : LK_NR;
                    const double *pbj = pb + jr * kc;
                    for (ptrdiff_t ir = 0; ir < mc; ir += LK_MR) {
                        ptrdiff_t mr = mc - ir < LK_MR ? mc - ir : LK_MR;
                        if (lower_only && ic + ir + mr <= jc + jr) continue;  // strictly upper tile
                        double *ct = c + (ic + ir) + (jc + jr) * ldc;
                        const double *pai = pa + ir * kc;
                        if (mr == LK_MR && nr == LK_NR) {
                            LK_NAME(micro)(kc, pai, pbj, ct, ldc);
                        } else {
                            memset(scratch, 0, sizeof scratch);
                            LK_NAME(micro)(kc, pai, pbj, scratch, LK_MR);
                            for (ptrdiff_t j = 0; j < nr; j++)
                                for (ptrdiff_t i = 0; i < mr; i++) ct[i + j * ldc] += scratch[i + j * LK_MR];
                        }
                    }
                }
            }
        }
    }
    free(raw_a);
    free(raw_b);
}
