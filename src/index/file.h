/* file.h: the envelope every index file has, and how it is written and read.
 *
 *   header  : "ACQ\x01" magic, 4-byte kind tag ("TDI\0", "DOC\0", ...),
 *             u32 format version                                  (12 bytes)
 *   body    : the kind's own bytes
 *   crcs    : u32 CRC-32 per 64 KiB chunk of header+body
 *   footer  : u64 body end offset, u32 chunk count, u32 CRC of the crcs
 *             array, u32 CRC of the footer so far, "\x01QCA"     (24 bytes)
 *
 * Why per-chunk checksums: verifying a 30 MB postings file at every open
 * would cost more than the whole cold search budget, and not verifying would
 * let a flipped bit be read as garbage. Readers verify a chunk the first
 * time anything in it is read (acq_fmap_check), once per open, so a query
 * pays only for what it touches and damage is always reported, never
 * decoded. The footer itself (and so truncation) is checked at open.
 *
 * Writing goes to "<name>.tmp"-free final names: segment files are new and
 * immutable, and only the manifest commit (manifest.c) makes them live. */
#ifndef ACQ_INDEX_FILE_H
#define ACQ_INDEX_FILE_H

#include "common/buf.h"
#include "common/error.h"
#include "index/io.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

/* Format versions a file's header may carry: 1, or up to ACQ_FILE_VERSION_MAX
 * for the kinds whose layout grew (segment/format.h says which). */
#define ACQ_FILE_VERSION 1
#define ACQ_FILE_VERSION_MAX 3
#define ACQ_FILE_HEADER 12
#define ACQ_FILE_FOOTER 24
#define ACQ_CHUNK_SHIFT 16

/* Written through io.h with a plain descriptor and our own buffer (stdio's
 * would be a second copy, and would hide writes from io.h's layers). */
typedef struct acq_fwriter {
    int fd;
    char *path;               /* NULL when nothing is open */
    uint64_t offset;          /* bytes written so far */
    uint32_t chunk_crc;       /* running CRC of the current chunk */
    uint32_t *crcs;
    size_t ncrcs, crcs_cap;
    acq_buf buf;              /* write buffer */
    int in_memory;            /* acq_fwriter_open_memory's: buf holds it all */
    int scratch;              /* acq_fwriter_scratch's: not fsynced */
} acq_fwriter;

/* Creates path (truncating) and writes the header. On failure nothing is
 * left open or on disk (acq_fwriter_abort is then a no-op). */
int acq_fwriter_open(acq_fwriter *w, const char *path, const char kind[4], acq_err *err);
/* The same, with another format version in the header. */
int acq_fwriter_open_version(acq_fwriter *w, const char *path, const char kind[4], uint8_t version,
                             acq_err *err);
int acq_fwriter_write(acq_fwriter *w, const void *p, size_t n, acq_err *err);
static inline uint64_t acq_fwriter_tell(const acq_fwriter *w) { return w->offset; }
/* Marks an open file as scratch: read back by this process and removed
 * before any commit names it (the builder's runs), so its finish does not
 * fsync. */
static inline void acq_fwriter_scratch(acq_fwriter *w) { w->scratch = 1; }
/* Writes checksums and footer, fsyncs (unless scratch) and closes. */
int acq_fwriter_finish(acq_fwriter *w, acq_err *err);
/* Closes and removes a file that is not finished (error paths); does
 * nothing for a writer whose open failed. */
void acq_fwriter_abort(acq_fwriter *w);
/* A writer of bytes into memory (w->buf, acq_fwriter_tell of them), for
 * a part of a file written beside the rest and copied into the file
 * later: no header, no checksums, no descriptor. acq_fwriter_abort frees
 * it; acq_fwriter_rewind empties it for reuse. */
void acq_fwriter_open_memory(acq_fwriter *w);
void acq_fwriter_rewind(acq_fwriter *w);

typedef struct acq_fmap {
    const uint8_t *data;      /* the whole file, mmapped */
    size_t size;
    uint64_t body_end;        /* header + body length */
    const uint8_t *crcs;      /* chunk CRCs (little endian u32) */
    uint32_t nchunks;
    _Atomic uint8_t *verified;/* per chunk: 0 unknown, 1 good, 2 bad */
    char *path;
    uint8_t version;          /* format version from the header */
} acq_fmap;

/* Maps path, checks magic, kind, version and footer. */
int acq_fmap_open(acq_fmap *m, const char *path, const char kind[4], acq_err *err);
void acq_fmap_close(acq_fmap *m);
/* Checks that [off, off+len) lies inside the body and that the chunks it
 * covers match their checksums; thread-safe. */
int acq_fmap_check(acq_fmap *m, uint64_t off, uint64_t len, acq_err *err);
/* Drops the mapped pages from this process's resident set (they stay in the
 * page cache): a merge reading gigabytes calls it as it goes, so that its
 * memory stays flat. Reading again just maps them back. */
void acq_fmap_release(acq_fmap *m);
/* Verifies every chunk (for `acquis check` and merges). */
int acq_fmap_check_all(acq_fmap *m, acq_err *err);

/* Little-endian loads and stores. */
static inline uint32_t acq_load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void acq_store_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}
static inline uint64_t acq_load_u64(const uint8_t *p)
{
    return (uint64_t)acq_load_u32(p) | (uint64_t)acq_load_u32(p + 4) << 32;
}

/* fsyncs a directory so that a rename or a new file in it is durable
 * (through io.h). */
int acq_fsync_dir(const char *dir, acq_err *err);

#endif
