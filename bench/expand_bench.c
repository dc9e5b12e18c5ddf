/* expand_bench.c: what query expansion by instrument names does on a real
 * collection (bench/README.md, "Instruments by name").
 *
 *   expand_bench INDEX [COLLECTION.jsonl[.gz]] [RUNS]
 *
 * INDEX is an index of COLLECTION (default ../shared/corpus/jha-en.jsonl.gz,
 * run from the repository root). For two sets of 20 instruments of the
 * table, each chosen by a rule before any result was seen:
 *   A: the 20 of the citation check (tests/test_knowledge.c);
 *   B: the first 20 other instruments, in table order, that at least one
 *      act of the collection cites (by the extractor);
 * it prints
 *   - the acts citing the instrument by a grep of all its citation forms,
 *     by the citation extractor, and what `cites:CELEX` returns;
 *   - for the query of the instrument's colloquial name (rule: its first
 *     English name in the table that is not an abbreviation), how many
 *     relevant acts are in the top 10 and the top 100, with and without
 *     expansion, and how many relevant acts there are. Relevant (rule
 *     written before measuring): the act is the instrument or its text
 *     cites it (the extractor);
 *   - the latency of each query with and without expansion (median of RUNS,
 *     k = 10, no snippets), and the medians over all queries.
 * The weights of expansion are rules fixed in src/knowledge/expand.h, not
 * values fitted to these queries. */
#include "acquis.h"
#include "ingest/ingest.h"
#include "knowledge/citations.h"
#include "knowledge/instruments.h"
#include "knowledge/shared.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct doc {
    char *id, *celex, *text;
    size_t n;
    char (*cites)[ACQ_CELEX_MAX];
    size_t ncites;
} doc;
static doc *docs;
static size_t ndocs, capdocs;
static const acq_instruments *kb;

