/* groups.h: what a result set holds per value of a field, computed over
 * every match (not just the hits shown): facet counts (--facets
 * type,year,eurovoc) and collapsing to the best match per value
 * (--collapse celex keeps one version of each act).
 *
 * Keyword values are read from the dictionary, not from stored fields: for
 * a field, every term with its key byte is walked with its postings, which
 * costs one pass over that field's postings per segment and gives exact
 * counts. Displayed values are the original text of one document holding
 * the value ("REG", "Police cooperation"), not the folded key. */
#ifndef ACQ_SEARCH_GROUPS_H
#define ACQ_SEARCH_GROUPS_H

#include "index/reader.h"
#include "search/maxscore.h"

/* The field a name denotes for grouping: ACQ_FIELD_TYPE, _LANG, _CELEX,
 * _ID, an extra field's code, GROUP_YEAR for the year of the date, or 0 if
 * it is none of them. */
#define ACQ_GROUP_YEAR (-1)
int acq_group_field(const acq_index *ix, const char *name, size_t len);

typedef struct acq_facet_list acq_facet_list;

/* Counts, for each field named in the comma list `names`, the matches
 * m[0..n) per value, keeping the `limit` most frequent values of each.
 * ACQ_EARG with a message naming the known fields for an unknown name. */
int acq_facets_count(acq_facet_list **out, acq_index *ix, const char *names, size_t limit, const acq_scored *m,
                     size_t n, acq_err *err);
size_t acq_facet_list_count(const acq_facet_list *f);
const char *acq_facet_list_get(const acq_facet_list *f, size_t i, const acq_facet_value **values, size_t *n,
                               uint64_t *distinct);
void acq_facet_list_free(acq_facet_list *f);

/* Collapses the matches m[0..*n) in place to the best of each value of
 * `field` (ties: the earlier document), matches without a value kept as
 * they are (order not kept: callers sort). *folds (allocated, sorted by
 * docno) says for each kept best how many other matches it stands for. */
typedef struct acq_fold { uint32_t docno; uint64_t folded; } acq_fold;
int acq_collapse(acq_index *ix, int field, acq_scored *m, size_t *n, acq_fold **folds, size_t *nfolds,
                 acq_err *err);

#endif
