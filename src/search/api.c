/* api.c: acq_search, the public entry: parses the query with the index's
 * analysis chains (in each language the index holds, or in opts.lang:
 * multilang.c), expands instrument names and act numbers (knowledge/expand.h),
 * then evaluates the tree with the model asked for (lab.c, search.c).
 * Thread-safe: all state lives on this call's stack and in its own analyzers. */
#include "search/lab.h"
#include "search/search.h"

#include "common/alloc.h"
#include "knowledge/expand.h"
#include "search/multilang.h"

#include <stdio.h>
#include <string.h>

typedef struct parse_ctx {
    const char *query;
    const acq_search_options *o;
    acq_index *ix;
    uint32_t col;
} parse_ctx;

static int parse(void *ctx, acq_analyzer *a, acq_qnode **out, acq_err *err)
{
    parse_ctx *pc = ctx;
    if (pc->o->plain)
        return acq_query_plain(out, pc->query, a, err);
    acq_query_fields fields = {(const char (*)[32])pc->ix->manifest.fields, pc->ix->manifest.nfields};
    int rc = acq_query_parse_fields(out, pc->query, a, &fields, &pc->col, err);
    /* instrument names, act numbers, thesaurus: in this language's analysis */
    acq_expand_opts eo = {!pc->o->no_expand, pc->o->thesaurus};
    if (rc == ACQ_OK)
        rc = acq_expand_query(out, pc->query, a, pc->ix, &eo, NULL, err);
    return rc;
}

int acq_search(acq_results **out, acq_index *ix, const char *query, const acq_search_options *opts,
               char *errmsg, size_t errmsg_size)
{
    if (out == NULL || ix == NULL || query == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "acq_search: out, ix and query are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts) {
        if (opts->size < sizeof(size_t)) {
            acq_msg_copy(errmsg, errmsg_size, "acq_search: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
            return ACQ_EARG;
        }
        size_t n = opts->size < sizeof o ? opts->size : sizeof o;
        memcpy(&o, opts, n);
    }
    acq_err err = {0};
    if (o.stopwords == 2 && ix->manifest.stopwords) {
        acq_msg_copy(errmsg, errmsg_size, "this index was built without stopwords, so queries cannot keep them: "
                 "rebuild it with --keep-stopwords to compare");
        return ACQ_EARG;
    }
    int drop = o.stopwords == 0 ? ix->manifest.stopwords : o.stopwords == 1;
    acq_qnode *q = NULL;
    parse_ctx pc = {query, &o, ix, 0};
    /* Analysed in each language of the index, or in o.lang (multilang.h). */
    int rc = acq_multilang_query(&q, ix, o.lang, ix->manifest.stem, drop, acq_lab_one_language(&o), parse, &pc, &err);
    if (rc == ACQ_OK)
        rc = acq_lab_search(out, ix, q, query, &o, &err);
    acq_query_free(q);
    if (rc != ACQ_OK)
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    return rc;
}
