#ifndef CLOSSKIT_KERNELS_H
#define CLOSSKIT_KERNELS_H
#include <stddef.h>

/// Returns a bit set of the vector instruction sets this CPU supports and the
/// kernels use: 1 = AVX2+FMA, 2 = AVX-512F. Used for reporting in benchmarks.
int losskit_cpu_features(void);

#endif
