/* scorers.c: the scorers of scorer.h. */
#include "search/scorer.h"
#include "search/concept.h"

#include "common/alloc.h"
#include "query/query.h"

#include <stdio.h>
#include <stdlib.h>

static int oom(acq_err *err) { return acq_err_set(err, ACQ_ENOMEM, "out of memory building the query"); }

static inline uint32_t field_len(const acq_segment *s, int field, uint32_t doc)
{
    if (field == ACQ_FIELD_BODY || field == ACQ_FIELD_TITLE)
        return acq_segment_len(s, field, doc);
    return 1;
}

static const acq_bm25 *field_bm25(const acq_leaf_ctx *c, int field)
{
    static const acq_bm25 keyword = {0.9, 0.4, 1.0};
    return field == ACQ_FIELD_TITLE ? &c->title : field == ACQ_FIELD_BODY ? &c->body : &keyword;
}

/* ---- term --------------------------------------------------------------- */

typedef struct term_scorer {
    acq_scorer base;
    acq_postings p;
    acq_segment *seg;
    acq_bm25 m;
    int field, empty;
    double idf;
    char label[96];
} term_scorer;

static uint32_t term_advance(acq_scorer *s, uint32_t target)
{
    term_scorer *t = (term_scorer *)s;
    if (t->empty)
        return ACQ_NO_DOC;
    uint32_t d = acq_postings_advance(&t->p, target);
    if (t->p.corrupt)
        s->corrupt = t->p.corrupt;
    return d;
}

static double term_score(acq_scorer *s)
{
    term_scorer *t = (term_scorer *)s;
    return t->idf * acq_bm25_tf(&t->m, acq_postings_tf(&t->p), field_len(t->seg, t->field, s->doc));
}

static void term_explain(acq_scorer *s, acq_buf *out, int depth)
{
    term_scorer *t = (term_scorer *)s;
    uint32_t dl = field_len(t->seg, t->field, s->doc);
    acq_buf_printf(out, "%*s%.4f  %s: tf %u, idf %.4f, field length %u (average %.1f), k1 %.2f, b %.2f\n",
                   depth * 2, "", term_score(s), t->label, acq_postings_tf(&t->p), t->idf, dl, t->m.avgdl,
                   t->m.k1, t->m.b);
}

static void plain_destroy(acq_scorer *s) { acq_free(s); }

static const acq_scorer_vt term_vt = {term_advance, term_score, term_explain, plain_destroy};

acq_scorer *acq_term_scorer(const acq_leaf_ctx *c, int field, const acq_term_meta *meta, double idf,
                            const char *label, acq_err *err)
{
    term_scorer *t = acq_calloc(1, sizeof *t);
    if (t == NULL) {
        oom(err);
        return NULL;
    }
    t->base.vt = &term_vt;
    t->seg = c->seg;
    t->field = field;
    t->m = *field_bm25(c, field);
    t->idf = idf;
    snprintf(t->label, sizeof t->label, "%s", label);
    if (meta == NULL)
        t->empty = 1;
    else if (acq_postings_open(&t->p, c->seg, meta, err) != ACQ_OK) {
        acq_free(t);
        return NULL;
    }
    return &t->base;
}

/* ---- phrase and proximity ------------------------------------------------ */

typedef struct pos_entry {
    uint32_t pos;
    uint32_t term;
} pos_entry;

typedef struct phrase_scorer {
    acq_scorer base;
    acq_postings *p;
    uint32_t *rel;
    size_t n;
    uint32_t slop;
    int field, empty;
    acq_segment *seg;
    acq_bm25 m;
    double idf;
    uint32_t freq;
    uint32_t **pos;        /* scratch: positions of each term in the doc */
    uint32_t *npos, *cap;
    pos_entry *merged;     /* scratch for proximity */
    size_t merged_cap;
    uint32_t *seen;        /* scratch: per-term counts in the window */
    const double *threshold; /* top-k pruning at the root, or NULL */
    char label[160];
} phrase_scorer;

