/* test_search.c: every query operator against a brute-force evaluator on a
 * generated corpus: terms in body and title, exact phrases (never across
 * the title/text boundary), proximity windows, prefixes, MUST / SHOULD /
 * MUST_NOT / FILTER combinations and date filters, on one segment and on
 * many. Trees are built by hand so that this tests the search alone. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "common/alloc.h"
#include "search/search.h"
#include "segment/format.h"
#include "support.h"

/* Words the English chain leaves as they are (no stemming, no stopwords). */
static const char *W[] = {"kav", "lom", "nep", "tur", "sib", "dax", "fuj", "gop", "hin", "jel", "mow", "quz"};
#define NW 12
#define NDOCS 600
#define MAXLEN 48

typedef struct gdoc {
    int title[3], ntitle;
    int text[MAXLEN], ntext;
    uint32_t date;
} gdoc;

static gdoc docs[NDOCS];

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void generate(unsigned seed)
{
    for (int d = 0; d < NDOCS; d++) {
        gdoc *g = &docs[d];
        g->ntitle = 1 + (int)(rnd(&seed) % 3);
        for (int i = 0; i < g->ntitle; i++)
            g->title[i] = (int)(rnd(&seed) % NW);
        g->ntext = 3 + (int)(rnd(&seed) % (MAXLEN - 3));
        for (int i = 0; i < g->ntext; i++) {
            int k = (int)(rnd(&seed) % NW);
            g->text[i] = k * k / NW; /* skewed: early words more frequent */
        }
        g->date = (2000 + rnd(&seed) % 20) * 10000 + (1 + rnd(&seed) % 12) * 100 + 1 + rnd(&seed) % 28;
    }
}

