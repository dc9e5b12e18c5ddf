/* search.c: evaluates a query tree against an index (see search.h).
 *
 * Statistics first: the document frequency of every term sums over all
 * segments (deleted documents included until merged, as Lucene does), so a
 * score does not depend on how the index is split. Then each segment gets a
 * scorer tree (search/scorer.h); matching documents that are not deleted go
 * through a top-k heap ordered by score, then by document order. Hits are
 * filled from the stored fields in document order, so that hits sharing a
 * compressed block inflate it once. */
#include "search/search.h"

#include "codec/varint.h"
#include "common/alloc.h"
#include "search/blockmax.h"
#include "search/concept.h"
#include "search/groups.h"
#include "search/maxscore.h"
#include "search/model.h"
#include "search/scorer.h"
#include "snippet/snippet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct acq_results {
    acq_facet_list *facets;
    acq_fold *folds;         /* with collapse: per kept hit, sorted by docno */
    size_t nfolds;
    acq_hit *hits;
    size_t count;
    uint64_t total;
    char **strings;
    size_t nstrings, strings_cap;
    uint32_t *offsets;       /* match offsets of all snippets */
};

/* ---- compiled query: keys and idf per node ------------------------------- */

typedef struct cnode {
    const acq_qnode *q;
    size_t nkeys;
    uint8_t (*keys)[ACQ_MAX_KEY + 1];
    size_t *key_lens;
    double idf;
    char label[160];
    struct cnode *kids;
    size_t nkids;
} cnode;

static void cnode_free(cnode *c)
{
    for (size_t i = 0; i < c->nkids; i++)
        cnode_free(&c->kids[i]);
    acq_free(c->kids);
    acq_free(c->keys);
    acq_free(c->key_lens);
}

static const char *field_name(const acq_index *ix, int f)
{
    if (f >= ACQ_FIELD_EXTRA && (size_t)(f - ACQ_FIELD_EXTRA) < ix->manifest.nfields)
        return ix->manifest.fields[f - ACQ_FIELD_EXTRA];
    switch (f) {
    case ACQ_FIELD_TITLE: return "title";
    case ACQ_FIELD_ID: return "id";
    case ACQ_FIELD_CELEX: return "celex";
    case ACQ_FIELD_TYPE: return "type";
    case ACQ_FIELD_LANG: return "lang";
    default: return "body";
    }
}

static uint64_t doc_freq(acq_index *ix, const uint8_t *key, size_t len, acq_err *err, int *rc)
{
    uint64_t df = 0;
    for (size_t si = 0; si < ix->nsegs && *rc == ACQ_OK; si++) {
        acq_term_meta m;
        int f = acq_segment_lookup(&ix->segs[si], key, len, &m, err);
        if (f < 0)
            *rc = f;
        else if (f)
            df += m.df;
    }
    return df;
}