static int load_positions(phrase_scorer *ph)
{
    for (size_t i = 0; i < ph->n; i++) {
        uint32_t tf = acq_postings_tf(&ph->p[i]);
        if (tf > acq_postings_pos_capacity(&ph->p[i])) {
            ph->base.corrupt = ACQ_DAMAGED_POS; /* more positions than the file holds */
            return -1;
        }
        if (tf > ph->cap[i]) {
            size_t c = ph->cap[i];
            if (acq_grow((void **)&ph->pos[i], &c, tf, sizeof(uint32_t)) != 0) {
                ph->base.oom = 1;
                return -1;
            }
            ph->cap[i] = (uint32_t)c;
        }
        int got = acq_postings_positions(&ph->p[i], ph->pos[i], ph->cap[i]);
        if (got < 0) {
            ph->base.corrupt = ph->p[i].corrupt ? ph->p[i].corrupt : ACQ_DAMAGED_POS;
            return -1;
        }
        ph->npos[i] = (uint32_t)got;
    }
    return 0;
}

/* The title occupies positions below text_start; a match must lie on one
 * side, and inside the title for title-field phrases. */
static int region_ok(const phrase_scorer *ph, uint32_t lo, uint32_t hi, uint32_t text_start)
{
    if (ph->field == ACQ_FIELD_TITLE)
        return hi < text_start;
    return (hi < text_start) || (lo >= text_start);
}

static uint32_t exact_freq(phrase_scorer *ph, uint32_t text_start)
{
    uint32_t freq = 0;
    size_t *at = (size_t *)ph->seen; /* reuse scratch as cursors */
    for (size_t i = 0; i < ph->n; i++)
        at[i] = 0;
    for (uint32_t k = 0; k < ph->npos[0]; k++) {
        uint32_t p0 = ph->pos[0][k];
        if (p0 < ph->rel[0])
            continue;
        uint32_t start = p0 - ph->rel[0];
        int ok = 1;
        for (size_t i = 1; i < ph->n && ok; i++) {
            uint32_t want = start + ph->rel[i];
            while (at[i] < ph->npos[i] && ph->pos[i][at[i]] < want)
                at[i]++;
            ok = at[i] < ph->npos[i] && ph->pos[i][at[i]] == want;
        }
        if (ok && region_ok(ph, start, start + ph->rel[ph->n - 1], text_start))
            freq++;
    }
    return freq;
}

