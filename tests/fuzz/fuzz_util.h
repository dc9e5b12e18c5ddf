/* fuzz_util.h: what the fuzz harnesses, their replay driver and the
 * regression tests share: scratch directories, whole files, a reader that
 * takes bytes off the front of a fuzz input, generated documents (written
 * here, never copied from ../shared), building a small index from them, and
 * resealing an index file (its per-chunk CRCs and footer, index/file.h) after
 * a mutation so that the reader's decoders, not its checksums, meet it.
 *
 * Failures while setting up (no scratch space, a writer error on the
 * harness's own documents) abort through fz_die, as do broken promises
 * that the harnesses check beyond "no crash". */
#ifndef ACQ_FUZZ_UTIL_H
#define ACQ_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "acquis.h"

/* libFuzzer's entry points, which every harness defines (the replay in the
 * test suite renames them per harness with macros). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz: <message>" and aborts: a setup failure, or a promise of the
 * API that a harness found broken (libFuzzer keeps that input as a crash). */
void fz_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Caps this process's address space (3 GiB) so that an allocation of
 * gigabytes asked for by damaged input fails as ENOMEM, which the harnesses
 * refuse, as libFuzzer's -malloc_limit_mb makes it a crash; replays call
 * it. Does nothing under AddressSanitizer, whose shadow memory needs more. */
void fz_limit_memory(void);

/* Runs one(data, size) on the file at path, or on every regular file of the
 * folder at path (sorted by name, not recursive). Returns the number of
 * inputs run, or -1 if path does not exist. */
long fz_replay(const char *path, int (*one)(const uint8_t *, size_t));

/* A fresh directory for scratch files: under $ACQ_FUZZ_TMPDIR if set, else
 * /dev/shm (memory: a harness writes and fsyncs files at every input), else
 * $TMPDIR, else /tmp. */
char *fz_tmpdir(const char *tag);
/* Removes a directory tree (no symbolic links followed). */
void fz_rmrf(const char *path);
/* Writes / reads a whole file: 0 or -1. fz_read's buffer is malloc'd. */
int fz_write(const char *path, const void *data, size_t n);
uint8_t *fz_read(const char *path, size_t *n);

/* Bytes taken off the front of an input; past its end, zeros. */
typedef struct fz_in {
    const uint8_t *p;
    size_t n;
} fz_in;
uint8_t fz_u8(fz_in *in);
uint16_t fz_u16(fz_in *in);
uint32_t fz_u32(fz_in *in);
/* Up to want bytes (fewer at the end): returns how many, *out points at them. */
size_t fz_take(fz_in *in, size_t want, const uint8_t **out);

/* Generated document number i: an id "doc-<i>", a title, a text of words
 * from a small legal vocabulary (some accented, some citations such as
 * 2016/794), a date, a type, a language and a CELEX number. Fields point
 * into *scratch (reused by the next call). */
typedef struct fz_docbuf {
    char id[32], title[128], text[2048], date[16], type[8], lang[4], celex[16];
} fz_docbuf;
void fz_make_doc(int i, acq_document *d, fz_docbuf *scratch);

/* Builds an index in dir: documents first..first+count-1 per commit, one
 * commit per entry of counts[], so that each commit makes one segment; then
 * deletes the ids in del_ids (NULL-terminated list) and commits. Aborts on
 * failure. */
void fz_build_index(const char *dir, const int *counts, size_t ncommits, const char *const *del_ids);

/* Ingests input (a file or folder: acq_ingest_path) into a writer over
 * index_dir (its first commit replacing the index there), checking what
 * ingest promises of each document (a non-empty id, every present field
 * valid UTF-8, ptr and length agreeing) and that the writer takes it or
 * refuses it as ACQ_EINPUT. If commit, commits, then finds the first
 * documents again by id through acq_search_query. Aborts on a broken
 * promise; returns the number of documents ingest delivered. */
uint64_t fz_ingest(const char *input, const char *index_dir, int commit);
/* The same with acq_ingest_options.passages (acts whole or split) and, with
 * ahead, read ahead on a thread with citations found there (acquis index). */
uint64_t fz_ingest_opts(const char *input, const char *index_dir, int commit, int passages, int ahead);

/* An index file is header + body, then per-64 KiB-chunk CRCs and a footer.
 * Given buf holding header + body (body_end bytes) and room for the rest
 * (fz_sealed_size), writes the CRCs and footer after it; returns the total
 * size. */
size_t fz_sealed_size(size_t body_end);
size_t fz_reseal(uint8_t *buf, size_t body_end);
/* body_end of a well-formed file (its footer's), or 0 if it is not one. */
size_t fz_body_end(const uint8_t *buf, size_t n);
/* MANIFEST: recomputes the "crc XXXXXXXX" last line over the text before
 * it (replacing the old line, or appending one). buf must have 16 bytes of
 * room past n; returns the new length. */
size_t fz_reseal_manifest(char *buf, size_t n);

#endif