static int compile(acq_index *ix, const acq_qnode *q, cnode *c, acq_err *err)
{
    memset(c, 0, sizeof *c);
    c->q = q;
    int rc = ACQ_OK;
    if (q->kind == ACQ_Q_BOOL) {
        c->kids = acq_calloc(q->nkids + 1, sizeof *c->kids);
        if (c->kids == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        for (size_t i = 0; i < q->nkids && rc == ACQ_OK; i++) {
            rc = compile(ix, q->kids[i], &c->kids[i], err);
            c->nkids = i + 1;
        }
        return rc;
    }
    if (q->kind != ACQ_Q_TERM && q->kind != ACQ_Q_PHRASE && q->kind != ACQ_Q_PREFIX)
        return ACQ_OK;
    c->nkeys = q->nterms;
    c->keys = acq_calloc(q->nterms + 1, sizeof *c->keys);
    c->key_lens = acq_calloc(q->nterms + 1, sizeof *c->key_lens);
    if (c->keys == NULL || c->key_lens == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    /* Phrases read positions, which only the body field keeps (a title's
     * positions are the first ones of the body). */
    int key_field = q->kind == ACQ_Q_PHRASE ? ACQ_FIELD_BODY : q->field;
    acq_buf label = {0};
    acq_buf_printf(&label, "%s:%s", field_name(ix, q->field), q->kind == ACQ_Q_PHRASE ? "\"" : "");
    for (size_t i = 0; i < q->nterms; i++) {
        size_t n = strlen(q->terms[i]);
        if (n + 1 > ACQ_MAX_KEY)
            n = ACQ_MAX_KEY - 1;
        c->keys[i][0] = (uint8_t)key_field;
        memcpy(c->keys[i] + 1, q->terms[i], n);
        c->key_lens[i] = n + 1;
        acq_buf_printf(&label, "%s%.*s", i ? " " : "", (int)n, q->terms[i]);
    }
    if (q->kind == ACQ_Q_PHRASE)
        acq_buf_printf(&label, q->slop ? "\"~%u" : "\"", q->slop);
    if (q->kind == ACQ_Q_PREFIX)
        acq_buf_puts(&label, "*");
    if (q->boost > 0 && q->boost != 1.0 && q->kind != ACQ_Q_PREFIX)
        acq_buf_printf(&label, "^%g", q->boost);
    snprintf(c->label, sizeof c->label, "%s", acq_buf_cstr(&label));
    int label_failed = label.failed;
    acq_buf_free(&label);
    if (label_failed) /* else explanations would silently lose the term */
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (q->kind == ACQ_Q_PREFIX)
        return ACQ_OK;
    /* idf: a term's own; a phrase's is the sum over its terms, each counted
     * in the phrase's field (as Lucene's PhraseQuery weighs it). */
    for (size_t i = 0; i < q->nterms && rc == ACQ_OK; i++) {
        uint8_t key[ACQ_MAX_KEY + 1];
        memcpy(key, c->keys[i], c->key_lens[i]);
        key[0] = (uint8_t)q->field;
        uint64_t df = doc_freq(ix, key, c->key_lens[i], err, &rc);
        c->idf += acq_bm25_idf(ix->max_doc, df);
    }
    /* A boost scales the idf: the term's score and its MaxScore bound
     * (idf times the largest tf part) scale with it, so pruning stays exact. */
    if (q->boost > 0)
        c->idf *= q->boost;
    return rc;
}

/* ---- per-segment scorers --------------------------------------------------- */

static acq_scorer *build(acq_index *ix, const acq_leaf_ctx *ctx, const cnode *c, acq_err *err);

static acq_scorer *build_prefix(const acq_leaf_ctx *ctx, const cnode *c, acq_err *err)
{
    acq_dict_iter it;
    acq_term_meta *metas = NULL;
    size_t n = 0, cap = 0;
    const uint8_t *key = c->keys[0];
    size_t klen = c->key_lens[0];
    if (acq_dict_iter_seek(&it, ctx->seg, key, klen, err) != ACQ_OK)
        return NULL;
    int r;
    while ((r = acq_dict_iter_next(&it, err)) == 1) {
        if (it.key_len < klen || memcmp(it.key, key, klen) != 0)
            break;
        if (n == ACQ_MAX_EXPANSIONS) {
            acq_free(metas);
            acq_err_set(err, ACQ_ELIMIT, "%s matches more than %d terms: use a longer prefix",
                        c->label, ACQ_MAX_EXPANSIONS);
            return NULL;
        }
        if (acq_grow((void **)&metas, &cap, n + 1, sizeof *metas) != 0) {
            acq_free(metas);
            acq_err_set(err, ACQ_ENOMEM, "out of memory");
            return NULL;
        }
        metas[n++] = it.meta;
    }
    acq_scorer *s = r < 0 ? NULL : acq_prefix_scorer(ctx, metas, n, c->label, err);
    acq_free(metas);
    return s;
}

static acq_scorer *build(acq_index *ix, const acq_leaf_ctx *ctx, const cnode *c, acq_err *err)
{
    const acq_qnode *q = c->q;
    switch (q->kind) {
    case ACQ_Q_TERM: {
        acq_term_meta m;
        int f = acq_segment_lookup(ctx->seg, c->keys[0], c->key_lens[0], &m, err);
        if (f < 0)
            return NULL;
        return acq_term_scorer(ctx, q->field, f ? &m : NULL, c->idf, c->label, err);
    }
    case ACQ_Q_PHRASE: {
        acq_term_meta *m = acq_calloc(c->nkeys + 1, sizeof *m);
        const acq_term_meta **pm = acq_calloc(c->nkeys + 1, sizeof *pm);
        acq_scorer *s = NULL;
        int ok = m && pm;
        if (!ok)
            acq_err_set(err, ACQ_ENOMEM, "out of memory");
        for (size_t i = 0; ok && i < c->nkeys; i++) {
            int f = acq_segment_lookup(ctx->seg, c->keys[i], c->key_lens[i], &m[i], err);
            if (f < 0)
                ok = 0;
            pm[i] = f == 1 ? &m[i] : NULL;
        }
        if (ok)
            s = acq_phrase_scorer(ctx, q->field, pm, q->positions, c->nkeys, q->slop, c->idf, c->label, err);
        acq_free(m);
        acq_free(pm);
        return s;
    }
    case ACQ_Q_PREFIX:
        return build_prefix(ctx, c, err);
    case ACQ_Q_DATE:
        return acq_date_scorer(ctx, q->date_from, q->date_to, err);
    case ACQ_Q_BOOL: {
        acq_scorer **kids = acq_calloc(c->nkids + 1, sizeof *kids);
        int *occur = acq_calloc(c->nkids + 1, sizeof *occur);
        if (kids == NULL || occur == NULL) {
            acq_free(kids);
            acq_free(occur);
            acq_err_set(err, ACQ_ENOMEM, "out of memory");
            return NULL;
        }
        size_t n = 0;
        for (size_t i = 0; i < c->nkids; i++) {
            acq_scorer *k = build(ix, ctx, &c->kids[i], err);
            if (k == NULL) {
                for (size_t j = 0; j < n; j++)
                    acq_scorer_free(kids[j]);
                acq_free(kids);
                acq_free(occur);
                return NULL;
            }
            kids[n] = k;
            occur[n++] = c->kids[i].q->occur;
        }
        acq_scorer *s = q->concept ? acq_concept_scorer(kids, q->concept->weights, n, q->concept->label, err)
                                   : acq_bool_scorer(kids, occur, n, err);
        acq_free(kids);
        acq_free(occur);
        return s;
    }
    default:
        return acq_none_scorer(err);
    }
}

/* ---- top-k ------------------------------------------------------------------ */

typedef acq_scored scored;
typedef acq_topk heap;

static int worse(const scored *a, const scored *b)
{
    return a->score < b->score || (a->score == b->score && a->docno > b->docno);
}

static int cmp_best_first(const void *pa, const void *pb)
{
    const scored *a = pa, *b = pb;
    return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/* A ranked OR of terms (or one term): the shape MaxScore and WAND handle. */
static int pure_disjunction(const cnode *root)
{
    if (root->q->kind == ACQ_Q_TERM)
        return 1;
    /* An expanded concept (a BOOL with its forms) scores its best form,
     * not their sum: the pruned OR would add them up. */
    if (root->q->kind != ACQ_Q_BOOL || root->q->concept != NULL || root->nkids == 0 || root->nkids > 1024)
        return 0;
    for (size_t i = 0; i < root->nkids; i++)
        if (root->kids[i].q->kind != ACQ_Q_TERM || root->kids[i].q->occur != ACQ_SHOULD)
            return 0;
    return 1;
}

/* An AND of terms, every one scoring: the shape block-max AND handles. */
static int pure_conjunction(const cnode *root)
{
    if (root->q->kind != ACQ_Q_BOOL || root->q->concept != NULL || root->nkids < 2 || root->nkids > 1024)
        return 0;
    for (size_t i = 0; i < root->nkids; i++)
        if (root->kids[i].q->kind != ACQ_Q_TERM || root->kids[i].q->occur != ACQ_MUST)
            return 0;
    return 1;
}

static int or_algorithm = ACQ_OR_MAXSCORE;

void acq_search_set_or_algorithm(int which)
{
    __atomic_store_n(&or_algorithm, which == ACQ_OR_WAND ? ACQ_OR_WAND : ACQ_OR_MAXSCORE, __ATOMIC_RELAXED);
}

int acq_search_or_algorithm(void) { return __atomic_load_n(&or_algorithm, __ATOMIC_RELAXED); }

/* A ranked OR (conj = 0) or an AND (conj = 1) of terms through the block-max
 * algorithms (search/blockmax.h). */
static int run_pruned(acq_index *ix, size_t si, const cnode *root, const acq_leaf_ctx *ctx, heap *h,
                      uint64_t *total, int conj, acq_err *err)
{
    acq_segment *s = ctx->seg;
    const cnode *leaves = root->q->kind == ACQ_Q_TERM ? root : root->kids;
    size_t n = root->q->kind == ACQ_Q_TERM ? 1 : root->nkids;
    acq_postings *cur = acq_calloc(n, sizeof *cur);
    acq_ms_term *terms = acq_calloc(n, sizeof *terms);
    int rc = cur && terms ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    size_t live = 0;
    for (size_t i = 0; i < n && rc == ACQ_OK; i++) {
        const cnode *c = &leaves[i];
        acq_term_meta meta;
        int f = acq_segment_lookup(s, c->keys[0], c->key_lens[0], &meta, err);
        if (f < 0)
            rc = f;
        else if (f == 1 && (rc = acq_postings_open(&cur[i], s, &meta, err)) == ACQ_OK) {
            terms[i].p = &cur[i];
            live++;
        }
        terms[i].idf = c->idf;
        terms[i].field = c->q->field;
        terms[i].m = c->q->field == ACQ_FIELD_TITLE ? &ctx->title : &ctx->body;
        if (c->q->field != ACQ_FIELD_BODY && c->q->field != ACQ_FIELD_TITLE) {
            static const acq_bm25 keyword = {0.9, 0.4, 1.0};
            terms[i].m = &keyword;
        }
    }
    if (rc == ACQ_OK) {
        uint64_t got;
        if (conj)
            got = acq_bmand_segment(s, ix->base[si], terms, n, h);
        else if (live <= 1) {
            got = 0;
            for (size_t i = 0; i < n; i++)
                if (terms[i].p)
                    got = acq_blockmax_one(s, ix->base[si], &terms[i], h);
        } else if (acq_search_or_algorithm() == ACQ_OR_WAND)
            got = acq_wand_segment(s, ix->base[si], terms, n, h);
        else
            got = acq_maxscore_segment(s, ix->base[si], terms, n, h);
        if (got == ACQ_TOPK_OOM)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        else
            *total += got;
        for (size_t i = 0; i < n && rc == ACQ_OK; i++)
            if (terms[i].p && terms[i].p->corrupt)
                rc = acq_postings_damaged(err, s, terms[i].p->corrupt);
    }
    acq_free(cur);
    acq_free(terms);
    return rc;
}

static int run_segment(acq_index *ix, size_t si, const cnode *root, const acq_bm25 *m, heap *h, uint64_t *total,
                       int prune, acq_err *err)
{
    acq_segment *s = &ix->segs[si];
    acq_leaf_ctx ctx = {s, *m, *m};
    double n = ix->max_doc ? (double)ix->max_doc : 1.0;
    ctx.body.avgdl = ix->sum_len[0] ? (double)ix->sum_len[0] / n : 1.0;
    ctx.title.avgdl = ix->sum_len[1] ? (double)ix->sum_len[1] / n : 1.0;
    if (prune && pure_disjunction(root))
        return run_pruned(ix, si, root, &ctx, h, total, 0, err);
    if (prune && pure_conjunction(root))
        return run_pruned(ix, si, root, &ctx, h, total, 1, err);
    acq_scorer *sc = build(ix, &ctx, root, err);
    if (sc == NULL)
        return err->code ? err->code : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    uint32_t base = ix->base[si];
    double theta = acq_topk_threshold(h);
    if (prune && root->q->kind == ACQ_Q_PHRASE)
        acq_phrase_set_threshold(sc, &theta);
    for (uint32_t d = acq_scorer_advance(sc, 0); d != ACQ_NO_DOC; d = acq_scorer_advance(sc, d + 1)) {
        if (acq_segment_is_deleted(s, d))
            continue;
        (*total)++;
        acq_topk_push(h, (scored){sc->vt->score(sc), base + d});
        theta = acq_topk_threshold(h);
    }
    int rc = ACQ_OK, damage = acq_scorer_corrupt(sc);
    if (damage)
        rc = acq_postings_damaged(err, s, damage);
    else if (acq_scorer_oom(sc))
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory matching the query");
    acq_scorer_free(sc);
    return rc;
}

/* ---- hits ----------------------------------------------------------------- */

static const char *keep(acq_results *r, const char *s, size_t n)
{
    char *c = acq_strndup(s, n);
    if (c == NULL)
        return NULL;
    if (acq_grow((void **)&r->strings, &r->strings_cap, r->nstrings + 1, sizeof(char *)) != 0) {
        acq_free(c);
        return NULL;
    }
    r->strings[r->nstrings++] = c;
    return c;
}

static int explain_hit(acq_index *ix, const cnode *root, const acq_bm25 *m, acq_hit *hit, acq_results *r,
                       acq_err *err)
{
    size_t si = acq_index_segment_of(ix, (uint32_t)hit->docno);
    acq_leaf_ctx ctx = {&ix->segs[si], *m, *m};
    double n = ix->max_doc ? (double)ix->max_doc : 1.0;
    ctx.body.avgdl = ix->sum_len[0] ? (double)ix->sum_len[0] / n : 1.0;
    ctx.title.avgdl = ix->sum_len[1] ? (double)ix->sum_len[1] / n : 1.0;
    acq_scorer *sc = build(ix, &ctx, root, err);
    if (sc == NULL)
        return err->code;
    uint32_t doc = (uint32_t)hit->docno - ix->base[si];
    acq_buf b = {0};
    if (acq_scorer_advance(sc, doc) == doc && sc->vt->explain) {
        sc->vt->explain(sc, &b, 0);
    } else {
        acq_buf_printf(&b, "%.4f  (matched by filters only)\n", hit->score);
    }
    b.failed |= acq_scorer_oom(sc); /* else a missed phrase would read as "filters only" */
    int damage = acq_scorer_corrupt(sc);
    acq_scorer_free(sc);
    if (damage) {
        acq_buf_free(&b);
        return acq_postings_damaged(err, ctx.seg, damage);
    }
    hit->explanation = b.failed ? NULL : keep(r, (const char *)b.data, b.len);
    acq_buf_free(&b);
    return hit->explanation ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
}

/* 1 when a model of model.h, not BM25, scores the query (model_run.c). */
static int model_scored(const acq_search_options *o)
{
    int kind = acq_model_kind(o->model);
    return kind == ACQ_MODEL_QL || kind == ACQ_MODEL_DPH;
}

static int explain_model_hit(acq_index *ix, const acq_qnode *q, const acq_search_options *o, acq_hit *hit,
                             acq_results *r, acq_err *err)
{
    acq_buf b = {0};
    int rc = acq_model_explain(ix, q, acq_model_kind(o->model), o, (uint32_t)hit->docno, &b, err);
    if (rc == ACQ_OK && (b.failed || (hit->explanation = keep(r, (const char *)b.data, b.len)) == NULL))
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    acq_buf_free(&b);
    return rc;
}

/* Collects the analysed terms of the query's scoring leaves (for snippets
 * and highlighting, search.h). */
void acq_search_snippet_terms(const acq_qnode *q, const char **t, size_t *tl, size_t *n, size_t cap)
{
    if (q->occur == ACQ_MUST_NOT)
        return;
    if (q->kind == ACQ_Q_TERM || q->kind == ACQ_Q_PHRASE) {
        if (q->field != ACQ_FIELD_BODY && q->field != ACQ_FIELD_TITLE)
            return;
        for (size_t i = 0; i < q->nterms && *n < cap; i++) {
            t[*n] = q->terms[i];
            tl[(*n)++] = strlen(q->terms[i]);
        }
    }
    for (size_t i = 0; q->kind == ACQ_Q_BOOL && i < q->nkids; i++)
        acq_search_snippet_terms(q->kids[i], t, tl, n, cap);
}

/* *a analyses in lang (a hit's stored language; "" is the index's): kept if
 * it already does, else replaced. */
static int snippet_analyzer(acq_analyzer **a, const acq_index *ix, const char *lang, int drop, acq_err *err)
{
    char code[16];
    const char *l = lang && *lang ? lang : ix->manifest.lang;
    size_t i = 0;
    for (; l[i] && i + 1 < sizeof code; i++)
        code[i] = (char)(l[i] >= 'A' && l[i] <= 'Z' ? l[i] + 32 : l[i]);
    code[i] = '\0';
    if (l[i] != '\0') /* longer than any code a writer analyses with */
        snprintf(code, sizeof code, "%s", ix->manifest.lang);
    if (*a && strcmp(acq_analyzer_lang(*a), code) == 0)
        return ACQ_OK;
    acq_analyzer_close(*a);
    *a = NULL;
    acq_analyzer_config cfg = {code, ix->manifest.stem, drop};
    return acq_analyzer_open(a, &cfg, NULL, err);
}

typedef struct order {
    uint32_t docno;
    size_t hit;
} order;

static int cmp_order(const void *a, const void *b)
{
    const order *x = a, *y = b;
    return x->docno < y->docno ? -1 : x->docno > y->docno;
}

/* Holds a block of the results' own (freed with them). */
static int hold(acq_results *r, void *p)
{
    if (acq_grow((void **)&r->strings, &r->strings_cap, r->nstrings + 1, sizeof(char *)) != 0)
        return -1;
    r->strings[r->nstrings++] = p;
    return 0;
}

/* The extra keyword fields of a stored record (segment/format.h). */
static int decode_extras(acq_index *ix, acq_results *r, acq_hit *hit, const uint8_t *p, size_t n,
                         const char *path, acq_err *err)
{
    const uint8_t *e = p + n;
    size_t count = 0;
    for (const uint8_t *q = p; q < e; count++) {
        uint64_t code, len;
        size_t k = acq_varint_decode(q, (size_t)(e - q), &code);
        size_t k2 = k ? acq_varint_decode(q + k, (size_t)(e - q - k), &len) : 0;
        if (k == 0 || k2 == 0 || len > (uint64_t)(e - q - k - k2) || code < ACQ_FIELD_EXTRA ||
            code - ACQ_FIELD_EXTRA >= ix->manifest.nfields)
            return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad extra field)", path);
        q += k + k2 + len;
    }
    if (count == 0)
        return ACQ_OK;
    acq_field *fields = acq_calloc(count, sizeof *fields);
    if (fields == NULL || hold(r, fields) != 0) {
        acq_free(fields);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t code, len;
        p += acq_varint_decode(p, (size_t)(e - p), &code);
        p += acq_varint_decode(p, (size_t)(e - p), &len);
        const char *name = ix->manifest.fields[code - ACQ_FIELD_EXTRA];
        fields[i].name = keep(r, name, strlen(name));
        fields[i].value = keep(r, (const char *)p, (size_t)len);
        fields[i].value_len = (size_t)len;
        if (fields[i].name == NULL || fields[i].value == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        p += len;
    }
    hit->fields = fields;
    hit->field_count = count;
    return ACQ_OK;
}

static int fill_hits(acq_index *ix, acq_results *r, const scored *v, size_t n, const acq_search_options *o,
                     const acq_qnode *q, const cnode *root, const acq_bm25 *m, acq_err *err)
{
    r->hits = acq_calloc(n + 1, sizeof *r->hits);
    order *ord = acq_calloc(n + 1, sizeof *ord);
    acq_record_cache cache[2] = {{0}, {0}};
    acq_buf rec = {0};
    acq_snippet snip = {0};
    acq_analyzer *a = NULL;
    const char *terms[256];
    size_t term_lens[256], nterms = 0;
    int rc = r->hits && ord ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int drop = o->stopwords == 0 ? ix->manifest.stopwords : o->stopwords == 1;
    if (rc == ACQ_OK && o->snippets) {
        acq_analyzer_config cfg = {o->lang ? o->lang : ix->manifest.lang, ix->manifest.stem, drop};
        rc = acq_analyzer_open(&a, &cfg, NULL, err);
        acq_search_snippet_terms(q, terms, term_lens, &nterms, 256);
    }
    for (size_t i = 0; rc == ACQ_OK && i < n; i++) {
        ord[i].docno = v[i].docno;
        ord[i].hit = i;
    }
    if (rc == ACQ_OK)
        qsort(ord, n, sizeof *ord, cmp_order);
    for (size_t k = 0; k < n && rc == ACQ_OK; k++) {
        acq_hit *hit = &r->hits[ord[k].hit];
        size_t si = acq_index_segment_of(ix, ord[k].docno);
        acq_segment *s = &ix->segs[si];
        uint32_t doc = ord[k].docno - ix->base[si];
        hit->score = v[ord[k].hit].score;
        hit->docno = ord[k].docno;
        if (r->folds) {
            acq_fold key = {ord[k].docno, 0};
            size_t lo = 0, hi = r->nfolds;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (r->folds[mid].docno < key.docno)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < r->nfolds && r->folds[lo].docno == key.docno)
                hit->collapsed = r->folds[lo].folded;
        }
        if (o->no_fields) {
            hit->id = hit->title = hit->lang = hit->date = hit->type = hit->celex = hit->url = "";
            continue;
        }
        if ((rc = acq_segment_record_cached(s, 0, doc, &cache[0], &rec, err)) != ACQ_OK)
            break;
        const char *f[ACQ_META_COUNT];
        size_t fl[ACQ_META_COUNT];
        if (acq_record_fields(rec.data, rec.len, s->meta_fields, f, fl) != 0) {
            rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored record)", s->fdm.path);
            break;
        }
        const char **dst[ACQ_META_COUNT_V1] = {&hit->id, &hit->title, &hit->lang, &hit->date, &hit->type,
                                               &hit->celex, &hit->url};
        for (int i = 0; i < ACQ_META_COUNT_V1 && rc == ACQ_OK; i++)
            if ((*dst[i] = keep(r, f[i], fl[i])) == NULL)
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        if (rc == ACQ_OK && s->meta_fields > ACQ_META_EXTRA)
            rc = decode_extras(ix, r, hit, (const uint8_t *)f[ACQ_META_EXTRA], fl[ACQ_META_EXTRA], s->fdm.path, err);
        if (rc == ACQ_OK && o->snippets) {
            const char *t;
            size_t tl;
            rc = acq_segment_record_cached(s, 1, doc, &cache[1], &rec, err);
            if (rc == ACQ_OK && acq_record_fields(rec.data, rec.len, 1, &t, &tl) != 0)
                rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored text)", s->fdt.path);
            /* Without opts.lang the query was analysed in each document's
             * own language (multilang.c): so is the passage. */
            if (rc == ACQ_OK && o->lang == NULL)
                rc = snippet_analyzer(&a, ix, hit->lang, drop, err);
            if (rc == ACQ_OK)
                rc = acq_snippet_make(&snip, a, t, tl, terms, term_lens, nterms, 0, err);
            if (rc == ACQ_OK) {
                hit->snippet = keep(r, (const char *)acq_buf_cstr(&snip.text), snip.text.len);
                uint32_t *offs = acq_malloc((snip.nmatches * 2 + 1) * sizeof(uint32_t));
                char *holder = (char *)offs;
                if (hit->snippet == NULL || offs == NULL) {
                    acq_free(offs);
                    rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
                } else {
                    memcpy(offs, snip.matches, snip.nmatches * 2 * sizeof(uint32_t));
                    if (acq_grow((void **)&r->strings, &r->strings_cap, r->nstrings + 1, sizeof(char *)) != 0) {
                        acq_free(offs);
                        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
                    } else {
                        r->strings[r->nstrings++] = holder;
                        hit->match_offsets = offs;
                        hit->match_count = snip.nmatches;
                    }
                }
            }
        }
        if (rc == ACQ_OK && o->explain)
            rc = model_scored(o) ? explain_model_hit(ix, q, o, hit, r, err) : explain_hit(ix, root, m, hit, r, err);
    }
    if (rc == ACQ_OK)
        r->count = n;
    acq_record_cache_free(&cache[0]);
    acq_record_cache_free(&cache[1]);
    acq_buf_free(&rec);
    acq_snippet_free(&snip);
    acq_analyzer_close(a);
    acq_free(ord);
    return rc;
}