static int cmp_pos(const void *a, const void *b)
{
    const pos_entry *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Windows holding every term with at most `slop` other positions inside:
 * (last - first) - (n - 1) <= slop, terms in any order. Counts the window
 * starts from which such a window exists. */
static uint32_t window_freq(phrase_scorer *ph, uint32_t text_start)
{
    size_t total = 0;
    for (size_t i = 0; i < ph->n; i++)
        total += ph->npos[i];
    if (acq_grow((void **)&ph->merged, &ph->merged_cap, total, sizeof(pos_entry)) != 0) {
        ph->base.oom = 1;
        return 0;
    }
    size_t m = 0;
    for (size_t i = 0; i < ph->n; i++)
        for (uint32_t k = 0; k < ph->npos[i]; k++)
            ph->merged[m++] = (pos_entry){ph->pos[i][k], (uint32_t)i};
    qsort(ph->merged, m, sizeof *ph->merged, cmp_pos);
    for (size_t i = 0; i < ph->n; i++)
        ph->seen[i] = 0;
    uint32_t freq = 0;
    size_t covered = 0, left = 0;
    for (size_t right = 0; right < m; right++) {
        if (ph->seen[ph->merged[right].term]++ == 0)
            covered++;
        while (covered == ph->n) {
            uint32_t lo = ph->merged[left].pos, hi = ph->merged[right].pos;
            if (hi - lo <= ph->slop + (uint32_t)(ph->n - 1) && region_ok(ph, lo, hi, text_start))
                freq++;
            if (--ph->seen[ph->merged[left].term] == 0)
                covered--;
            left++;
        }
    }
    return freq;
}

static uint32_t phrase_advance(acq_scorer *s, uint32_t target)
{
    phrase_scorer *ph = (phrase_scorer *)s;
    if (ph->empty)
        return ACQ_NO_DOC;
    uint32_t d = target;
    for (;;) {
        d = acq_postings_advance(&ph->p[0], d);
        if (d == ACQ_NO_DOC)
            break;
        int aligned = 1;
        for (size_t i = 1; i < ph->n; i++) {
            uint32_t di = acq_postings_advance(&ph->p[i], d);
            if (di != d) {
                aligned = 0;
                d = di;
                break;
            }
        }
        if (d == ACQ_NO_DOC)
            break;
        if (!aligned)
            continue;
        if (ph->threshold) {
            /* An exact phrase occurs at most min(tf) times; a proximity
             * match counts window starts, at most the sum of the tfs. */
            uint32_t min_tf = UINT32_MAX, sum_tf = 0;
            for (size_t i = 0; i < ph->n; i++) {
                uint32_t tf = acq_postings_tf(&ph->p[i]);
                min_tf = tf < min_tf ? tf : min_tf;
                sum_tf += tf;
            }
            uint32_t most = ph->slop == 0 ? min_tf : sum_tf;
            double bound = ph->idf * acq_bm25_tf(&ph->m, most, field_len(ph->seg, ph->field, d));
            if (bound * (1 + 1e-12) <= *ph->threshold) {
                d++;
                continue;
            }
        }
        if (load_positions(ph) != 0)
            break;
        uint32_t ts = acq_segment_text_start(ph->seg, d);
        ph->freq = ph->slop == 0 ? exact_freq(ph, ts) : window_freq(ph, ts);
        if (ph->base.oom)
            break;
        if (ph->freq > 0)
            return d;
        d++;
    }
    for (size_t i = 0; i < ph->n; i++)
        if (ph->p[i].corrupt)
            s->corrupt = ph->p[i].corrupt;
    return ACQ_NO_DOC;
}

static double phrase_score(acq_scorer *s)
{
    phrase_scorer *ph = (phrase_scorer *)s;
    return ph->idf * acq_bm25_tf(&ph->m, ph->freq, field_len(ph->seg, ph->field, s->doc));
}

static void phrase_explain(acq_scorer *s, acq_buf *out, int depth)
{
    phrase_scorer *ph = (phrase_scorer *)s;
    acq_buf_printf(out, "%*s%.4f  %s: phrase frequency %u, idf %.4f (sum over its terms), field length %u (average %.1f)\n",
                   depth * 2, "", phrase_score(s), ph->label, ph->freq, ph->idf,
                   field_len(ph->seg, ph->field, s->doc), ph->m.avgdl);
}

static void phrase_destroy(acq_scorer *s)
{
    phrase_scorer *ph = (phrase_scorer *)s;
    for (size_t i = 0; ph->pos && i < ph->n; i++)
        acq_free(ph->pos[i]);
    acq_free(ph->pos);
    acq_free(ph->npos);
    acq_free(ph->cap);
    acq_free(ph->p);
    acq_free(ph->rel);
    acq_free(ph->merged);
    acq_free(ph->seen);
    acq_free(ph);
}

static const acq_scorer_vt phrase_vt = {phrase_advance, phrase_score, phrase_explain, phrase_destroy};

acq_scorer *acq_phrase_scorer(const acq_leaf_ctx *c, int field, const acq_term_meta *const *metas,
                              const uint32_t *rel, size_t n, uint32_t slop, double idf, const char *label,
                              acq_err *err)
{
    phrase_scorer *ph = acq_calloc(1, sizeof *ph);
    if (ph == NULL) {
        oom(err);
        return NULL;
    }
    ph->base.vt = &phrase_vt;
    ph->n = n;
    ph->slop = slop;
    ph->field = field;
    ph->seg = c->seg;
    ph->m = *field_bm25(c, field);
    ph->idf = idf;
    snprintf(ph->label, sizeof ph->label, "%s", label);
    ph->p = acq_calloc(n, sizeof *ph->p);
    ph->rel = acq_calloc(n, sizeof *ph->rel);
    ph->pos = acq_calloc(n, sizeof *ph->pos);
    ph->npos = acq_calloc(n, sizeof *ph->npos);
    ph->cap = acq_calloc(n, sizeof *ph->cap);
    /* seen doubles as n size_t cursors in exact matching */
    ph->seen = acq_calloc(n, sizeof(size_t));
    if (!ph->p || !ph->rel || !ph->pos || !ph->npos || !ph->cap || !ph->seen) {
        phrase_destroy(&ph->base);
        oom(err);
        return NULL;
    }
    memcpy(ph->rel, rel, n * sizeof *rel);
    for (size_t i = 0; i < n; i++) {
        if (metas[i] == NULL) {
            ph->empty = 1;
            continue;
        }
        if (acq_postings_open(&ph->p[i], c->seg, metas[i], err) != ACQ_OK) {
            phrase_destroy(&ph->base);
            return NULL;
        }
    }
    return &ph->base;
}

/* ---- prefix ---------------------------------------------------------------- */

typedef struct prefix_scorer {
    acq_scorer base;
    acq_postings *p;
    size_t n;
    uint32_t *heap;     /* indexes into p, min-heap on current doc */
    size_t nheap;
    int primed;
    char label[96];
} prefix_scorer;

static void sift_down(prefix_scorer *x, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < x->nheap && x->p[x->heap[l]].doc < x->p[x->heap[m]].doc) m = l;
        if (r < x->nheap && x->p[x->heap[r]].doc < x->p[x->heap[m]].doc) m = r;
        if (m == i)
            return;
        uint32_t t = x->heap[i]; x->heap[i] = x->heap[m]; x->heap[m] = t;
        i = m;
    }
}

