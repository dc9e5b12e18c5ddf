/* highlight.c: acq_highlight, where a query's words occur in a whole text
 * (a stored document shown to a reader), as byte offsets: the same terms
 * and the same analysis as the snippets of acq_search mark, over the whole
 * text instead of the best passage, and the text left as it is (offsets
 * refer to the caller's bytes, so it can keep its line breaks). */
#include "search/search.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <string.h>

int acq_highlight(uint32_t **offsets, size_t *count, acq_index *ix, const char *query,
                  const acq_search_options *opts, const char *text, size_t len, char *errmsg, size_t errmsg_size)
{
    if (offsets == NULL || count == NULL || ix == NULL || query == NULL || (text == NULL && len)) {
        acq_msg_copy(errmsg, errmsg_size, "acq_highlight: offsets, count, ix, query and text are required");
        return ACQ_EARG;
    }
    *offsets = NULL;
    *count = 0;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts) {
        if (opts->size < sizeof(size_t)) {
            acq_msg_copy(errmsg, errmsg_size, "acq_highlight: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
            return ACQ_EARG;
        }
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
    }
    if (len >= UINT32_MAX || !acq_utf8_valid((const uint8_t *)text, len, NULL)) {
        acq_msg_copy(errmsg, errmsg_size, "acq_highlight: the text is not valid UTF-8 under 4 GiB");
        return ACQ_EARG;
    }
    acq_err err = {0};
    int drop = o.stopwords == 0 ? ix->manifest.stopwords : o.stopwords == 1;
    acq_analyzer_config cfg = {o.lang ? o.lang : ix->manifest.lang, ix->manifest.stem, drop};
    acq_analyzer *a = NULL;
    acq_qnode *q = NULL;
    uint32_t col = 0;
    int rc = acq_analyzer_open(&a, &cfg, NULL, &err);
    if (rc == ACQ_OK && o.plain) {
        rc = acq_query_plain(&q, query, a, &err);
    } else if (rc == ACQ_OK) {
        acq_query_fields fields = {(const char (*)[32])ix->manifest.fields, ix->manifest.nfields};
        rc = acq_query_parse_fields(&q, query, a, &fields, &col, &err);
    }
    const char *terms[256];
    size_t term_lens[256], nterms = 0;
    if (rc == ACQ_OK)
        acq_search_snippet_terms(q, terms, term_lens, &nterms, 256);
    uint32_t *out = NULL;
    size_t n = 0, cap = 0;
    acq_token_stream ts;
    acq_token tok;
    int r = 0;
    if (rc == ACQ_OK && nterms > 0) {
        acq_token_stream_init(&ts, text ? text : "", len, 0);
        while ((r = acq_analyze_next(a, &ts, &tok)) == 1) {
            size_t i = 0;
            while (i < nterms && (term_lens[i] != tok.len || memcmp(terms[i], tok.term, tok.len) != 0))
                i++;
            if (i == nterms)
                continue;
            if (acq_grow((void **)&out, &cap, 2 * n + 2, sizeof *out) != 0) {
                r = -1;
                break;
            }
            out[2 * n] = tok.start;
            out[2 * n + 1] = tok.end;
            n++;
        }
        if (r < 0)
            rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    }
    acq_query_free(q);
    acq_analyzer_close(a);
    if (rc != ACQ_OK) {
        acq_free(out);
        acq_msg_copy(errmsg, errmsg_size, err.msg);
        return rc;
    }
    *offsets = out;
    *count = n;
    return ACQ_OK;
}

void acq_highlight_free(uint32_t *offsets)
{
    acq_free(offsets);
}
