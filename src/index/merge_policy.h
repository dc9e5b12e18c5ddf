/* merge_policy.h: which segments a commit merges. Logarithmic, as Lucene's
 * LogMergePolicy: segments are placed on levels by the logarithm (base the
 * merge factor) of their live documents, small ones all on one floor level;
 * scanning in index order, each group of segments within 0.75 of the top
 * level left is merged F adjacent segments at a time. So an index built by
 * N commits keeps O(F log N) segments and each document is rewritten
 * O(log N) times: appending costs what it adds, plus amortised merging.
 * Only adjacent segments merge, so documents keep their order (ties in
 * ranking stay in insertion order). A segment with more deleted than live
 * documents is rewritten on its own to reclaim the space. */
#ifndef ACQ_INDEX_MERGE_POLICY_H
#define ACQ_INDEX_MERGE_POLICY_H

#include <stddef.h>
#include <stdint.h>

/* Segments of fewer live documents than this form one level: many tiny
 * commits merge together (cheaply: at most F x this many documents) instead
 * of forming levels of their own, and larger segments never merge with
 * them. */
#define ACQ_MERGE_FLOOR_DOCS 100

typedef struct acq_merge_range {
    size_t first, count;   /* segments [first, first + count) become one */
} acq_merge_range;

/* Chooses the merges for segments 0..n-1 with docs[i] documents of which
 * deleted[i] are deleted, merge factor `factor` (>= 2). Writes at most cap
 * ranges, disjoint and in increasing order, to out; returns how many. */
size_t acq_merge_policy(const uint32_t *docs, const uint32_t *deleted, size_t n, unsigned factor,
                        acq_merge_range *out, size_t cap);

#endif
