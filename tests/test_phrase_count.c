/* test_phrase_count.c: on real EUR-Lex passages, `--count` of a phrase
 * equals the number of passages whose analysed title or text contains the
 * phrase's terms at consecutive positions, found by a brute-force scan over
 * the stored texts (read back through the index). A slice of the corpus
 * keeps the test quick, under the sanitizers too. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "acquis.h"
#include "analysis/analyzer.h"
#include "index/reader.h"
#include "support.h"

#define SLICE 6000

static char *slice_index(void)
{
    char src[4096];
    snprintf(src, sizeof src, "%s/corpus/eurlex-en-passages.jsonl.gz", ACQ_SHARED_DIR);
    if (!test_exists(src))
        return NULL;
    char *dir = test_tmpdir();
    char part[4200];
    snprintf(part, sizeof part, "%s/slice.jsonl", dir);
    gzFile in = gzopen(src, "rb");
    FILE *out = fopen(part, "wb");
    cr_assert(in && out);
    static char line[1 << 22];
    for (int n = 0; n < SLICE && gzgets(in, line, sizeof line); n++)
        fputs(line, out);
    gzclose(in);
    fclose(out);
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "%s index -q -o '%s/ix' '%s' 2>&1", ACQ_CLI_PATH, dir, part);
    cr_assert_eq(test_run(cmd, &o), 0, "%s", o);
    free(o);
    return dir;
}

/* Analysed terms of a string, with positions. */
typedef struct toks {
    char (*t)[64];
    uint32_t *pos;
    size_t n, cap;
} toks;

static void analyse(acq_analyzer *a, const char *s, size_t len, uint32_t first, toks *out)
{
    acq_token_stream st;
    acq_token t;
    acq_token_stream_init(&st, s, len, first);
    while (acq_analyze_next(a, &st, &t) == 1) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 1024;
            out->t = realloc(out->t, out->cap * sizeof *out->t);
            out->pos = realloc(out->pos, out->cap * sizeof *out->pos);
        }
        snprintf(out->t[out->n], 64, "%.*s", (int)t.len, t.term);
        out->pos[out->n++] = t.pos;
    }
}

static int contains(const toks *d, const toks *p)
{
    for (size_t i = 0; i + p->n <= d->n; i++) {
        int ok = 1;
        for (size_t j = 0; j < p->n && ok; j++)
            ok = strcmp(d->t[i + j], p->t[j]) == 0 && d->pos[i + j] - d->pos[i] == p->pos[j] - p->pos[0];
        if (ok)
            return 1;
    }
    return 0;
}

Test(phrase_count, count_equals_a_brute_force_scan)
{
    char *dir = slice_index();
    if (dir == NULL)
        cr_skip_test("%s/corpus/eurlex-en-passages.jsonl.gz is not there (shared test data)", ACQ_SHARED_DIR);
    char ixdir[4200];
    snprintf(ixdir, sizeof ixdir, "%s/ix", dir);
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, ixdir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {"en", 1, 1};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    const char *phrases[] = {"money laundering", "Member States", "competent authorities",
                             "financial institutions", "European Parliament", "credit institution"};
    size_t np = sizeof phrases / sizeof phrases[0];
    size_t want[8] = {0};
    toks p[8] = {{0}}, d = {0};
    for (size_t k = 0; k < np; k++)
        analyse(a, phrases[k], strlen(phrases[k]), 0, &p[k]);
    acq_buf rec = {0};
    for (size_t si = 0; si < ix->nsegs; si++) {
        acq_segment *s = &ix->segs[si];
        for (uint32_t doc = 0; doc < s->doc_count; doc++) {
            const char *f[7], *t;
            size_t fl[7], tl;
            d.n = 0;
            cr_assert_eq(acq_segment_record(s, 0, doc, &rec, &err), ACQ_OK, "%s", err.msg);
            cr_assert_eq(acq_record_fields(rec.data, rec.len, 7, f, fl), 0);
            /* title first, then the text after the field gap */
            char *title = strndup(f[1], fl[1]);
            analyse(a, title, fl[1], 0, &d);
            free(title);
            cr_assert_eq(acq_segment_record(s, 1, doc, &rec, &err), ACQ_OK, "%s", err.msg);
            cr_assert_eq(acq_record_fields(rec.data, rec.len, 1, &t, &tl), 0);
            toks text = {0};
            analyse(a, t, tl, 1000000, &text); /* far away: no phrase spans the two */
            for (size_t i = 0; i < text.n; i++) {
                if (d.n == d.cap) {
                    d.cap = d.cap ? d.cap * 2 : 1024;
                    d.t = realloc(d.t, d.cap * sizeof *d.t);
                    d.pos = realloc(d.pos, d.cap * sizeof *d.pos);
                }
                memcpy(d.t[d.n], text.t[i], 64);
                d.pos[d.n++] = text.pos[i];
            }
            free(text.t);
            free(text.pos);
            for (size_t k = 0; k < np; k++)
                want[k] += (size_t)contains(&d, &p[k]);
        }
    }
    for (size_t k = 0; k < np; k++) {
        char q[128];
        snprintf(q, sizeof q, "\"%s\"", phrases[k]);
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.count = 1;
        acq_results *r;
        cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_gt(want[k], 0, "%s never occurs: a useless check", phrases[k]);
        cr_assert_eq(acq_results_total(r), want[k], "%s: count %llu, scan %zu", phrases[k],
                     (unsigned long long)acq_results_total(r), want[k]);
        acq_results_free(r);
        free(p[k].t);
        free(p[k].pos);
    }
    free(d.t);
    free(d.pos);
    acq_buf_free(&rec);
    acq_analyzer_close(a);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