static char *dupn(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static int hold(void *ctx, const acq_ingest_doc *d)
{
    (void)ctx;
    if (ndocs == capdocs) {
        capdocs = capdocs ? capdocs * 2 : 4096;
        docs = realloc(docs, capdocs * sizeof *docs);
        if (docs == NULL)
            return ACQ_ENOMEM;
    }
    doc *x = &docs[ndocs++];
    memset(x, 0, sizeof *x);
    x->id = dupn(d->doc.id, d->doc.id_len ? d->doc.id_len : strlen(d->doc.id));
    x->celex = d->doc.celex ? dupn(d->doc.celex, d->doc.celex_len ? d->doc.celex_len : strlen(d->doc.celex))
                            : dupn("", 0);
    x->n = d->doc.text ? (d->doc.text_len ? d->doc.text_len : strlen(d->doc.text)) : 0;
    x->text = dupn(d->doc.text ? d->doc.text : "", x->n);
    acq_citations c = {0};
    if (acq_citations_extract(x->text, x->n, kb, &c) != ACQ_OK)
        return ACQ_ENOMEM;
    x->cites = calloc(c.n + 1, sizeof *x->cites);
    for (size_t i = 0; i < c.n; i++)
        memcpy(x->cites[x->ncites++], c.items[i].celex, ACQ_CELEX_MAX);
    acq_citations_free(&c);
    return ACQ_OK;
}

static int cites(const doc *d, const char *celex)
{
    if (strcmp(d->celex, celex) == 0)
        return 0; /* an act does not cite itself */
    for (size_t i = 0; i < d->ncites; i++)
        if (strcmp(d->cites[i], celex) == 0)
            return 1;
    return 0;
}

/* A citation form in the text, case folded, not inside a longer number
 * or word ("2008/615" is not in "2008/6150"). */
static int grep_form(const doc *d, const char *form)
{
    size_t fl = strlen(form);
    if (fl == 0 || fl > d->n)
        return 0;
    for (size_t i = 0; i + fl <= d->n; i++) {
        if (tolower((unsigned char)d->text[i]) != tolower((unsigned char)form[0]))
            continue;
        if (strncasecmp(d->text + i, form, fl) != 0)
            continue;
        int before = i > 0 && isalnum((unsigned char)d->text[i - 1]);
        int after = i + fl < d->n && isalnum((unsigned char)d->text[i + fl]);
        if (!before && !after)
            return 1;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

static const char *colloquial(const acq_instrument *in)
{
    for (size_t i = 0; i < in->n_names; i++)
        if (!in->names[i].abbr && (strcmp(in->names[i].lang, "en") == 0 || !*in->names[i].lang))
            return in->names[i].text;
    return NULL;
}

typedef struct row {
    const acq_instrument *in;
    const char *query;
    size_t grep, extr, cites_q, relevant;
    size_t top10[2], top100[2];
    double ms[2];
} row;

/* Relevant hits in the top 10 and top 100 of q. */
static void quality(acq_index *ix, const char *q, const char *celex, int expand, size_t *t10, size_t *t100)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 100;
    o.no_expand = !expand;
    acq_results *r;
    char msg[512];
    *t10 = *t100 = 0;
    if (acq_search(&r, ix, q, &o, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "%s: %s\n", q, msg);
        return;
    }
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        int rel = strcmp(h->celex, celex) == 0;
        for (size_t f = 0; f < h->field_count && !rel; f++)
            rel = strcmp(h->fields[f].name, "cites") == 0 && strcmp(h->fields[f].value, celex) == 0;
        /* The cites field holds what the extractor found, the rule's
         * judgement of the text (checked equal below, cites_q = extr). */
        *t100 += rel;
        *t10 += rel && i < 10;
    }
    acq_results_free(r);
}

static double latency(acq_index *ix, const char *q, int expand, int runs)
{
    double *t = calloc((size_t)runs, sizeof *t);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.no_expand = !expand;
    for (int i = 0; i < runs; i++) {
        acq_results *r;
        char msg[256];
        double t0 = now();
        if (acq_search(&r, ix, q, &o, msg, sizeof msg) == ACQ_OK)
            acq_results_free(r);
        t[i] = (now() - t0) * 1000;
    }
    double m = median(t, (size_t)runs);
    free(t);
    return m;
}

static void measure(acq_index *ix, row *w, int runs)
{
    const acq_instrument *in = w->in;
    for (size_t d = 0; d < ndocs; d++) {
        int g = 0;
        if (strcmp(docs[d].celex, in->celex) != 0)
            for (size_t k = 0; k < in->n_forms && !g; k++)
                g = grep_form(&docs[d], in->forms[k]);
        int e = cites(&docs[d], in->celex);
        w->grep += g;
        w->extr += e;
        w->relevant += e || strcmp(docs[d].celex, in->celex) == 0;
    }
    char q[128];
    snprintf(q, sizeof q, "cites:%s", in->celex);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    o.k = 1;
    acq_results *r;
    char msg[256];
    if (acq_search(&r, ix, q, &o, msg, sizeof msg) == ACQ_OK) {
        w->cites_q = (size_t)acq_results_total(r);
        acq_results_free(r);
    }
    w->query = colloquial(in);
    if (w->query == NULL)
        return;
    for (int e = 0; e < 2; e++) {
        quality(ix, w->query, in->celex, e, &w->top10[e], &w->top100[e]);
        w->ms[e] = latency(ix, w->query, e, runs);
    }
}

static void print_set(const char *title, row *rows, size_t n)
{
    printf("\n%s\n\n", title);
    printf("| instrument | CELEX | citing: grep | extractor | cites: | query | relevant | top 10 without / with | "
           "top 100 without / with | ms without / with |\n");
    printf("| --- | --- | --: | --: | --: | --- | --: | --: | --: | --: |\n");
    double a[64], b[64];
    size_t s10[2] = {0}, s100[2] = {0}, rel = 0, rel10 = 0;
    for (size_t i = 0; i < n; i++) {
        row *w = &rows[i];
        printf("| %s | %s | %zu | %zu | %zu | %s | %zu | %zu / %zu | %zu / %zu | %.2f / %.2f |\n", w->in->key,
               w->in->celex, w->grep, w->extr, w->cites_q, w->query ? w->query : "-", w->relevant, w->top10[0],
               w->top10[1], w->top100[0], w->top100[1], w->ms[0], w->ms[1]);
        a[i] = w->ms[0];
        b[i] = w->ms[1];
        for (int e = 0; e < 2; e++) {
            s10[e] += w->top10[e];
            s100[e] += w->top100[e];
        }
        rel += w->relevant < 100 ? w->relevant : 100;
        rel10 += w->relevant < 10 ? w->relevant : 10;
    }
    printf("| all | | | | | | %zu (at most %zu in a top 10) | %zu / %zu | %zu / %zu | median %.2f / %.2f |\n", rel,
           rel10, s10[0], s10[1], s100[0], s100[1], median(a, n), median(b, n));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: expand_bench INDEX [COLLECTION.jsonl[.gz]] [RUNS]\n");
        return 2;
    }
    const char *path = argc > 2 ? argv[2] : "../shared/corpus/jha-en.jsonl.gz";
    int runs = argc > 3 ? atoi(argv[3]) : 21;
    if (runs < 1)
        runs = 1;
    kb = acq_instruments_shared();
    if (kb == NULL) {
        fprintf(stderr, "the instruments table does not load\n");
        return 2;
    }
    acq_ingest_callbacks cb = {.doc = hold};
    acq_err err = {0};
    if (acq_ingest_path(path, &cb, NULL, &err) != ACQ_OK) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        return 2;
    }
    acq_index *ix;
    char msg[512];
    if (acq_index_open(&ix, argv[1], msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "%s\n", msg);
        return 2;
    }
    static const char *const set_a[20] = {
        "prum-decision", "prum-implementing-decision", "swedish-initiative", "europol-decision",
        "eurojust-decision", "eaw-framework-decision", "terrorism-framework-decision",
        "data-protection-framework-decision", "data-protection-directive",
        "schengen-borders-code-2006", "sis-ii-regulation", "sis-ii-decision", "vis-regulation",
        "visa-list-regulation-2001", "visa-code", "frontex-regulation", "dublin-ii-regulation",
        "eurodac-regulation-2000", "return-directive", "aml-directive-3"};
    row a[20], b[20];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    for (size_t i = 0; i < 20; i++) {
        a[i].in = acq_instruments_by_key(kb, set_a[i]);
        if (a[i].in == NULL) {
            fprintf(stderr, "%s is not in the table\n", set_a[i]);
            return 2;
        }
        measure(ix, &a[i], runs);
    }
    size_t nb = 0;
    for (size_t i = 0; i < acq_instruments_count(kb) && nb < 20; i++) {
        const acq_instrument *in = acq_instruments_get(kb, i);
        int in_a = 0;
        for (size_t j = 0; j < 20; j++)
            in_a |= strcmp(in->key, set_a[j]) == 0;
        size_t citing = 0;
        for (size_t d = 0; d < ndocs && !citing && !in_a; d++)
            citing += cites(&docs[d], in->celex);
        if (in_a || !citing)
            continue;
        b[nb].in = in;
        measure(ix, &b[nb], runs);
        nb++;
    }
    printf("%zu documents of %s; latency: median of %d runs, k = 10, no snippets, one thread\n", ndocs, path, runs);
    print_set("Set A: the 20 instruments of the citation check", a, 20);
    print_set("Set B: the first 20 other instruments of the table that an act of the collection cites", b, nb);
    acq_index_close(ix);
    return 0;
}