int acq_search_tree(acq_results **out, acq_index *ix, const acq_qnode *q, const acq_search_options *o,
                    acq_err *err)
{
    *out = NULL;
    acq_bm25 m = {o->k1 < 0 ? 0.9 : o->k1, o->b < 0 ? 0.4 : o->b, 1.0};
    size_t k = o->k ? o->k : 10;
    if (k > 100000000 || o->offset > 100000000)
        return acq_err_set(err, ACQ_EARG, "k and offset must be at most 100000000");
    acq_results *r = acq_calloc(1, sizeof *r);
    heap h = {0};
    cnode root;
    memset(&root, 0, sizeof root);
    int rc = r ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK)
        rc = compile(ix, q, &root, err);
    /* Facets and collapsing look at every match: keep them all. */
    int grouping = (o->facets && *o->facets) || (o->collapse && *o->collapse);
    int collapse_field = 0;
    if (rc == ACQ_OK && o->collapse && *o->collapse &&
        (collapse_field = acq_group_field(ix, o->collapse, strlen(o->collapse))) == 0)
        rc = acq_err_set(err, ACQ_EARG, "cannot collapse on '%.64s': not a keyword field of this index (celex, type, "
                         "lang, id or an extra field)", o->collapse);
    if (rc == ACQ_OK) {
        h.cap = grouping ? (size_t)ix->max_doc : k + o->offset;
        if (h.cap > ix->max_doc)
            h.cap = (size_t)ix->max_doc;
        h.v = acq_malloc((h.cap + 1) * sizeof *h.v);
        if (h.v == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    if (rc == ACQ_OK && acq_model_kind(o->model) < 0)
        rc = acq_err_set(err, ACQ_EARG, "unknown model '%.32s' (the models are bm25, ql, dph, sdm)", o->model);
    /* search/lab.c rewrites query strings for these and clears them */
    if (rc == ACQ_OK && (o->feedback || o->title_weight > 0 || acq_model_kind(o->model) == ACQ_MODEL_SDM))
        rc = acq_err_set(err, ACQ_EARG, "feedback, SDM and title weights rewrite plain-text query strings "
                         "(acq_search), not built queries");
    if (rc == ACQ_OK && model_scored(o))
        rc = acq_model_run(ix, q, acq_model_kind(o->model), o, &h, &r->total, err);
    else
        for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++)
            rc = run_segment(ix, si, &root, &m, &h, &r->total, !o->count && !o->exhaustive && !grouping, err);
    if (rc == ACQ_OK && o->facets && *o->facets)
        rc = acq_facets_count(&r->facets, ix, o->facets, o->facet_limit, h.v, h.n, err);
    if (rc == ACQ_OK && collapse_field) {
        rc = acq_collapse(ix, collapse_field, h.v, &h.n, &r->folds, &r->nfolds, err);
        r->total = h.n;
    }
    if (rc == ACQ_OK && h.n > o->offset) {
        qsort(h.v, h.n, sizeof *h.v, cmp_best_first);
        size_t n = h.n - o->offset;
        rc = fill_hits(ix, r, h.v + o->offset, n < k ? n : k, o, q, &root, &m, err);
    }
    acq_free(h.v);
    cnode_free(&root);
    if (rc != ACQ_OK) {
        acq_results_free(r);
        return rc;
    }
    *out = r;
    return ACQ_OK;
}

