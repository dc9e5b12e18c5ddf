/* test_facets.c: facet counts and collapsing, checked against brute force
 * over a random collection: every facet value's count equals the number of
 * matching documents holding it (per type, lang, year and an extra,
 * multi-valued field, across several segments with deletions), and
 * collapsing keeps exactly the best-scoring match per value with the right
 * number folded into it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

#define NDOCS 400
static const char *types[] = {"REG", "DIR", "DEC", "TREATY"};
static const char *langs[] = {"en", "fr", "de"};
static const char *topics[] = {"Police cooperation", "Visa policy", "Europol", "Asylum", "Banking"};
/* Made-up words that no language's stemmer changes (documents are en, fr, de). */
static const char *words[] = {"zork", "quux", "plugh", "brrt"};

typedef struct model_doc {
    char id[16], celex[16], date[16], text[128];
    int type, lang, year, topic_mask, live;
} model_doc;
static model_doc docs[NDOCS];

static unsigned rng = 12345;
static unsigned next(void) { rng = rng * 1103515245u + 12345u; return (rng >> 8) & 0xFFFFFF; }

static char *build(void)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.merge_factor = 1; /* keep several segments */
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (int i = 0; i < NDOCS; i++) {
        model_doc *d = &docs[i];
        snprintf(d->id, sizeof d->id, "d%d", i);
        /* Several versions per act: about 3 documents per CELEX. */
        snprintf(d->celex, sizeof d->celex, "3%04dR%04d", 1990 + i % 20, i / 3);
        d->type = (int)(next() % 4);
        d->lang = (int)(next() % 3);
        d->year = 1995 + (int)(next() % 8);
        snprintf(d->date, sizeof d->date, "%d-0%u-1%u", d->year, 1 + next() % 9, next() % 10);
        d->topic_mask = (int)(next() % 32);
        int n = 1 + (int)(next() % 6);
        d->text[0] = '\0';
        for (int k = 0; k < n; k++) {
            strcat(d->text, words[next() % 4]);
            strcat(d->text, " ");
        }
        d->live = 1;
        acq_document doc = {0};
        doc.id = d->id;
        doc.title = d->celex;
        doc.text = d->text;
        doc.type = types[d->type];
        doc.lang = langs[d->lang];
        doc.date = d->date;
        doc.celex = d->celex;
        acq_field f[5];
        size_t nf = 0;
        for (int t = 0; t < 5; t++)
            if (d->topic_mask & (1 << t)) {
                f[nf].name = "topic";
                f[nf].value = topics[t];
                f[nf].value_len = 0;
                nf++;
            }
        cr_assert_eq(acq_writer_add_fields(w, &doc, f, nf), ACQ_OK, "%s", acq_writer_errmsg(w));
        if (i % 100 == 99)
            cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    for (int i = 0; i < NDOCS; i += 7) {
        cr_assert_eq(acq_writer_delete(w, docs[i].id), ACQ_OK);
        docs[i].live = 0;
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_gt(acq_writer_segment_count(w), 1);
    acq_writer_close(w);
    return dir;
}

static int matches(const model_doc *d, const char *word)
{
    return d->live && strstr(d->text, word) != NULL;
}

static uint64_t facet_count(const acq_results *r, const char *facet, const char *value, uint64_t *distinct)
{
    for (size_t i = 0; i < acq_results_facets(r); i++) {
        const acq_facet_value *v;
        size_t n;
        const char *name = acq_results_facet(r, i, &v, &n, distinct);
        if (strcmp(name, facet) != 0)
            continue;
        for (size_t k = 0; k < n; k++)
            if (strcmp(v[k].value, value) == 0)
                return v[k].count;
        return 0;
    }
    cr_assert_fail("no facet %s", facet);
    return 0;
}

Test(facets, counts_equal_a_brute_force_count)
{
    char *dir = build();
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (int wi = 0; wi < 4; wi++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.facets = "type, lang,year,topic";
        o.facet_limit = 100;
        acq_results *r;
        cr_assert_eq(acq_search(&r, ix, words[wi], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_eq(acq_results_facets(r), 4);
        uint64_t total = 0, distinct;
        for (int i = 0; i < NDOCS; i++)
            total += (uint64_t)matches(&docs[i], words[wi]);
        cr_assert_eq(acq_results_total(r), total, "%s: %llu vs %llu", words[wi], (unsigned long long)acq_results_total(r), (unsigned long long)total);
        for (int t = 0; t < 4; t++) {
            uint64_t want = 0;
            for (int i = 0; i < NDOCS; i++)
                want += (uint64_t)(matches(&docs[i], words[wi]) && docs[i].type == t);
            cr_assert_eq(facet_count(r, "type", types[t], &distinct), want, "%s %s", words[wi], types[t]);
        }
        for (int l = 0; l < 3; l++) {
            uint64_t want = 0;
            for (int i = 0; i < NDOCS; i++)
                want += (uint64_t)(matches(&docs[i], words[wi]) && docs[i].lang == l);
            cr_assert_eq(facet_count(r, "lang", langs[l], &distinct), want);
        }
        for (int y = 1995; y < 2003; y++) {
            uint64_t want = 0;
            char ys[8];
            snprintf(ys, sizeof ys, "%d", y);
            for (int i = 0; i < NDOCS; i++)
                want += (uint64_t)(matches(&docs[i], words[wi]) && docs[i].year == y);
            cr_assert_eq(facet_count(r, "year", ys, &distinct), want, "%d", y);
        }
        for (int t = 0; t < 5; t++) {
            uint64_t want = 0;
            for (int i = 0; i < NDOCS; i++)
                want += (uint64_t)(matches(&docs[i], words[wi]) && (docs[i].topic_mask & (1 << t)));
            cr_assert_eq(facet_count(r, "topic", topics[t], &distinct), want, "%s", topics[t]);
        }
        cr_assert_eq(distinct, 5);
        /* Values come most frequent first. */
        const acq_facet_value *v;
        size_t n;
        acq_results_facet(r, 0, &v, &n, NULL);
        for (size_t k = 1; k < n; k++)
            cr_assert_geq(v[k - 1].count, v[k].count);
        acq_results_free(r);
    }
    /* A limit keeps the most frequent; an unknown field is an error. */
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.facets = "year";
    o.facet_limit = 3;
    acq_results *r;
    cr_assert_eq(acq_search(&r, ix, "zork", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    const acq_facet_value *v;
    size_t n;
    uint64_t distinct;
    cr_assert_str_eq(acq_results_facet(r, 0, &v, &n, &distinct), "year");
    cr_assert_eq(n, 3);
    cr_assert_eq(distinct, 8);
    acq_results_free(r);
    o.facets = "type,nonesuch";
    cr_assert_eq(acq_search(&r, ix, "zork", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert(strstr(msg, "nonesuch") != NULL && strstr(msg, "topic") != NULL, "%s", msg);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(facets, collapse_keeps_the_best_match_per_value)
{
    char *dir = build();
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_search_options all = ACQ_SEARCH_OPTIONS_INIT;
    all.k = NDOCS;
    all.exhaustive = 1;
    acq_results *full;
    cr_assert_eq(acq_search(&full, ix, "zork plugh", &all, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = NDOCS;
    o.collapse = "celex";
    acq_results *r;
    cr_assert_eq(acq_search(&r, ix, "zork plugh", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    /* Brute force: walk the full ranking, keep the first hit of each CELEX. */
    char seen[NDOCS][16];
    size_t nseen = 0, want_folded[NDOCS] = {0};
    const acq_hit *kept[NDOCS];
    for (size_t i = 0; i < acq_results_count(full); i++) {
        const acq_hit *h = acq_results_hit(full, i);
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], h->celex) != 0)
            k++;
        if (k == nseen) {
            snprintf(seen[nseen], sizeof seen[nseen], "%s", h->celex);
            kept[nseen++] = h;
        } else
            want_folded[k]++;
    }
    cr_assert_eq(acq_results_count(r), nseen);
    cr_assert_eq(acq_results_total(r), nseen);
    for (size_t i = 0; i < nseen; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        cr_assert_str_eq(h->id, kept[i]->id, "rank %zu", i);
        cr_assert_float_eq(h->score, kept[i]->score, 1e-12);
        cr_assert_eq(h->collapsed, want_folded[i], "%s", h->id);
    }
    acq_results_free(r);
    /* Paging through a collapsed result gives the same hits. */
    o.k = 5;
    o.offset = 5;
    cr_assert_eq(acq_search(&r, ix, "zork plugh", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < acq_results_count(r); i++)
        cr_assert_str_eq(acq_results_hit(r, i)->id, kept[5 + i]->id);
    acq_results_free(r);
    o.collapse = "year";
    cr_assert_eq(acq_search(&r, ix, "zork", &o, msg, sizeof msg), ACQ_EARG);
    o.collapse = "nonesuch";
    cr_assert_eq(acq_search(&r, ix, "zork", &o, msg, sizeof msg), ACQ_EARG);
    acq_results_free(full);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