static uint32_t prefix_advance(acq_scorer *s, uint32_t target)
{
    prefix_scorer *x = (prefix_scorer *)s;
    if (!x->primed) {
        /* First call: position every expansion, then heapify. */
        x->primed = 1;
        for (size_t i = 0; i < x->n; i++) {
            if (acq_postings_advance(&x->p[i], target) != ACQ_NO_DOC)
                x->heap[x->nheap++] = (uint32_t)i;
            else if (x->p[i].corrupt)
                s->corrupt = x->p[i].corrupt;
        }
        for (size_t i = x->nheap; i-- > 0;)
            sift_down(x, i);
    }
    while (x->nheap > 0) {
        acq_postings *top = &x->p[x->heap[0]];
        if (top->doc >= target)
            return top->doc;
        if (acq_postings_advance(top, target) == ACQ_NO_DOC) {
            if (top->corrupt)
                s->corrupt = top->corrupt;
            x->heap[0] = x->heap[--x->nheap];
        }
        sift_down(x, 0);
    }
    return ACQ_NO_DOC;
}

static double prefix_score(acq_scorer *s) { (void)s; return 1.0; }

static void prefix_explain(acq_scorer *s, acq_buf *out, int depth)
{
    prefix_scorer *x = (prefix_scorer *)s;
    acq_buf_printf(out, "%*s1.0000  %s: prefix match (constant score, %zu expansions)\n", depth * 2, "", x->label, x->n);
}

static void prefix_destroy(acq_scorer *s)
{
    prefix_scorer *x = (prefix_scorer *)s;
    acq_free(x->p);
    acq_free(x->heap);
    acq_free(x);
}

static const acq_scorer_vt prefix_vt = {prefix_advance, prefix_score, prefix_explain, prefix_destroy};

acq_scorer *acq_prefix_scorer(const acq_leaf_ctx *c, const acq_term_meta *metas, size_t n, const char *label,
                              acq_err *err)
{
    prefix_scorer *x = acq_calloc(1, sizeof *x);
    if (x == NULL || (x->p = acq_calloc(n + 1, sizeof *x->p)) == NULL ||
        (x->heap = acq_calloc(n + 1, sizeof *x->heap)) == NULL) {
        if (x)
            prefix_destroy(&x->base);
        oom(err);
        return NULL;
    }
    x->base.vt = &prefix_vt;
    x->n = n;
    snprintf(x->label, sizeof x->label, "%s", label);
    for (size_t i = 0; i < n; i++)
        if (acq_postings_open(&x->p[i], c->seg, &metas[i], err) != ACQ_OK) {
            prefix_destroy(&x->base);
            return NULL;
        }
    return &x->base;
}

/* ---- boolean ----------------------------------------------------------------- */

