// The calling thread's floating-point mode for subnormal numbers (x86 MXCSR
// flush-to-zero and denormals-are-zero). Elsewhere the mode is not changed.
#include "CLossKitKernels.h"
#include "kernels_internal.h"

#if LOSSKIT_HAVE_X86_KERNELS
#include <immintrin.h>
#define LK_FTZ_DAZ 0x8040u /* MXCSR bit 15 (flush to zero) | bit 6 (denormals are zero) */
#endif

unsigned losskit_fp_mode_get(void) {
#if LOSSKIT_HAVE_X86_KERNELS
    return _mm_getcsr();
#else
    return 0;
#endif
}

unsigned losskit_fp_mode_set(unsigned mode) {
#if LOSSKIT_HAVE_X86_KERNELS
    unsigned old = _mm_getcsr();
    if (old != mode) _mm_setcsr(mode);
    return old;
#else
    (void)mode;
    return 0;
#endif
}

unsigned losskit_fp_mode_flush_subnormals(void) {
#if LOSSKIT_HAVE_X86_KERNELS
    unsigned old = _mm_getcsr();
    _mm_setcsr(old | LK_FTZ_DAZ);
    return old;
#else
    return 0;
#endif
}
