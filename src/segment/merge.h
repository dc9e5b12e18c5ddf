/* merge.h: merges segments into one new segment by streaming: dictionaries
 * are walked in key order side by side, postings are re-encoded block by
 * block with document numbers shifted past the deleted ones, lengths and
 * stored fields are copied document by document. Memory stays small and
 * independent of the segments' size. Deleted documents are dropped. */
#ifndef ACQ_SEGMENT_MERGE_H
#define ACQ_SEGMENT_MERGE_H

#include "index/segment.h"

/* Writes segment `name` in dir from segs[0..n) (in that order). On success
 * *docs holds its document count. On failure its files are removed.
 * threads >= 2 writes the stored fields and lengths on a second thread
 * beside the postings (the same files either way). */
int acq_merge_segments(acq_segment *segs, size_t n, const char *dir, const char *name, int zlevel,
                       int threads, uint32_t *docs, acq_err *err);

#endif
