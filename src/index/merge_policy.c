/* merge_policy.c: the logarithmic merge policy (see merge_policy.h). */
#include "index/merge_policy.h"

#include <math.h>

/* A group spans this much below its top level, as in Lucene. */
#define LEVEL_SPAN 0.75

static double level(uint32_t docs, uint32_t deleted, double log_factor)
{
    double live = (double)(docs - (deleted < docs ? deleted : docs));
    return log(live < 1.0 ? 1.0 : live) / log_factor;
}

size_t acq_merge_policy(const uint32_t *docs, const uint32_t *deleted, size_t n, unsigned factor,
                        acq_merge_range *out, size_t cap)
{
    if (factor < 2 || cap == 0)
        return 0;
    double log_factor = log((double)factor);
    double floor_level = log((double)ACQ_MERGE_FLOOR_DOCS) / log_factor;
    size_t nout = 0, start = 0;
    while (start < n && nout < cap) {
        double top = -1.0;
        for (size_t i = start; i < n; i++) {
            double l = level(docs[i], deleted[i], log_factor);
            if (l > top)
                top = l;
        }
        /* Below the floor every segment is one level, whatever lies between;
         * above it a group spans LEVEL_SPAN, but never reaches under the
         * floor, so large segments are not rewritten for the sake of tiny
         * ones. */
        double bottom;
        if (top <= floor_level)
            bottom = -1.0;
        else {
            bottom = top - LEVEL_SPAN;
            if (bottom < floor_level)
                bottom = floor_level;
        }
        size_t upto = n - 1;
        while (upto > start && level(docs[upto], deleted[upto], log_factor) < bottom)
            upto--;
        size_t group_end = upto + 1;
        while (start + factor <= group_end && nout < cap) {
            out[nout].first = start;
            out[nout].count = factor;
            nout++;
            start += factor;
        }
        /* What stays of the group: rewrite any segment that is mostly
         * deletions on its own. */
        for (; start < group_end && nout < cap; start++)
            if (docs[start] > 0 && deleted[start] * 2 > docs[start]) {
                out[nout].first = start;
                out[nout].count = 1;
                nout++;
            }
        start = group_end;
    }
    return nout;
}
