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
} acq_manifest_segment;

typedef struct acq_manifest {
    uint64_t generation;
    uint64_t next_segment;
    char lang[16];        /* default language of the index (query analysis) */
    int stopwords;        /* 1 if stopwords were dropped at index time */
    int stem;             /* 1 if terms were stemmed at index time */
    acq_manifest_segment *segs;
    size_t nsegs, cap;
} acq_manifest;

/* Reads dir/MANIFEST; ACQ_ENOTFOUND if there is none. */
int acq_manifest_read(acq_manifest *m, const char *dir, acq_err *err);
/* Writes it atomically (generation is incremented first). */
int acq_manifest_write(acq_manifest *m, const char *dir, acq_err *err);
int acq_manifest_add(acq_manifest *m, const char *name, uint32_t docs, acq_err *err);
void acq_manifest_free(acq_manifest *m);

#endif
