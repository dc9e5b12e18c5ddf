/* compare.c: trec_eval-style measure selection (-m), and several runs in
 * one table with paired significance tests against the first run
 * (signif.c), as text or JSON. */
#include "eval/eval.h"

#include "common/alloc.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

int acq_metric_by_name(const char *name)
{
    char n[64];
    size_t len = strlen(name);
    if (len == 0 || len >= sizeof n)
        return -1;
    /* trec_eval -m spells a cut with a dot: P.10, ndcg_cut.10 */
    for (size_t i = 0; i <= len; i++)
        n[i] = name[i] == '.' ? '_' : name[i];
    for (int m = 0; m < ACQ_METRIC_COUNT; m++)
        if (strcmp(n, acq_metric_name(m)) == 0)
            return m;
    return -1;
}

static int shown(unsigned mask, int m) { return mask == 0 || (mask >> m & 1u); }

/* A column of the table: as wide as its measure's name, at least 6. */
static int colw(int m)
{
    size_t n = strlen(acq_metric_name(m));
    return n > 6 ? (int)n : 6;
}

static void json_str(acq_buf *out, const char *s)
{
    acq_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            acq_buf_printf(out, "\\%c", c);
        else if (c < 0x20)
            acq_buf_printf(out, "\\u%04x", c);
        else
            acq_buf_putc(out, c);
    }
    acq_buf_putc(out, '"');
}

static void json_measures(acq_buf *out, const double *v, unsigned mask)
{
    int first = 1;
    for (int m = 0; m < ACQ_METRIC_COUNT; m++) {
        if (!shown(mask, m))
            continue;
        acq_buf_printf(out, "%s\"%s\":%.4f", first ? "" : ",", acq_metric_name(m), v[m]);
        first = 0;
    }
}

int acq_eval_format_masked(acq_buf *out, const acq_eval *e, int per_query, unsigned mask, int json)
{
    if (json) {
        acq_buf_printf(out, "{\"num_q\":%zu,", e->num_q);
        json_measures(out, e->mean, mask);
        if (per_query) {
            acq_buf_puts(out, ",\"per_query\":{");
            for (size_t q = 0; q < e->num_q; q++) {
                if (q)
                    acq_buf_putc(out, ',');
                json_str(out, e->queries[q].qid);
                acq_buf_puts(out, ":{");
                json_measures(out, e->queries[q].value, mask);
                acq_buf_putc(out, '}');
            }
            acq_buf_putc(out, '}');
        }
        acq_buf_puts(out, "}\n");
    } else {
        for (size_t q = 0; per_query && q < e->num_q; q++)
            for (int m = 0; m < ACQ_METRIC_COUNT; m++)
                if (shown(mask, m))
                    acq_buf_printf(out, "%-22s\t%s\t%6.4f\n", acq_metric_name(m), e->queries[q].qid,
                                   e->queries[q].value[m]);
        acq_buf_printf(out, "%-22s\tall\t%zu\n", "num_q", e->num_q);
        for (int m = 0; m < ACQ_METRIC_COUNT; m++)
            if (shown(mask, m))
                acq_buf_printf(out, "%-22s\tall\t%6.4f\n", acq_metric_name(m), e->mean[m]);
    }
    return out->failed ? ACQ_ENOMEM : ACQ_OK;
}

/* The per-topic values of measure m for the topics both runs evaluated
 * (both lists are sorted by qid). */
static size_t paired(const acq_eval *x, const acq_eval *y, int m, double *a, double *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < x->num_q && j < y->num_q) {
        int c = strcmp(x->queries[i].qid, y->queries[j].qid);
        if (c == 0) {
            a[n] = x->queries[i++].value[m];
            b[n++] = y->queries[j++].value[m];
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

static void p_value(acq_buf *out, double p, int json, int w)
{
    if (json)
        acq_buf_printf(out, isnan(p) ? "null" : "%.6g", p);
    else if (isnan(p))
        acq_buf_printf(out, "  %*s", w, "-");
    else
        acq_buf_printf(out, "  %*.4f", w, p);
}

int acq_eval_format_compare(acq_buf *out, const acq_eval *runs, const char *const *names, size_t n,
                            unsigned mask, int signif, unsigned long trials, int json)
{
    size_t most = 0;
    for (size_t r = 0; r < n; r++)
        most = runs[r].num_q > most ? runs[r].num_q : most;
    double *a = acq_calloc(most + 1, sizeof *a), *b = acq_calloc(most + 1, sizeof *b);
    if (a == NULL || b == NULL) {
        acq_free(a);
        acq_free(b);
        return ACQ_ENOMEM;
    }
    size_t width = 8;
    for (size_t r = 0; r < n; r++)
        width = strlen(names[r]) > width ? strlen(names[r]) : width;
    if (json) {
        acq_buf_puts(out, "{\"runs\":[");
    } else {
        acq_buf_printf(out, "%-*s  %5s", (int)width, "run", "num_q");
        for (int m = 0; m < ACQ_METRIC_COUNT; m++)
            if (shown(mask, m))
                acq_buf_printf(out, "  %*s", colw(m), acq_metric_name(m));
        acq_buf_putc(out, '\n');
    }
    for (size_t r = 0; r < n; r++) {
        if (json) {
            acq_buf_puts(out, r ? ",{\"run\":" : "{\"run\":");
            json_str(out, names[r]);
            acq_buf_printf(out, ",\"num_q\":%zu,", runs[r].num_q);
            json_measures(out, runs[r].mean, mask);
        } else {
            acq_buf_printf(out, "%-*s  %5zu", (int)width, names[r], runs[r].num_q);
            for (int m = 0; m < ACQ_METRIC_COUNT; m++)
                if (shown(mask, m))
                    acq_buf_printf(out, "  %*.4f", colw(m), runs[r].mean[m]);
            acq_buf_putc(out, '\n');
        }
        if (!signif || r == 0) {
            if (json)
                acq_buf_putc(out, '}');
            continue;
        }
        /* against the first run: t-test, then randomisation */
        for (int test = 0; test < 2; test++) {
            if (json)
                acq_buf_puts(out, test == 0 ? ",\"p_t_test\":{" : ",\"p_randomization\":{");
            else
                acq_buf_printf(out, "%*s", (int)(width + 7), test == 0 ? "p (paired t)" : "p (random.)");
            int first = 1;
            size_t np = 0;
            for (int m = 0; m < ACQ_METRIC_COUNT; m++) {
                if (!shown(mask, m))
                    continue;
                np = paired(&runs[0], &runs[r], m, a, b);
                double p = test == 0 ? acq_ttest_paired(a, b, np) : acq_randomization_test(a, b, np, trials);
                if (json)
                    acq_buf_printf(out, "%s\"%s\":", first ? "" : ",", acq_metric_name(m));
                p_value(out, p, json, colw(m));
                first = 0;
            }
            if (json)
                acq_buf_putc(out, '}');
            else
                acq_buf_printf(out, "   (%zu topics)\n", np);
        }
        if (json)
            acq_buf_putc(out, '}');
    }
    if (json)
        acq_buf_printf(out, "],\"baseline\":%s,\"randomization_trials\":%lu}\n", n ? "0" : "null",
                       trials ? trials : 10000ul);
    acq_free(a);
    acq_free(b);
    return out->failed ? ACQ_ENOMEM : ACQ_OK;
}