typedef struct bool_scorer {
    acq_scorer base;
    acq_scorer **must, **should, **not;
    int *must_scores;          /* 0 for FILTER clauses */
    size_t nmust, nshould, nnot;
    int should_required;       /* no MUST clause: one SHOULD must match
                                  (filters alone do not make words optional) */
    acq_scorer **all;
    size_t nall;
} bool_scorer;

static uint32_t bool_advance(acq_scorer *s, uint32_t target)
{
    bool_scorer *b = (bool_scorer *)s;
    uint32_t d = target;
    if (b->nmust == 0 && b->nshould == 0)
        return ACQ_NO_DOC;
    for (;;) {
        if (b->nmust > 0) {
            /* Leapfrog: move to the latest doc any required clause is on
             * until all of them agree. */
            for (;;) {
                d = acq_scorer_advance(b->must[0], d);
                size_t i = 1;
                while (d != ACQ_NO_DOC && i < b->nmust) {
                    uint32_t di = acq_scorer_advance(b->must[i], d);
                    if (di != d) {
                        d = di;
                        break;
                    }
                    i++;
                }
                if (d == ACQ_NO_DOC || i == b->nmust)
                    break;
            }
        } else {
            uint32_t best = ACQ_NO_DOC;
            for (size_t i = 0; i < b->nshould; i++) {
                uint32_t di = acq_scorer_advance(b->should[i], d);
                if (di < best)
                    best = di;
            }
            d = best;
        }
        if (d == ACQ_NO_DOC)
            return ACQ_NO_DOC;
        if (b->should_required && b->nmust > 0) {
            int any = 0;
            for (size_t i = 0; i < b->nshould && !any; i++)
                any = acq_scorer_advance(b->should[i], d) == d;
            if (!any) {
                d++;
                continue;
            }
        }
        int excluded = 0;
        for (size_t i = 0; i < b->nnot && !excluded; i++)
            excluded = acq_scorer_advance(b->not[i], d) == d;
        if (!excluded)
            return d;
        d++;
    }
}

static double bool_score(acq_scorer *s)
{
    bool_scorer *b = (bool_scorer *)s;
    double sum = 0;
    for (size_t i = 0; i < b->nmust; i++)
        if (b->must_scores[i])
            sum += b->must[i]->vt->score(b->must[i]);
    for (size_t i = 0; i < b->nshould; i++)
        if (acq_scorer_advance(b->should[i], s->doc) == s->doc)
            sum += b->should[i]->vt->score(b->should[i]);
    return sum;
}

static void bool_explain(acq_scorer *s, acq_buf *out, int depth)
{
    bool_scorer *b = (bool_scorer *)s;
    acq_buf_printf(out, "%*s%.4f  sum of:\n", depth * 2, "", bool_score(s));
    for (size_t i = 0; i < b->nmust; i++)
        if (b->must_scores[i] && b->must[i]->vt->explain)
            b->must[i]->vt->explain(b->must[i], out, depth + 1);
    for (size_t i = 0; i < b->nshould; i++)
        if (b->should[i]->doc == s->doc && b->should[i]->vt->explain)
            b->should[i]->vt->explain(b->should[i], out, depth + 1);
}

static void bool_destroy(acq_scorer *s)
{
    bool_scorer *b = (bool_scorer *)s;
    for (size_t i = 0; i < b->nall; i++)
        acq_scorer_free(b->all[i]);
    acq_free(b->all);
    acq_free(b->must);
    acq_free(b->should);
    acq_free(b->not);
    acq_free(b->must_scores);
    acq_free(b);
}

static const acq_scorer_vt bool_vt = {bool_advance, bool_score, bool_explain, bool_destroy};