static char *build_index(size_t budget)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    acq_writer *w;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    for (int d = 0; d < NDOCS; d++) {
        char id[16], title[64] = "", text[MAXLEN * 5] = "", date[16];
        snprintf(id, sizeof id, "d%03d", d);
        for (int i = 0; i < docs[d].ntitle; i++)
            strcat(strcat(title, W[docs[d].title[i]]), " ");
        for (int i = 0; i < docs[d].ntext; i++)
            strcat(strcat(text, W[docs[d].text[i]]), " ");
        snprintf(date, sizeof date, "%04u-%02u-%02u", docs[d].date / 10000, docs[d].date / 100 % 100, docs[d].date % 100);
        acq_document doc = {0};
        doc.id = id;
        doc.title = title;
        doc.text = text;
        doc.date = date;
        cr_assert_eq(acq_writer_add(w, &doc), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

/* ---- brute force ---------------------------------------------------------- */

/* Body positions: title at 0.., text at ntitle + gap. */
static int body_word(const gdoc *g, uint32_t pos)
{
    if (pos < (uint32_t)g->ntitle)
        return g->title[pos];
    uint32_t ts = (uint32_t)g->ntitle + ACQ_FIELD_GAP;
    if (pos >= ts && pos < ts + (uint32_t)g->ntext)
        return g->text[pos - ts];
    return -1;
}

static int word_index(const char *w)
{
    for (int i = 0; i < NW; i++)
        if (strcmp(W[i], w) == 0)
            return i;
    return -1;
}

static int bf_match(const acq_qnode *q, const gdoc *g);

static int bf_phrase(const acq_qnode *q, const gdoc *g)
{
    uint32_t ts = (uint32_t)g->ntitle + ACQ_FIELD_GAP, end = ts + (uint32_t)g->ntext;
    if (q->slop == 0) {
        for (uint32_t start = 0; start < end; start++) {
            int ok = 1;
            uint32_t last = start + q->positions[q->nterms - 1];
            for (size_t i = 0; i < q->nterms && ok; i++)
                ok = body_word(g, start + q->positions[i]) == word_index(q->terms[i]);
            int region = q->field == ACQ_FIELD_TITLE ? last < ts : (last < ts || start >= ts);
            if (ok && region)
                return 1;
        }
        return 0;
    }
    /* proximity: some window [lo, hi] holds every term, hi - lo <= slop + n - 1 */
    uint32_t span = q->slop + (uint32_t)q->nterms - 1;
    for (uint32_t lo = 0; lo < end; lo++) {
        uint32_t hi = lo + span;
        int region = q->field == ACQ_FIELD_TITLE ? hi < ts || (lo < ts && 0) : 1;
        int all = 1;
        for (size_t i = 0; i < q->nterms && all; i++) {
            int found = 0;
            for (uint32_t p = lo; p <= hi && !found; p++) {
                int same_side = (lo < ts) == (p < ts);
                found = same_side && body_word(g, p) == word_index(q->terms[i]);
            }
            all = found;
        }
        if (all && region && q->field != ACQ_FIELD_TITLE)
            return 1;
        if (all && q->field == ACQ_FIELD_TITLE && lo < ts) {
            /* every found position must be in the title */
            int in_title = 1;
            for (size_t i = 0; i < q->nterms && in_title; i++) {
                int found = 0;
                for (uint32_t p = lo; p <= hi && p < ts && !found; p++)
                    found = body_word(g, p) == word_index(q->terms[i]);
                in_title = found;
            }
            if (in_title)
                return 1;
        }
    }
    return 0;
}

static int bf_match(const acq_qnode *q, const gdoc *g)
{
    switch (q->kind) {
    case ACQ_Q_TERM: {
        int w = word_index(q->terms[0]);
        for (int i = 0; i < g->ntitle; i++)
            if (g->title[i] == w)
                return 1;
        for (int i = 0; q->field == ACQ_FIELD_BODY && i < g->ntext; i++)
            if (g->text[i] == w)
                return 1;
        return 0;
    }
    case ACQ_Q_PHRASE:
        return bf_phrase(q, g);
    case ACQ_Q_PREFIX: {
        size_t n = strlen(q->terms[0]);
        for (int i = 0; i < g->ntitle; i++)
            if (strncmp(W[g->title[i]], q->terms[0], n) == 0)
                return 1;
        for (int i = 0; i < g->ntext; i++)
            if (strncmp(W[g->text[i]], q->terms[0], n) == 0)
                return 1;
        return 0;
    }
    case ACQ_Q_DATE:
        return g->date >= q->date_from && g->date <= q->date_to;
    case ACQ_Q_BOOL: {
        int nmust = 0, nreq = 0, any_should = 0, nshould = 0;
        for (size_t i = 0; i < q->nkids; i++) {
            int m = bf_match(q->kids[i], g);
            switch (q->kids[i]->occur) {
            case ACQ_MUST: if (!m) return 0; nmust++; nreq++; break;
            case ACQ_FILTER: if (!m) return 0; nreq++; break;
            case ACQ_MUST_NOT: if (m) return 0; break;
            default: nshould++; any_should |= m; break;
            }
        }
        /* Without a MUST clause one SHOULD must match, filters or not. */
        if (nmust == 0 && nshould > 0)
            return any_should;
        return nreq > 0;
    }
    default:
        return 0;
    }
}

/* ---- building trees ---------------------------------------------------------- */

static acq_qnode *node(acq_qkind kind, acq_occur occur)
{
    acq_qnode *n = acq_calloc(1, sizeof *n);
    n->kind = kind;
    n->occur = occur;
    n->field = ACQ_FIELD_BODY;
    return n;
}

static acq_qnode *term(const char *w, acq_occur occur, int field)
{
    acq_qnode *n = node(ACQ_Q_TERM, occur);
    n->field = field;
    n->terms = acq_calloc(1, sizeof(char *));
    n->terms[0] = acq_strdup(w);
    n->nterms = 1;
    return n;
}

static acq_qnode *phrase(const char *a, const char *b, uint32_t gap, uint32_t slop, acq_occur occur, int field)
{
    acq_qnode *n = node(ACQ_Q_PHRASE, occur);
    n->field = field;
    n->terms = acq_calloc(2, sizeof(char *));
    n->positions = acq_calloc(2, sizeof(uint32_t));
    n->terms[0] = acq_strdup(a);
    n->terms[1] = acq_strdup(b);
    n->positions[1] = gap;
    n->nterms = 2;
    n->slop = slop;
    return n;
}

static acq_qnode *prefix(const char *p, acq_occur occur)
{
    acq_qnode *n = term(p, occur, ACQ_FIELD_BODY);
    n->kind = ACQ_Q_PREFIX;
    return n;
}

static acq_qnode *date(uint32_t from, uint32_t to, acq_occur occur)
{
    acq_qnode *n = node(ACQ_Q_DATE, occur);
    n->date_from = from;
    n->date_to = to;
    return n;
}

static acq_qnode *boolean(acq_occur occur, size_t n, acq_qnode **kids)
{
    acq_qnode *b = node(ACQ_Q_BOOL, occur);
    b->kids = acq_calloc(n, sizeof *kids);
    memcpy(b->kids, kids, n * sizeof *kids);
    b->nkids = n;
    return b;
}

static void free_tree(acq_qnode *q)
{
    for (size_t i = 0; i < q->nkids; i++)
        free_tree(q->kids[i]);
    for (size_t i = 0; i < q->nterms; i++)
        acq_free(q->terms[i]);
    acq_free(q->terms);
    acq_free(q->positions);
    acq_free(q->kids);
    acq_free(q);
}

/* A random tree of depth <= 2 over the vocabulary. */
static acq_qnode *random_leaf(unsigned *s, acq_occur occur)
{
    switch (rnd(s) % 7) {
    case 0: case 1: case 2: return term(W[rnd(s) % NW], occur, rnd(s) % 4 ? ACQ_FIELD_BODY : ACQ_FIELD_TITLE);
    case 3: return phrase(W[rnd(s) % NW], W[rnd(s) % NW], 1 + rnd(s) % 2, 0, occur, rnd(s) % 4 ? ACQ_FIELD_BODY : ACQ_FIELD_TITLE);
    case 4: return phrase(W[rnd(s) % NW], W[rnd(s) % NW], 1, rnd(s) % 6, occur, ACQ_FIELD_BODY);
    case 5: { char p[3] = {W[rnd(s) % NW][0], 0, 0}; return prefix(p, occur); }
    default: {
        uint32_t y = 2000 + rnd(s) % 20;
        return date(y * 10000, (y + rnd(s) % 5) * 10000 + 1299, occur);
    }
    }
}

static acq_qnode *random_tree(unsigned *s, int depth)
{
    size_t n = 1 + rnd(s) % 4;
    acq_qnode *kids[4];
    for (size_t i = 0; i < n; i++) {
        acq_occur occ = (acq_occur)(rnd(s) % 4);
        kids[i] = depth > 0 && rnd(s) % 3 == 0 ? random_tree(s, depth - 1) : random_leaf(s, occ);
        kids[i]->occur = occ;
    }
    return boolean(ACQ_SHOULD, n, kids);
}

static void check(acq_index *ix, const acq_qnode *q, const char *what)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = NDOCS;
    acq_results *r;
    acq_err err = {0};
    cr_assert_eq(acq_search_tree(&r, ix, q, &o, &err), ACQ_OK, "%s: %s", what, err.msg);
    char hit[NDOCS] = {0};
    double prev = 1e300;
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        int d = atoi(h->id + 1);
        hit[d] = 1;
        cr_assert_leq(h->score, prev, "%s: scores must not increase", what);
        prev = h->score;
    }
    size_t want = 0;
    for (int d = 0; d < NDOCS; d++) {
        int m = bf_match(q, &docs[d]);
        want += (size_t)m;
        cr_assert_eq(hit[d], m, "%s: document d%03d %s", what, d, m ? "missed" : "matched wrongly");
    }
    cr_assert_eq(acq_results_total(r), want, "%s: count", what);
    acq_results_free(r);
}

