/* alloc.c: malloc wrappers with a failure-injection hook for tests. */
#include "common/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static atomic_long fail_countdown;

void acq_alloc_fail_after(long countdown) { atomic_store(&fail_countdown, countdown); }

static int injected_failure(void)
{
    if (atomic_load_explicit(&fail_countdown, memory_order_relaxed) <= 0)
        return 0;
    return atomic_fetch_sub(&fail_countdown, 1) == 1;
}

void *acq_malloc(size_t n)
{
    if (injected_failure())
        return NULL;
    return malloc(n ? n : 1);
}

void *acq_calloc(size_t count, size_t size)
{
    if (injected_failure())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *acq_realloc(void *p, size_t n)
{
    if (injected_failure())
        return NULL;
    return realloc(p, n ? n : 1);
}

int acq_grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            return -1;
        ncap *= 2;
    }
    void *p = acq_realloc(*array, ncap * size);
    if (p == NULL)
        return -1;
    *array = p;
    *cap = ncap;
    return 0;
}

char *acq_strndup(const char *s, size_t n)
{
    char *d = acq_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *acq_strdup(const char *s) { return acq_strndup(s, strlen(s)); }

void acq_free(void *p) { free(p); }

void acq_release_freed_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