acq_scorer *acq_bool_scorer(acq_scorer **kids, const int *occur, size_t n, acq_err *err)
{
    bool_scorer *b = acq_calloc(1, sizeof *b);
    if (b == NULL || !(b->all = acq_calloc(n + 1, sizeof *b->all)) || !(b->must = acq_calloc(n + 1, sizeof *b->must)) ||
        !(b->should = acq_calloc(n + 1, sizeof *b->should)) || !(b->not = acq_calloc(n + 1, sizeof *b->not)) ||
        !(b->must_scores = acq_calloc(n + 1, sizeof *b->must_scores))) {
        if (b) {
            b->nall = 0;
            bool_destroy(&b->base);
        }
        for (size_t i = 0; i < n; i++)
            acq_scorer_free(kids[i]);
        oom(err);
        return NULL;
    }
    b->base.vt = &bool_vt;
    for (size_t i = 0; i < n; i++) {
        b->all[b->nall++] = kids[i];
        switch (occur[i]) {
        case ACQ_MUST: b->must_scores[b->nmust] = 1; b->must[b->nmust++] = kids[i]; break;
        case ACQ_FILTER: b->must_scores[b->nmust] = 0; b->must[b->nmust++] = kids[i]; break;
        case ACQ_MUST_NOT: b->not[b->nnot++] = kids[i]; break;
        default: b->should[b->nshould++] = kids[i]; break;
        }
    }
    int scoring_must = 0;
    for (size_t i = 0; i < b->nmust; i++)
        scoring_must |= b->must_scores[i];
    b->should_required = !scoring_must && b->nshould > 0;
    return &b->base;
}

/* ---- date filter and nothing ---------------------------------------------- */

typedef struct date_scorer {
    acq_scorer base;
    acq_segment *seg;
    uint32_t from, to;
} date_scorer;

static uint32_t date_advance(acq_scorer *s, uint32_t target)
{
    date_scorer *x = (date_scorer *)s;
    for (uint32_t d = target; d < x->seg->doc_count; d++) {
        uint32_t v = acq_segment_date(x->seg, d);
        if (v != 0 && v >= x->from && v <= x->to)
            return d;
    }
    return ACQ_NO_DOC;
}

static double zero_score(acq_scorer *s) { (void)s; return 0.0; }

static const acq_scorer_vt date_vt = {date_advance, zero_score, NULL, plain_destroy};

acq_scorer *acq_date_scorer(const acq_leaf_ctx *c, uint32_t from, uint32_t to, acq_err *err)
{
    date_scorer *x = acq_calloc(1, sizeof *x);
    if (x == NULL) {
        oom(err);
        return NULL;
    }
    x->base.vt = &date_vt;
    x->seg = c->seg;
    x->from = from;
    x->to = to;
    return &x->base;
}

static uint32_t none_advance(acq_scorer *s, uint32_t target)
{
    (void)s;
    (void)target;
    return ACQ_NO_DOC;
}

static const acq_scorer_vt none_vt = {none_advance, zero_score, NULL, plain_destroy};

acq_scorer *acq_none_scorer(acq_err *err)
{
    acq_scorer *x = acq_calloc(1, sizeof *x);
    if (x == NULL) {
        oom(err);
        return NULL;
    }
    x->vt = &none_vt;
    return x;
}

void acq_phrase_set_threshold(acq_scorer *s, const double *threshold)
{
    if (s->vt == &phrase_vt)
        ((phrase_scorer *)s)->threshold = threshold;
}

void acq_scorer_free(acq_scorer *s)
{
    if (s)
        s->vt->destroy(s);
}

int acq_scorer_oom(acq_scorer *s)
{
    if (s->oom)
        return 1;
    if (s->vt == &bool_vt) {
        bool_scorer *b = (bool_scorer *)s;
        for (size_t i = 0; i < b->nall; i++)
            if (acq_scorer_oom(b->all[i]))
                return 1;
    }
    if (acq_concept_is(s)) {
        acq_scorer **k;
        for (size_t i = 0, n = acq_concept_kids(s, &k); i < n; i++)
            if (acq_scorer_oom(k[i]))
                return 1;
    }
    return 0;
}

int acq_scorer_corrupt(acq_scorer *s)
{
    if (s->corrupt)
        return s->corrupt;
    if (s->vt == &bool_vt) {
        bool_scorer *b = (bool_scorer *)s;
        for (size_t i = 0; i < b->nall; i++) {
            int c = acq_scorer_corrupt(b->all[i]);
            if (c)
                return c;
        }
    }
    if (acq_concept_is(s)) {
        acq_scorer **k;
        for (size_t i = 0, n = acq_concept_kids(s, &k); i < n; i++)
            if (acq_scorer_corrupt(k[i]))
                return acq_scorer_corrupt(k[i]);
    }
    return 0;
}