Test(search, every_operator_against_brute_force)
{
    generate(1);
    char *one = build_index(0), *many = build_index(64 * 1024);
    char msg[256];
    acq_index *a, *b;
    cr_assert_eq(acq_index_open(&a, one, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_index_open(&b, many, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_gt(b->nsegs, 1);
    unsigned seed = 99;
    for (int round = 0; round < 250; round++) {
        acq_qnode *q = random_tree(&seed, 2);
        char what[32];
        snprintf(what, sizeof what, "tree %d", round);
        check(a, q, what);
        check(b, q, what);
        free_tree(q);
    }
    acq_index_close(a);
    acq_index_close(b);
    test_rmrf(one);
    test_rmrf(many);
    free(one);
    free(many);
}

Test(search, phrases_respect_order_gaps_and_the_title_boundary)
{
    generate(2);
    /* Force a document whose title ends with kav and text starts with lom. */
    docs[0].ntitle = 1;
    docs[0].title[0] = 0;
    docs[0].ntext = 3;
    docs[0].text[0] = 1;
    docs[0].text[1] = 2;
    docs[0].text[2] = 3;
    char *dir = build_index(0);
    char msg[256];
    acq_index *ix;
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const struct { const char *a, *b; uint32_t gap, slop; int field; } cases[] = {
        {"kav", "lom", 1, 0, ACQ_FIELD_BODY},   /* spans title/text: must not match d000 */
        {"lom", "nep", 1, 0, ACQ_FIELD_BODY},
        {"nep", "lom", 1, 0, ACQ_FIELD_BODY},   /* order matters */
        {"lom", "tur", 2, 0, ACQ_FIELD_BODY},   /* a gap (as a stopword would leave) */
        {"kav", "lom", 1, 5, ACQ_FIELD_BODY},   /* proximity never spans the boundary */
        {"tur", "lom", 1, 1, ACQ_FIELD_BODY},   /* any order within the window */
        {"kav", "kav", 1, 0, ACQ_FIELD_BODY},   /* repeated word */
        {"kav", "lom", 1, 0, ACQ_FIELD_TITLE},
        {"lom", "kav", 1, 3, ACQ_FIELD_TITLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acq_qnode *q = phrase(cases[i].a, cases[i].b, cases[i].gap, cases[i].slop, ACQ_SHOULD, cases[i].field);
        char what[64];
        snprintf(what, sizeof what, "case %zu", i);
        check(ix, q, what);
        free_tree(q);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(search, filters_do_not_change_scores)
{
    generate(3);
    char *dir = build_index(0);
    char msg[256];
    acq_index *ix;
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_qnode *plain_kids[] = {term("kav", ACQ_SHOULD, ACQ_FIELD_BODY), term("nep", ACQ_SHOULD, ACQ_FIELD_BODY)};
    acq_qnode *plain = boolean(ACQ_SHOULD, 2, plain_kids);
    acq_qnode *filt_kids[] = {term("kav", ACQ_SHOULD, ACQ_FIELD_BODY), term("nep", ACQ_SHOULD, ACQ_FIELD_BODY),
                              date(20050000, 20101299, ACQ_FILTER)};
    acq_qnode *filtered = boolean(ACQ_SHOULD, 3, filt_kids);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = NDOCS;
    acq_results *r1, *r2;
    acq_err err = {0};
    cr_assert_eq(acq_search_tree(&r1, ix, plain, &o, &err), ACQ_OK);
    cr_assert_eq(acq_search_tree(&r2, ix, filtered, &o, &err), ACQ_OK);
    cr_assert_gt(acq_results_count(r2), 0);
    cr_assert_lt(acq_results_count(r2), acq_results_count(r1));
    for (size_t i = 0; i < acq_results_count(r2); i++) {
        const acq_hit *h = acq_results_hit(r2, i);
        int found = 0;
        for (size_t j = 0; j < acq_results_count(r1) && !found; j++)
            if (strcmp(acq_results_hit(r1, j)->id, h->id) == 0) {
                cr_assert_float_eq(acq_results_hit(r1, j)->score, h->score, 1e-12);
                found = 1;
            }
        cr_assert(found);
        cr_assert_geq(strcmp(h->date, "2005"), 0);
        cr_assert_lt(strcmp(h->date, "2011"), 0);
    }
    acq_results_free(r1);
    acq_results_free(r2);
    free_tree(plain);
    free_tree(filtered);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
