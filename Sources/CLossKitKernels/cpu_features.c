#include "CLossKitKernels.h"

int losskit_cpu_features(void) {
    int flags = 0;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) flags |= 1;
    if (__builtin_cpu_supports("avx512f")) flags |= 2;
#endif
    return flags;
}

#if defined(_WIN32)
int losskit_cpu_count(void) { return 1; }
#else
#include <unistd.h>
int losskit_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
#endif
