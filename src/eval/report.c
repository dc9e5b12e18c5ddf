/* report.c: the figures of an evaluation as text, in trec_eval's layout
 * ("%-22s\t%s\t%6.4f" lines, per-query blocks first, then num_q and the
 * means under qid "all"), or as one JSON object. */
#include "eval/eval.h"

#include <stdint.h>

#include "common/utf8.h"

int acq_eval_format_text(acq_buf *out, const acq_eval *e, int per_query)
{
    if (out == NULL || e == NULL)
        return ACQ_EARG;
    for (size_t q = 0; per_query && q < e->num_q; q++)
        for (int m = 0; m < ACQ_METRIC_COUNT; m++)
            acq_buf_printf(out, "%-22s\t%s\t%6.4f\n", acq_metric_name(m),
                           e->queries[q].qid, e->queries[q].value[m]);
    acq_buf_printf(out, "%-22s\tall\t%zu\n", "num_q", e->num_q);
    for (int m = 0; m < ACQ_METRIC_COUNT; m++)
        acq_buf_printf(out, "%-22s\tall\t%6.4f\n", acq_metric_name(m), e->mean[m]);
    return out->failed ? ACQ_ENOMEM : ACQ_OK;
}

/* A JSON string; bytes that are not valid UTF-8 become U+FFFD. */
static void json_string(acq_buf *out, const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s);
    acq_buf_putc(out, '"');
    while (n > 0) {
        uint8_t c = *p;
        if (c == '"' || c == '\\') {
            acq_buf_putc(out, '\\');
            acq_buf_putc(out, c);
        } else if (c < 0x20 || c == 0x7F) {
            acq_buf_printf(out, "\\u%04x", c);
        } else if (c < 0x80) {
            acq_buf_putc(out, c);
        } else {
            uint32_t cp;
            size_t len = acq_utf8_decode(p, n, &cp);
            if (len == 0) {
                acq_buf_puts(out, "\\ufffd");
                len = 1;
            } else {
                acq_buf_put(out, p, len);
            }
            p += len;
            n -= len;
            continue;
        }
        p++;
        n--;
    }
    acq_buf_putc(out, '"');
}

static void json_values(acq_buf *out, const double *value)
{
    for (int m = 0; m < ACQ_METRIC_COUNT; m++) {
        if (m > 0)
            acq_buf_putc(out, ',');
        json_string(out, acq_metric_name(m));
        acq_buf_printf(out, ":%.4f", value[m]);
    }
}

int acq_eval_format_json(acq_buf *out, const acq_eval *e, int per_query)
{
    if (out == NULL || e == NULL)
        return ACQ_EARG;
    acq_buf_printf(out, "{\"num_q\":%zu,", e->num_q);
    json_values(out, e->mean);
    if (per_query) {
        acq_buf_puts(out, ",\"per_query\":{");
        for (size_t q = 0; q < e->num_q; q++) {
            if (q > 0)
                acq_buf_putc(out, ',');
            json_string(out, e->queries[q].qid);
            acq_buf_putc(out, ':');
            acq_buf_putc(out, '{');
            json_values(out, e->queries[q].value);
            acq_buf_putc(out, '}');
        }
        acq_buf_putc(out, '}');
    }
    acq_buf_puts(out, "}\n");
    return out->failed ? ACQ_ENOMEM : ACQ_OK;
}