int acq_search_each_match(acq_index *ix, const acq_qnode *q, acq_match_fn fn, void *ctx, acq_err *err)
{
    cnode root;
    memset(&root, 0, sizeof root);
    int rc = compile(ix, q, &root, err);
    acq_bm25 m = {0.9, 0.4, 1.0};
    for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++) {
        acq_segment *s = &ix->segs[si];
        acq_leaf_ctx lc = {s, m, m};
        lc.body.avgdl = lc.title.avgdl = 1.0;
        acq_scorer *sc = build(ix, &lc, &root, err);
        if (sc == NULL) {
            rc = err->code ? err->code : acq_err_set(err, ACQ_ENOMEM, "out of memory");
            break;
        }
        for (uint32_t d = acq_scorer_advance(sc, 0); d != ACQ_NO_DOC && rc == ACQ_OK; d = acq_scorer_advance(sc, d + 1))
            if (!acq_segment_is_deleted(s, d))
                rc = fn(ctx, si, d);
        if (rc == ACQ_OK && acq_scorer_corrupt(sc))
            rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (postings do not decode): rebuild the index", s->doc.path);
        else if (rc == ACQ_OK && acq_scorer_oom(sc))
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory matching the query");
        acq_scorer_free(sc);
    }
    cnode_free(&root);
    return rc;
}

