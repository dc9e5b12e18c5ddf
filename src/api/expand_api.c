/* expand_api.c: acq_query_describe, the query as acq_search runs it, with
 * the expansions of instrument names and act numbers spelt out (what
 * `acquis search --explain` prints before the hits). Parses as acq_search
 * does (search/api.c), without running the query. */
#include "acquis.h"

#include "analysis/analyzer.h"
#include "knowledge/expand.h"
#include "query/tree.h"
#include "search/search.h"
#include "segment/format.h"

#include <stdio.h>

#include <string.h>

int acq_query_describe(acq_index *ix, const char *query, const acq_search_options *opts, char *out,
                       size_t out_size, char *errmsg, size_t errmsg_size)
{
    if (ix == NULL || query == NULL || out == NULL || out_size == 0) {
        acq_msg_copy(errmsg, errmsg_size, "acq_query_describe: ix, query and out are required");
        return ACQ_EARG;
    }
    out[0] = '\0';
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts) {
        if (opts->size < sizeof(size_t)) {
            acq_msg_copy(errmsg, errmsg_size, "acq_query_describe: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
            return ACQ_EARG;
        }
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
    }
    acq_err err = {0};
    int drop = o.stopwords == 0 ? ix->manifest.stopwords : o.stopwords == 1;
    acq_analyzer_config cfg = {o.lang ? o.lang : ix->manifest.lang, ix->manifest.stem, drop};
    acq_analyzer *a = NULL;
    acq_qnode *q = NULL;
    acq_buf b = {0};
    uint32_t col = 0;
    int rc = acq_analyzer_open(&a, &cfg, NULL, &err);
    if (rc == ACQ_OK && o.plain) {
        rc = acq_query_plain(&q, query, a, &err);
    } else if (rc == ACQ_OK) {
        acq_query_fields fields = {(const char (*)[32])ix->manifest.fields, ix->manifest.nfields};
        rc = acq_query_parse_fields(&q, query, a, &fields, &col, &err);
        acq_expand_opts eo = {!o.no_expand, o.thesaurus};
        if (rc == ACQ_OK)
            rc = acq_expand_query(&q, query, a, ix, &eo, &b, &err);
    }
    acq_analyzer_close(a);
    if (rc == ACQ_OK) {
        acq_buf t = {0};
        acq_query_format(q, &t);
        acq_buf_puts(&b, "query: ");
        /* The tree prints extra fields by number ("field16:"): name them. */
        const char *p = acq_buf_cstr(&t);
        while (*p) {
            unsigned f = 0;
            int k = 0;
            if (strncmp(p, "field", 5) == 0 && sscanf(p + 5, "%u:%n", &f, &k) == 1 && k > 0 && f >= ACQ_FIELD_EXTRA &&
                f - ACQ_FIELD_EXTRA < ix->manifest.nfields) {
                acq_buf_printf(&b, "%s:", ix->manifest.fields[f - ACQ_FIELD_EXTRA]);
                p += 5 + k;
            } else {
                acq_buf_putc(&b, (uint8_t)*p++);
            }
        }
        if (b.failed || t.failed)
            rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
        else
            acq_msg_copy(out, out_size, acq_buf_cstr(&b));
        acq_buf_free(&t);
    }
    acq_buf_free(&b);
    acq_query_free(q);
    if (rc != ACQ_OK)
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    return rc;
}
