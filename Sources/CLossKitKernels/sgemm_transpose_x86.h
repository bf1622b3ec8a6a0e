// Register transposes for packing float panels (x86, AVX). Included by the
// AVX2 and AVX-512 SGEMM files inside their target attribute region, after
// LK_NAME is defined.

/// dst[l·stride + j] = src[j·ld + l] for j < 8, l < kc: 8 × 8 transposes in
/// registers (unpack, shuffle, then swap 128-bit halves).
static void LK_NAME(stranspose8)(const float *src, ptrdiff_t ld, ptrdiff_t kc, float *dst, ptrdiff_t stride) {
    ptrdiff_t l = 0;
    for (; l + 8 <= kc; l += 8) {
        __m256 r0 = _mm256_loadu_ps(src + 0 * ld + l), r1 = _mm256_loadu_ps(src + 1 * ld + l);
        __m256 r2 = _mm256_loadu_ps(src + 2 * ld + l), r3 = _mm256_loadu_ps(src + 3 * ld + l);
        __m256 r4 = _mm256_loadu_ps(src + 4 * ld + l), r5 = _mm256_loadu_ps(src + 5 * ld + l);
        __m256 r6 = _mm256_loadu_ps(src + 6 * ld + l), r7 = _mm256_loadu_ps(src + 7 * ld + l);
        __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
        __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
        __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
        __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
        // s_q: rows q (low half) and q + 4 (high half) of columns 0–3 (s0–s3) or 4–7 (s4–s7).
        __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
        __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
        __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
        __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
        __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
        __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
        __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
        __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
        float *d = dst + l * stride;
        _mm256_storeu_ps(d + 0 * stride, _mm256_permute2f128_ps(s0, s4, 0x20));
        _mm256_storeu_ps(d + 1 * stride, _mm256_permute2f128_ps(s1, s5, 0x20));
        _mm256_storeu_ps(d + 2 * stride, _mm256_permute2f128_ps(s2, s6, 0x20));
        _mm256_storeu_ps(d + 3 * stride, _mm256_permute2f128_ps(s3, s7, 0x20));
        _mm256_storeu_ps(d + 4 * stride, _mm256_permute2f128_ps(s0, s4, 0x31));
        _mm256_storeu_ps(d + 5 * stride, _mm256_permute2f128_ps(s1, s5, 0x31));
        _mm256_storeu_ps(d + 6 * stride, _mm256_permute2f128_ps(s2, s6, 0x31));
        _mm256_storeu_ps(d + 7 * stride, _mm256_permute2f128_ps(s3, s7, 0x31));
    }
    for (; l < kc; l++)
        for (ptrdiff_t j = 0; j < 8; j++) dst[l * stride + j] = src[j * ld + l];
}

/// The same for 4 columns, with 4 × 4 SSE transposes.
static void LK_NAME(stranspose4)(const float *src, ptrdiff_t ld, ptrdiff_t kc, float *dst, ptrdiff_t stride) {
    ptrdiff_t l = 0;
    for (; l + 4 <= kc; l += 4) {
        __m128 r0 = _mm_loadu_ps(src + 0 * ld + l), r1 = _mm_loadu_ps(src + 1 * ld + l);
        __m128 r2 = _mm_loadu_ps(src + 2 * ld + l), r3 = _mm_loadu_ps(src + 3 * ld + l);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        float *d = dst + l * stride;
        _mm_storeu_ps(d + 0 * stride, r0);
        _mm_storeu_ps(d + 1 * stride, r1);
        _mm_storeu_ps(d + 2 * stride, r2);
        _mm_storeu_ps(d + 3 * stride, r3);
    }
    for (; l < kc; l++)
        for (ptrdiff_t j = 0; j < 4; j++) dst[l * stride + j] = src[j * ld + l];
}
#define LK_HAVE_STRANSPOSE 1
