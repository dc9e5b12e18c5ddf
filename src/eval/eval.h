/* eval.h: relevance evaluation the way trec_eval 9 does it.
 *
 * Four pieces, one file each:
 *   topics.c   TREC topic files (qid<TAB>query lines, or classic <top> SGML)
 *   qrels.c    relevance judgements, "qid iter docno rel"
 *   run.c      run files, "qid Q0 docno rank score tag": reader and writer
 *   metrics.c  map, recip_rank, P_5, P_10, recall_100, recall_1000,
 *              ndcg_cut_10, ndcg_cut_1000, per query and averaged
 *   report.c   trec_eval's text layout and a JSON form of the figures
 * (textfile.c / textfile.h hold the file reading and line splitting they
 * share.)
 *
 * What "the way trec_eval 9 does it" means, from its source (form_res_rels.c,
 * m_*.c, trec_eval.c):
 *  - the rank column of a run is ignored: each query's documents are sorted by
 *    score, highest first, ties broken by docno in decreasing strcmp order;
 *  - a docno listed twice for one query is an error (trec_eval stops with
 *    "duplicate docs"); so is a docno judged twice for one query;
 *  - relevant means rel >= 1; rel 0 is judged non-relevant; a negative rel
 *    means "in the pool but not judged" and counts as non-relevant;
 *  - nDCG gains are the qrels' rel values as they are (linear); only positive
 *    gains count; rank r (from 1) is discounted by log2(r + 1); the ideal
 *    ranking is every judgement with rel >= 1, highest first;
 *  - P@k divides by k even when fewer than k documents were retrieved;
 *  - averages are over the queries that appear in the run AND have at least
 *    one judgement in the qrels (relevant or not). A judged query with no
 *    relevant document is counted, with every measure 0; a query missing from
 *    the run is not counted (trec_eval without -c).
 *
 * Errors go into an acq_err as "FILE:LINE: message" (ACQ_EINPUT) or
 * "cannot read FILE: reason" (ACQ_EIO). Nothing here prints. */
#ifndef ACQ_EVAL_EVAL_H
#define ACQ_EVAL_EVAL_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"

/* ---- Topics -------------------------------------------------------------- */

/* Which fields of a classic TREC topic make the query (a bit set). */
enum {
    ACQ_TOPIC_TITLE = 1u,
    ACQ_TOPIC_DESC = 2u,
    ACQ_TOPIC_NARR = 4u,
    ACQ_TOPIC_ALL = 7u
};

typedef struct acq_topic {
    char *qid;     /* never empty, no whitespace */
    char *query;   /* may be "" (an empty topic: no lines in a run);
                      whitespace runs collapsed in TREC topics */
    size_t line;   /* line where the topic starts (its <top>, or its line) */
} acq_topic;

typedef struct acq_topics {
    acq_topic *items;   /* in file order */
    size_t count;
} acq_topics;

/* Reads a topics file, detecting its format: classic TREC if it contains a
 * <top> tag, otherwise one "qid<TAB>query" per line (blank lines skipped).
 * For TREC topics the query joins the selected fields (title, desc, narr, in
 * that order) with a space; the labels "Number:", "Topic:", "Description:"
 * and "Narrative:" are dropped; missing fields are empty. `fields` is ignored
 * for qid<TAB>query files. A topic without a qid, or whose qid was already
 * seen, is an error naming the file and line; an empty query is kept. */
int acq_topics_read(acq_topics *out, const char *path, unsigned fields,
                    acq_err *err);
/* The same from memory; `name` is used in messages. */
int acq_topics_parse(acq_topics *out, const char *name, const char *data,
                     size_t len, unsigned fields, acq_err *err);
void acq_topics_free(acq_topics *t);
/* Parses a field list such as "title", "title,desc", "title+desc+narr" or
 * "all" into ACQ_TOPIC_* bits. Returns ACQ_OK or ACQ_EARG. */
int acq_topic_fields_parse(unsigned *out, const char *spec);

/* ---- Relevance judgements -------------------------------------------------- */

typedef struct acq_judgment {
    const char *docno;
    int rel;               /* >= 1 relevant, 0 not relevant, < 0 unjudged */
} acq_judgment;

