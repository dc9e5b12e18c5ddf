/* runs.h: a builder's runs. When the postings in memory reach the flush
 * point, the builder sorts them and writes them out as a run, raw (the
 * varint streams as they were built), and goes on with empty memory; the
 * segment's postings are encoded once, when the builder finishes, in one
 * merge of its runs and what is still in memory (builder.c). A flush then
 * costs a sort and a copy instead of an encoding, a decoding and a second
 * encoding, and memory is the flush point's at any input size.
 *
 * A run is a scratch file in the index's envelope (file.h, kind RUN):
 * written and read by one process, removed when the segment is written or
 * abandoned (a crash leaves an orphan that the next writer removes). Its
 * records, in key order, one per (field, term):
 *
 *   u8 field, u16 key length, key bytes,
 *   u32 postings bytes, u32 positions bytes, the two streams
 *
 * The streams are the builder's (slices.h): postings (doc gap, tf) pairs
 * whose first gap is the segment's document number, positions restarting
 * at each document. */
#ifndef ACQ_SEGMENT_RUNS_H
#define ACQ_SEGMENT_RUNS_H

#include "common/error.h"
#include "index/file.h"
#include "segment/slices.h"

#include <stdint.h>

typedef struct acq_run_writer {
    acq_fwriter f;
} acq_run_writer;

int acq_run_writer_open(acq_run_writer *w, const char *path, acq_err *err);
/* Appends a term's record: the rest of both readers' streams. Terms come
 * in key order, each once. */
int acq_run_writer_term(acq_run_writer *w, uint8_t field, const char *key, uint16_t len,
                        const acq_slice_reader *post, const acq_slice_reader *pos, acq_err *err);
/* Finishes the file (no fsync: scratch); on failure it is removed. */
int acq_run_writer_finish(acq_run_writer *w, acq_err *err);
void acq_run_writer_abort(acq_run_writer *w);

/* Reads a run's records in order; the current one is in the fields below
 * (pointers into the mapped file, checked against its checksums). */
typedef struct acq_run_reader {
    acq_fmap map;
    uint64_t next;     /* offset of the record after the current one */
    int done;          /* past the last record */
    uint8_t field;
    uint16_t len;
    const char *key;
    const uint8_t *post, *pos;
    uint32_t post_len, pos_len;
} acq_run_reader;

/* Opens path at its first record. */
int acq_run_reader_open(acq_run_reader *r, const char *path, acq_err *err);
/* Moves to the next record (r->done past the last). A damaged run is an
 * error, never read. */
int acq_run_reader_next(acq_run_reader *r, acq_err *err);
/* Drops the pages read so far from the process's memory (file.h). The
 * whole mapping: on this machine's kernel (6.18, ext4's large folios) a
 * release of the range behind the reader left most of its pages mapped. */
static inline void acq_run_reader_release(acq_run_reader *r) { acq_fmap_release(&r->map); }
void acq_run_reader_close(acq_run_reader *r);

#endif
