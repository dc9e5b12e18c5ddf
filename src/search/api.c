/* api.c: acq_search, the public entry: parses the query with the index's
 * analysis chain, then evaluates the tree (search.c). Thread-safe: all
 * state lives on this call's stack and in its own analyzer. */
#include "search/lab.h"
#include "search/search.h"

#include "common/alloc.h"
#include "knowledge/expand.h"

#include <stdio.h>
#include <string.h>

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
    acq_analyzer *a = NULL;
    if (o.stopwords == 2 && ix->manifest.stopwords) {
        acq_msg_copy(errmsg, errmsg_size, "this index was built without stopwords, so queries cannot keep them: "
                 "rebuild it with --keep-stopwords to compare");
        return ACQ_EARG;
    }
    int drop = o.stopwords == 0 ? ix->manifest.stopwords : o.stopwords == 1;
    acq_analyzer_config cfg = {o.lang ? o.lang : ix->manifest.lang, ix->manifest.stem, drop};
    acq_qnode *q = NULL;
    uint32_t col = 0;
    int rc = acq_analyzer_open(&a, &cfg, NULL, &err);
    if (rc == ACQ_OK && o.plain)
        rc = acq_query_plain(&q, query, a, &err);
    else if (rc == ACQ_OK)
    {
        acq_query_fields fields = {(const char (*)[32])ix->manifest.fields, ix->manifest.nfields};
        rc = acq_query_parse_fields(&q, query, a, &fields, &col, &err);
        acq_expand_opts eo = {!o.no_expand, o.thesaurus}; /* instrument names, act numbers, thesaurus */
        if (rc == ACQ_OK)
            rc = acq_expand_query(&q, query, a, ix, &eo, NULL, &err);
    }
    acq_analyzer_close(a);
    if (rc == ACQ_OK)
        rc = acq_lab_search(out, ix, q, query, &o, &err);
    acq_query_free(q);
    if (rc != ACQ_OK)
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    return rc;
}
