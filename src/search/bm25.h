/* bm25.h: BM25 as Lucene 8 computes it: idf = ln(1 + (N - df + 0.5) /
 * (df + 0.5)) and a term's score tf / (tf + k1 * (1 - b + b * dl / avgdl))
 * times idf (Lucene 8 dropped the constant (k1 + 1) factor; rankings are the
 * same either way). N and df count every document of every segment, deleted
 * ones included until merged, as Lucene does, so scores do not depend on how
 * the index is split into segments. dl is the exact field length. */
#ifndef ACQ_SEARCH_BM25_H
#define ACQ_SEARCH_BM25_H

#include <math.h>
#include <stdint.h>

typedef struct acq_bm25 {
    double k1, b, avgdl;
} acq_bm25;

static inline double acq_bm25_idf(uint64_t n, uint64_t df)
{
    return log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
}

static inline double acq_bm25_tf(const acq_bm25 *m, uint32_t tf, uint32_t dl)
{
    double norm = m->k1 * (1.0 - m->b + m->b * (double)dl / m->avgdl);
    return (double)tf / ((double)tf + norm);
}

#endif
