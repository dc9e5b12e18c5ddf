/* reader.h: what an open index (acq_index) holds, for the search module. */
#ifndef ACQ_INDEX_READER_H
#define ACQ_INDEX_READER_H

#include "acquis.h"
#include "index/manifest.h"
#include "index/segment.h"

struct acq_index {
    char *dir;
    acq_manifest manifest;
    acq_segment *segs;
    size_t nsegs;
    uint32_t *base;          /* first global docno of each segment */
    uint64_t max_doc;        /* documents, deleted included (BM25's N) */
    uint64_t sum_len[2];     /* body, title */
};

/* The segment holding global document number docno (bases ascend). */
static inline size_t acq_index_segment_of(const acq_index *ix, uint32_t docno)
{
    size_t lo = 0, hi = ix->nsegs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ix->base[mid] <= docno)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Opens the segments a manifest in memory names (the writer's view of its
 * uncommitted state, for deletions by query). */
int acq_index_open_manifest(acq_index **out, const char *dir, const acq_manifest *m, acq_err *err);

#endif