int acq_results_note_explanations(acq_results *r, const char *note, acq_err *err)
{
    for (size_t i = 0; r && i < r->count; i++) {
        acq_hit *h = &r->hits[i];
        if (h->explanation == NULL)
            continue;
        acq_buf b = {0};
        acq_buf_printf(&b, "%s%s", note, h->explanation);
        const char *e = b.failed ? NULL : keep(r, (const char *)b.data, b.len);
        acq_buf_free(&b);
        if (e == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        h->explanation = e;
    }
    return ACQ_OK;
}

size_t acq_results_count(const acq_results *r) { return r ? r->count : 0; }
uint64_t acq_results_total(const acq_results *r) { return r ? r->total : 0; }
const acq_hit *acq_results_hit(const acq_results *r, size_t i) { return r && i < r->count ? &r->hits[i] : NULL; }

size_t acq_results_facets(const acq_results *r) { return r ? acq_facet_list_count(r->facets) : 0; }

const char *acq_results_facet(const acq_results *r, size_t i, const acq_facet_value **values, size_t *n,
                              uint64_t *distinct)
{
    return r ? acq_facet_list_get(r->facets, i, values, n, distinct) : NULL;
}

void acq_results_free(acq_results *r)
{
    if (r == NULL)
        return;
    acq_facet_list_free(r->facets);
    acq_free(r->folds);
    for (size_t i = 0; i < r->nstrings; i++)
        acq_free(r->strings[i]);
    acq_free(r->strings);
    acq_free(r->hits);
    acq_free(r);
}
