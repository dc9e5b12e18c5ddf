/* search.h: running a parsed query (query/query.h) against an open index:
 * collection statistics, per-segment scorers, top-k, hits with stored
 * fields, explanations and snippets. acq_search (public) parses and calls
 * acq_search_tree; tests call acq_search_tree with trees they build. */
#ifndef ACQ_SEARCH_SEARCH_H
#define ACQ_SEARCH_SEARCH_H

#include "index/reader.h"
#include "query/query.h"

/* Largest number of dictionary terms a prefix may expand to. */
#define ACQ_MAX_EXPANSIONS 1024

/* Which algorithm answers a ranked OR of terms when pruning: block-max
 * MaxScore (the default) or block-max WAND (search/maxscore.h). Both give
 * the exhaustive result; process-wide, for tests and benchmarks (`acquis
 * bench --or wand`); not to be changed while searches run. */
enum { ACQ_OR_MAXSCORE = 0, ACQ_OR_WAND = 1 };
void acq_search_set_or_algorithm(int which);
int acq_search_or_algorithm(void);

int acq_search_tree(acq_results **out, acq_index *ix, const acq_qnode *q, const acq_search_options *opts,
                    acq_err *err);

/* Puts `note` (a line such as the expansion terms of feedback) before the
 * explanation of every hit that has one. */
int acq_results_note_explanations(acq_results *r, const char *note, acq_err *err);

/* Calls fn(ctx, segment, doc) for every live document matching q, segment by
 * segment in document order, without scoring (deletions by query). A
 * non-zero return from fn stops the walk and is returned. */
/* The analysed terms of q's scoring leaves in body and title (not those
 * under NOT, not keyword filters), at most cap of them, appended to
 * t/tl[*n..]: what snippets and highlighting mark in a text. */
void acq_search_snippet_terms(const acq_qnode *q, const char **t, size_t *tl, size_t *n, size_t cap);

typedef int (*acq_match_fn)(void *ctx, size_t segment, uint32_t doc);
int acq_search_each_match(acq_index *ix, const acq_qnode *q, acq_match_fn fn, void *ctx, acq_err *err);

#endif
