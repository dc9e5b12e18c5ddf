/* support.h: helpers shared by the Criterion tests: temporary directories,
 * running the acquis command line, reading files. */
#ifndef ACQ_TEST_SUPPORT_H
#define ACQ_TEST_SUPPORT_H

#include <stddef.h>

/* Creates a fresh directory under $TMPDIR; the caller frees the string. */
char *test_tmpdir(void);
/* Removes a directory tree (best effort). */
void test_rmrf(const char *path);
/* Runs a shell command, captures stdout into *out (caller frees) and returns
 * the exit status (or -1). */
int test_run(const char *cmd, char **out);
/* Writes a string to a file; returns 0 on success. */
int test_write_file(const char *path, const char *content);
/* Reads a whole file (caller frees), or NULL. */
char *test_read_file(const char *path, size_t *len);
/* 1 if the path exists. */
int test_exists(const char *path);

#endif
