/* model_ql.c: query likelihood with Dirichlet smoothing (Zhai & Lafferty
 * 2001) in Lucene 8's form (LMDirichletSimilarity), which Anserini's
 * "-qld" runs use: only the terms a document holds contribute, each
 * clamped at 0, so the score is a sum over matching terms like BM25's. */
#include "search/model.h"

#include <math.h>

double acq_model_ql(const acq_model_stats *s, uint32_t tf, uint32_t dl)
{
    double p = (s->cf + 1.0) / (s->tokens + 1.0);
    double v = log(1.0 + (double)tf / (s->mu * p)) + log(s->mu / ((double)dl + s->mu));
    v *= s->boost;
    return v > 0.0 ? v : 0.0;
}
