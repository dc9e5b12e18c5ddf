/* model.h: retrieval models other than BM25, scored term by term over the
 * same postings cursors (search/postings.h). Each model is one short file
 * with one function giving a term's contribution to a document's score
 * from its tf, the document's field length and the term's collection
 * statistics; model_run.c walks a ranked OR of terms with them, every match
 * scored (no MaxScore: these scores have no bound stored in the index), and
 * explains a hit. BM25 stays on search.c's own path, unchanged. */
#ifndef ACQ_SEARCH_MODEL_H
#define ACQ_SEARCH_MODEL_H

#include "acquis.h"
#include "common/buf.h"
#include "common/error.h"
#include "index/reader.h"
#include "query/query.h"
#include "search/maxscore.h"

#include <stdint.h>

enum { ACQ_MODEL_BM25, ACQ_MODEL_QL, ACQ_MODEL_DPH, ACQ_MODEL_SDM };

/* What a term's score may depend on, summed over every segment (deleted
 * documents included until merged, as BM25's N and df are). */
typedef struct acq_model_stats {
    double n;          /* documents */
    double df;         /* documents holding the term in the field */
    double cf;         /* its occurrences in the field */
    double tokens;     /* all occurrences of all terms in the field */
    double avgdl;      /* tokens / n */
    double boost;      /* query weight: query term frequency or feedback */
    double mu;         /* ql's Dirichlet mu */
} acq_model_stats;

/* Query likelihood, Dirichlet smoothing, as Lucene's LMDirichletSimilarity:
 * boost * (ln(1 + tf / (mu * p)) + ln(mu / (dl + mu))) with p = (cf + 1) /
 * (tokens + 1), and 0 when that is negative. */
double acq_model_ql(const acq_model_stats *s, uint32_t tf, uint32_t dl);
/* Terrier's DPH (Amati 2006), parameter-free hypergeometric DFR. */
double acq_model_dph(const acq_model_stats *s, uint32_t tf, uint32_t dl);

/* The model named by opts->model (NULL is BM25); -1 for an unknown name. */
int acq_model_kind(const char *name);

/* Scores every document matching q (a TERM, or a BOOL of SHOULD terms in
 * the body or title) with `model` into the top-k heap; *total counts the
 * matches. ACQ_EARG for another shape of query. */
int acq_model_run(acq_index *ix, const acq_qnode *q, int model, const acq_search_options *o, acq_topk *h,
                  uint64_t *total, acq_err *err);
/* Appends how docno's score was made: one line per matching term. */
int acq_model_explain(acq_index *ix, const acq_qnode *q, int model, const acq_search_options *o, uint32_t docno,
                      acq_buf *out, acq_err *err);

#endif
