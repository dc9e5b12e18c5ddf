/* support.h: helpers shared by the Criterion tests: temporary directories,
 * running the acquis command line, reading files, finding the shared test
 * data. */
#ifndef ACQ_TEST_SUPPORT_H
#define ACQ_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* The shared test data (EUR-Lex passages, Cranfield, the seed articles), kept
 * outside the repository: $ACQ_TEST_SHARED_DIR when set and not empty, else
 * ../shared beside the source tree (ACQ_SHARED_DIR_DEFAULT, compiled in).
 * The variable lets the suite be run as on a clone without ../shared
 * (tests/CMakeLists.txt does so): a test that needs the data skips, naming
 * what is missing. ACQ_SHARED_DIR is the folder as tests spell it; it is a
 * call, so it cannot be pasted to a string literal: use test_shared(). */
const char *test_shared_dir(void);
#define ACQ_SHARED_DIR test_shared_dir()
/* Writes the path of `rel` ("corpus/x.jsonl.gz") under the shared folder into
 * path[size] and returns 1 if it exists, 0 if not (then path names what is
 * missing, for cr_skip_test). */
int test_shared(char *path, size_t size, const char *rel);

/* Creates a fresh directory under $TMPDIR; the caller frees the string. */
char *test_tmpdir(void);
/* A fresh copy of the repository's folder rel (e.g. tests/data/index-doc-v1)
 * in a directory made as test_tmpdir's; NULL if the copy failed. The caller
 * removes and frees it. */
char *test_copy_of(const char *rel);
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

/* Each file of dir but the write lock, as "name:size:hash" lines in name
 * order (caller frees), or NULL if a file cannot be read: two directories
 * compared byte for byte. */
char *test_dir_state(const char *dir);

/* The number of documents that match query in the index in dir (the
 * search's total), or UINT64_MAX after printing why the index or the
 * search failed. */
uint64_t test_total(const char *dir, const char *query);

/* xorshift64*: a seeded sequence, so that every run tests the same values
 * (seed 0 counts as 1). */
void test_rng_seed(uint64_t seed);
uint64_t test_rng(void);

#endif