typedef struct acq_qrels_query {
    const char *qid;
    const acq_judgment *judged; /* sorted by docno (strcmp), no duplicates */
    size_t count;
    size_t num_rel;             /* judgements with rel >= 1 */
} acq_qrels_query;

typedef struct acq_qrels {
    acq_qrels_query *queries;   /* sorted by qid (strcmp) */
    size_t count;
    char *text_;                /* private: the file's text, tokens inside */
    acq_judgment *judged_;      /* private: all judgements */
} acq_qrels;

/* Reads "qid iter docno rel" lines (whitespace separated, exactly four
 * fields, rel an integer). Blank lines and lines starting with '#' are
 * skipped. A malformed line is an error "FILE:LINE: message". */
int acq_qrels_read(acq_qrels *out, const char *path, acq_err *err);
int acq_qrels_parse(acq_qrels *out, const char *name, const char *data,
                    size_t len, acq_err *err);
void acq_qrels_free(acq_qrels *q);
/* The judgements of one query, or NULL. */
const acq_qrels_query *acq_qrels_find(const acq_qrels *q, const char *qid);
/* The judgement of one document for that query, or NULL if not judged. */
const acq_judgment *acq_qrels_judgment(const acq_qrels_query *q,
                                       const char *docno);

/* ---- Runs -------------------------------------------------------------- */

typedef struct acq_run_doc {
    const char *docno;
    double score;
} acq_run_doc;

typedef struct acq_run_query {
    const char *qid;
    acq_run_doc *docs;   /* in trec_eval's order: score desc, docno desc */
    size_t count;
} acq_run_query;

typedef struct acq_run {
    acq_run_query *queries;  /* sorted by qid (strcmp) */
    size_t count;
    const char *tag;         /* tag of the last line (trec_eval's runid) */
    char *text_;             /* private */
    acq_run_doc *docs_;      /* private */
} acq_run;

/* Reads "qid Q0 docno rank score tag" lines (whitespace separated, exactly
 * six fields, rank an integer, score a number that is not NaN). Blank lines
 * and lines starting with '#' are skipped. The rank column is checked but
 * not used. A malformed line, or a docno listed twice for one query, is an
 * error "FILE:LINE: message". */
int acq_run_read(acq_run *out, const char *path, acq_err *err);
int acq_run_parse(acq_run *out, const char *name, const char *data,
                  size_t len, acq_err *err);
void acq_run_free(acq_run *r);
/* One query's documents, or NULL. */
const acq_run_query *acq_run_find(const acq_run *r, const char *qid);
/* Sorts documents into trec_eval's order: score descending, ties by docno in
 * decreasing strcmp order. */
void acq_run_sort(acq_run_doc *docs, size_t n);

/* The score format of written runs. */
#define ACQ_RUN_SCORE_FORMAT "%.6f"

/* Appends one query's lines "qid Q0 docno rank score tag\n" to out. The
 * documents are written in the order trec_eval will rank them once the
 * scores are printed with ACQ_RUN_SCORE_FORMAT (so two scores that print
 * alike are a tie, broken by docno descending), with ranks from 1; the output
 * depends only on the set of (docno, score) pairs, never on their order.
 * qid, docnos and tag must be non-empty and free of whitespace; a duplicate
 * docno or a NaN score is refused. Returns ACQ_OK, ACQ_EARG or ACQ_ENOMEM. */
int acq_run_format_query(acq_buf *out, const char *qid,
                         const acq_run_doc *docs, size_t n, const char *tag,
                         acq_err *err);
/* Writes a whole run (queries in their order in `run`) to path ("-" is
 * standard output) with acq_run_format_query. */
int acq_run_write(const char *path, const acq_run *run, const char *tag,
                  acq_err *err);

/* ---- Measures ------------------------------------------------------------ */

/* In the order trec_eval prints them. */
enum acq_metric {
    ACQ_M_MAP,
    ACQ_M_RECIP_RANK,
    ACQ_M_P_5,
    ACQ_M_P_10,
    ACQ_M_RECALL_100,
    ACQ_M_RECALL_1000,
    ACQ_M_NDCG_CUT_10,
    ACQ_M_NDCG_CUT_1000,
    ACQ_METRIC_COUNT
};

/* trec_eval's name of a measure ("map", "P_5", "ndcg_cut_10", ...). */
const char *acq_metric_name(int metric);

