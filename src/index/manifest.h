/* manifest.h: the file that names the live segments of an index.
 *
 * "MANIFEST" is a small text file (readable with cat) ending in a CRC line.
 * A commit writes MANIFEST.tmp, fsyncs it, fsyncs the directory (so that
 * the files it names have durable names before it does), renames it over
 * MANIFEST and fsyncs the directory again (so that the commit is durable
 * when the call returns): rename is atomic, so a crash at any moment leaves
 * either the old or the new commit readable, never a mix. */
#ifndef ACQ_INDEX_MANIFEST_H
#define ACQ_INDEX_MANIFEST_H

#include "common/error.h"

#include <stdint.h>

typedef struct acq_manifest_segment {
    char name[32];
    uint32_t docs;
    uint32_t delgen;      /* 0 = no deletions */
    uint32_t deleted;     /* documents marked deleted (for the merge policy;
                             0 in manifests written before it was kept) */
} acq_manifest_segment;

typedef struct acq_manifest {
    uint64_t generation;
    uint64_t next_segment;
    char lang[16];        /* default language of the index (query analysis) */
    int stopwords;        /* 1 if stopwords were dropped at index time */
    int stem;             /* 1 if terms were stemmed at index time */
    acq_manifest_segment *segs;
    size_t nsegs, cap;
    /* Extra keyword fields, in the order they were first used: field i has
     * key byte ACQ_FIELD_EXTRA + i in every segment ("field NAME" lines). */
    char (*fields)[32];
    size_t nfields, fields_cap;
} acq_manifest;

/* Reads dir/MANIFEST; ACQ_ENOTFOUND if there is none. */
int acq_manifest_read(acq_manifest *m, const char *dir, acq_err *err);
/* Writes it atomically (generation is incremented first). */
int acq_manifest_write(acq_manifest *m, const char *dir, acq_err *err);
int acq_manifest_add(acq_manifest *m, const char *name, uint32_t docs, acq_err *err);
/* Copies src into dst (dst's old contents are not freed). */
int acq_manifest_copy(acq_manifest *dst, const acq_manifest *src, acq_err *err);
/* Replaces segments [first, first + n) by one segment (a merge's output). */
void acq_manifest_replace(acq_manifest *m, size_t first, size_t n, const char *name, uint32_t docs);
void acq_manifest_free(acq_manifest *m);
/* The code of the extra field `name`, registering it if new: -1 if the name
 * is not a valid field name, -2 if the index has ACQ_MAX_EXTRA_FIELDS
 * already, -3 when out of memory. */
int acq_manifest_field(acq_manifest *m, const char *name, size_t len);
/* The code of a registered extra field, or 0. */
int acq_manifest_field_code(const acq_manifest *m, const char *name, size_t len);
/* 1 if name is a valid extra field name (not a built-in one). */
int acq_field_name_valid(const char *name, size_t len);

#endif
