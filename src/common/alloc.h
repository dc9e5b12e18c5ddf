/* alloc.h: the allocator every module uses.
 *
 * Going through one place lets the tests inject allocation failures (fail
 * the Nth allocation) and check that every error path returns a code and
 * leaks nothing. Failure returns NULL like malloc; callers report ACQ_ENOMEM. */
#ifndef ACQ_COMMON_ALLOC_H
#define ACQ_COMMON_ALLOC_H

#include <stddef.h>

void *acq_malloc(size_t n);
void *acq_calloc(size_t count, size_t size);
void *acq_realloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements of `size` bytes, doubling.
 * Returns 0 on success, -1 on failure (array and capacity left unchanged). */
int acq_grow(void **array, size_t *cap, size_t need, size_t size);
char *acq_strndup(const char *s, size_t n);
char *acq_strdup(const char *s);
void acq_free(void *p);
/* Gives the pages malloc keeps after frees back to the system (glibc's
 * malloc_trim; nothing elsewhere). */
void acq_release_freed_memory(void);

/* Test hook: the countdown-th allocation from now fails (0 disables). */
void acq_alloc_fail_after(long countdown);

#endif