typedef struct acq_eval_query {
    const char *qid;                   /* points into the qrels */
    double value[ACQ_METRIC_COUNT];
} acq_eval_query;

typedef struct acq_eval {
    acq_eval_query *queries;  /* evaluated queries, sorted by qid (strcmp) */
    size_t num_q;
    double mean[ACQ_METRIC_COUNT];   /* 0 when num_q is 0 */
} acq_eval;

/* The measures of one query: `docs` in any order (they are ranked as
 * trec_eval ranks them), `judged` its judgements (NULL: none). A duplicate
 * docno is ACQ_EINPUT; ACQ_ENOMEM is possible. */
int acq_eval_query_compute(double value[ACQ_METRIC_COUNT],
                           const acq_qrels_query *judged,
                           const acq_run_doc *docs, size_t n, acq_err *err);
/* Evaluates every query that is in the run and has judgements, and the
 * means. The result points into qrels: free it before the qrels. */
int acq_eval_compute(acq_eval *out, const acq_qrels *qrels,
                     const acq_run *run, acq_err *err);
/* With complete = 1, as trec_eval -c: every query of the qrels is counted,
 * one missing from the run (an empty topic, say) with every measure 0. */
int acq_eval_compute_complete(acq_eval *out, const acq_qrels *qrels, const acq_run *run, int complete,
                              acq_err *err);
void acq_eval_free(acq_eval *e);

/* ---- Comparing runs (compare.c, signif.c) ------------------------------ */

/* A measure by trec_eval's name ("map", "P_10"; "P.10", "ndcg_cut.10",
 * "recall.1000" as trec_eval -m spells them), or -1. */
int acq_metric_by_name(const char *name);

/* Paired two-sided tests of the difference b - a over n topics:
 * Student's t-test (p from the t distribution with n - 1 degrees of
 * freedom), and the randomisation (permutation) test on the mean
 * difference: every one of the 2^n sign assignments when n <= 20, else
 * `trials` random ones from a fixed seed (so the p-value is reproducible),
 * p = the share of assignments whose |mean| reaches the observed one.
 * p is 1 when every difference is 0; NaN when n < 2 for the t-test. */
double acq_ttest_paired(const double *a, const double *b, size_t n);
double acq_randomization_test(const double *a, const double *b, size_t n, unsigned long trials);
/* The regularised incomplete beta function I_x(a, b) (for the t test). */
double acq_betai(double a, double b, double x);

/* Several runs, one table: each run's means of the chosen measures
 * (mask: bit m for measure m; 0 means all), then for each run after the
 * first its p-values against the first over the topics both evaluated
 * (t-test and randomisation, `trials`). names[i] labels run i. */
int acq_eval_format_compare(acq_buf *out, const acq_eval *runs, const char *const *names, size_t n,
                            unsigned mask, int signif, unsigned long trials, int json);
/* ---- Fusion (fuse.c) ---------------------------------------------------- */

enum { ACQ_FUSE_RRF, ACQ_FUSE_COMBSUM };

/* Combines runs query by query (every query of any run) into *out, `depth`
 * documents per query at most: RRF gives a document sum 1 / (k + rank) over
 * the runs that hold it (rank from 1 in trec_eval's order; Cormack et al.
 * 2009, k = 60); CombSUM the sum of its min-max normalised scores, (s - min)
 * / (max - min) per run and query (1 when all are equal; Fox & Shaw 1994).
 * Each query's documents come out in trec_eval's order. */
int acq_fuse(acq_run *out, const acq_run *runs, size_t n, int method, double k, size_t depth, acq_err *err);

/* trec_eval's layout or JSON for one run, with only the measures of mask. */
int acq_eval_format_masked(acq_buf *out, const acq_eval *e, int per_query, unsigned mask, int json);

/* trec_eval's layout, "%-22s\t%s\t%6.4f" lines: each query's measures first
 * if per_query, then num_q and the means with qid "all". */
int acq_eval_format_text(acq_buf *out, const acq_eval *e, int per_query);
/* One JSON object and a newline: {"num_q":N,"map":0.1234,...} with, if
 * per_query, "per_query":{"qid":{"map":...},...}. Values use %.4f like the
 * text form. */
int acq_eval_format_json(acq_buf *out, const acq_eval *e, int per_query);

#endif
