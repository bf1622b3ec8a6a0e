// The packing workspace of the SGEMM cores: one 64-byte-aligned buffer per
// thread, grown as needed and kept for the thread's next call (freed when the
// thread exits). Allocating it per call cost more than the product itself for
// mid-sized matrices: buffers past malloc's mmap threshold come back as fresh
// pages that fault in on every call.
#include "kernels_internal.h"
#include <stdint.h>
#include <stdlib.h>

#if defined(_WIN32)
float *losskit_sgemm_workspace(size_t floats, void **owned) {
    *owned = malloc(floats * sizeof(float) + 64);
    if (!*owned) return NULL;
    return (float *)(((uintptr_t)*owned + 63) & ~(uintptr_t)63);
}
#else
#include <pthread.h>

typedef struct {
    void *raw;
    size_t floats;
} losskit_workspace;

static pthread_key_t losskit_workspace_key;
static pthread_once_t losskit_workspace_once = PTHREAD_ONCE_INIT;

static void losskit_workspace_free(void *p) {
    losskit_workspace *w = p;
    free(w->raw);
    free(w);
}

static void losskit_workspace_init(void) { pthread_key_create(&losskit_workspace_key, losskit_workspace_free); }

float *losskit_sgemm_workspace(size_t floats, void **owned) {
    *owned = NULL;
    pthread_once(&losskit_workspace_once, losskit_workspace_init);
    losskit_workspace *w = pthread_getspecific(losskit_workspace_key);
    if (!w) {
        w = calloc(1, sizeof *w);
        if (!w || pthread_setspecific(losskit_workspace_key, w) != 0) {
            free(w);
            // No thread-local slot: a buffer for this call only.
            *owned = malloc(floats * sizeof(float) + 64);
            return *owned ? (float *)(((uintptr_t)*owned + 63) & ~(uintptr_t)63) : NULL;
        }
    }
    if (w->floats < floats) {
        void *raw = malloc(floats * sizeof(float) + 64);
        if (!raw) return NULL;
        free(w->raw);
        w->raw = raw;
        w->floats = floats;
    }
    return (float *)(((uintptr_t)w->raw + 63) & ~(uintptr_t)63);
}
#endif
