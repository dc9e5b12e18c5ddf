/* lab.h: the relevance laboratory between acq_search and acq_search_tree:
 * a plain-text query rewritten before it runs, by pseudo-relevance feedback
 * (RM3, Bo1), sequential dependence (SDM) and per-field weights (the title
 * apart from the text). See lab.c. */
#ifndef ACQ_SEARCH_LAB_H
#define ACQ_SEARCH_LAB_H

#include "search/search.h"

/* Runs q (parsed from `text`) with opts' model, feedback and field weights;
 * without any of them this is acq_search_tree. Rewriting needs a bag of
 * words (plain text, or a ranked OR of words): another query is ACQ_EARG. */
int acq_lab_search(acq_results **out, acq_index *ix, const acq_qnode *q, const char *text,
                   const acq_search_options *opts, acq_err *err);

/* 1 when opts ask for a model, feedback or field weights: they score a bag
 * of words, so on an index of several languages the query is analysed in
 * its likeliest language alone (multilang.h), not once per language. */
int acq_lab_one_language(const acq_search_options *opts);

/* The terms and weights of an expanded query (feedback.c). */
typedef struct acq_lab_term {
    char *term;
    double weight;
} acq_lab_term;

/* One feedback document as its analysed terms: n distinct terms with their
 * tf in it and their df and cf in the collection (body field). */
typedef struct acq_fb_doc {
    double score;          /* its first-pass score */
    size_t n;
    const char **terms;
    double *tf, *df, *cf;
} acq_fb_doc;

/* RM3 as Anserini's Rm3Reranker computes it: each document's terms (2 to 20
 * bytes, letters and digits, df / n_docs at most 0.1) pruned to its fb_terms
 * most frequent, normalised to sum 1, weighted by the document's score and
 * summed; the fb_terms heaviest, normalised to sum 1, interpolated with the
 * query's terms (qtf normalised to sum 1): orig_weight * query + (1 -
 * orig_weight) * model. *out (*nout terms) is sorted by term. */
int acq_rm3_expand(acq_lab_term **out, size_t *nout, const char *const *query, const double *qtf, size_t nq,
                   const acq_fb_doc *docs, size_t ndocs, double n_docs, int fb_terms, double orig_weight);
/* Bo1 as Terrier's QueryExpansion computes it: a term of the feedback
 * documents seen in at least 2 of them (all of them if fewer) weighs
 * w = tf_x log2((1 + P) / P) + log2(1 + P), tf_x its occurrences in them,
 * P = cf / n_docs; the max(fb_terms, query length) heaviest are kept; a
 * term's new weight is qtf / max qtf (0 if not in the query) + w / max w. */
int acq_bo1_expand(acq_lab_term **out, size_t *nout, const char *const *query, const double *qtf, size_t nq,
                   const acq_fb_doc *docs, size_t ndocs, double n_docs, int fb_terms);
void acq_lab_terms_free(acq_lab_term *v, size_t n);

#endif
