/* lab.c: rewriting a plain-text query before it runs (see lab.h).
 *
 * Order: the query's words with their query term frequencies; with
 * feedback, a first pass (the same model, the fb_docs best documents)
 * whose documents are read back from the stored fields and analysed with
 * the query's chain, then RM3 or Bo1 (feedback.c) gives weighted terms;
 * with SDM, each pair of adjacent query words adds an exact phrase (weight
 * 0.1) and a window of 8 (0.05) to the words (0.85); with a title weight,
 * every word is also scored in the title field. The result is an ordinary
 * query tree, so BM25 keeps MaxScore (weights scale idf and its bound) and
 * QL and DPH run through model_run.c. */
#include "search/lab.h"

#include "analysis/analyzer.h"
#include "analysis/vocab.h"
#include "common/alloc.h"
#include "query/bag.h"
#include "search/model.h"
#include "segment/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_bag(const acq_qnode *q)
{
    if (q->kind == ACQ_Q_NONE)
        return 1;
    if (q->kind == ACQ_Q_TERM)
        return q->field == ACQ_FIELD_BODY;
    if (q->kind != ACQ_Q_BOOL)
        return 0;
    for (size_t i = 0; i < q->nkids; i++)
        if (q->kids[i]->kind != ACQ_Q_TERM || q->kids[i]->occur != ACQ_SHOULD || q->kids[i]->field != ACQ_FIELD_BODY)
            return 0;
    return 1;
}

static int body_stats(acq_index *ix, const char *term, double *df, double *cf, acq_err *err)
{
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t n = strlen(term);
    if (n + 1 > ACQ_MAX_KEY)
        n = ACQ_MAX_KEY - 1;
    key[0] = ACQ_FIELD_BODY;
    memcpy(key + 1, term, n);
    *df = *cf = 0;
    for (size_t si = 0; si < ix->nsegs; si++) {
        acq_term_meta m;
        int f = acq_segment_lookup(&ix->segs[si], key, n + 1, &m, err);
        if (f < 0)
            return f;
        if (f) {
            *df += m.df;
            *cf += (double)m.cf;
        }
    }
    return ACQ_OK;
}

static acq_analyzer *query_analyzer(acq_index *ix, const acq_search_options *o, acq_vocab *vocab, acq_err *err)
{
    int drop = o->stopwords == 0 ? ix->manifest.stopwords : o->stopwords == 1;
    acq_analyzer_config cfg = {o->lang ? o->lang : ix->manifest.lang, ix->manifest.stem, drop};
    acq_analyzer *a = NULL;
    return acq_analyzer_open(&a, &cfg, vocab, err) == ACQ_OK ? a : NULL;
}

/* Counts the analysed terms of one document's title and text into tf
 * (indexed by vocabulary id; *cap grows). */
static int count_terms(acq_analyzer *a, const acq_document *d, double **tf, size_t *cap)
{
    const char *parts[2] = {d->title, d->text};
    size_t lens[2] = {d->title_len, d->text_len};
    for (int p = 0; p < 2; p++) {
        acq_token_stream s;
        acq_token t;
        int r;
        acq_token_stream_init(&s, parts[p], lens[p], 0);
        while ((r = acq_analyze_next(a, &s, &t)) == 1) {
            if (t.term_id >= *cap) {
                size_t old = *cap;
                if (acq_grow((void **)tf, cap, (size_t)t.term_id + 1, sizeof **tf) != 0)
                    return ACQ_ENOMEM;
                memset(*tf + old, 0, (*cap - old) * sizeof **tf);
            }
            (*tf)[t.term_id] += 1;
        }
        if (r < 0)
            return ACQ_ENOMEM;
    }
    return ACQ_OK;
}

typedef struct fb_state {
    acq_fb_doc *docs;
    size_t ndocs;
} fb_state;

static void fb_free(fb_state *f)
{
    for (size_t i = 0; i < f->ndocs; i++) {
        for (size_t j = 0; j < f->docs[i].n; j++)
            acq_free((char *)f->docs[i].terms[j]);
        acq_free(f->docs[i].terms);
        acq_free(f->docs[i].tf);
        acq_free(f->docs[i].df);
        acq_free(f->docs[i].cf);
    }
    acq_free(f->docs);
}

static int by_score_then_id(const void *x, const void *y)
{
    const acq_hit *a = *(const acq_hit *const *)x, *b = *(const acq_hit *const *)y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return -strcmp(a->id, b->id);
}

/* The first pass and its documents as term counts. */
static int feedback_docs(acq_index *ix, const acq_qnode *q, const char *text, const acq_search_options *o,
                         acq_vocab *vocab, fb_state *fb, acq_err *err)
{
    acq_search_options o1 = *o;
    o1.feedback = 0;
    o1.offset = 0;
    o1.snippets = o1.explain = o1.count = o1.no_fields = 0;
    o1.facets = o1.collapse = NULL;
    /* The engine breaks ties by internal document order, which depends on
     * how the index is cut into segments: ask until the documents tied at
     * the cut are all in hand, then order them by score and id (descending,
     * as trec_eval), so that the feedback set never depends on segments. */
    acq_results *r = NULL;
    int rc;
    for (size_t want = (size_t)o->fb_docs + 1;; want *= 2) {
        acq_results_free(r);
        o1.k = want;
        if ((rc = acq_lab_search(&r, ix, q, text, &o1, err)) != ACQ_OK)
            return rc;
        size_t got = acq_results_count(r);
        if (got < want || acq_results_hit(r, (size_t)o->fb_docs - 1)->score != acq_results_hit(r, got - 1)->score ||
            want > 1000000)
            break;
    }
    size_t n = acq_results_count(r);
    const acq_hit **hits = acq_calloc(n + 1, sizeof *hits);
    if (hits == NULL) {
        acq_results_free(r);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        hits[i] = acq_results_hit(r, i);
    qsort(hits, n, sizeof *hits, by_score_then_id);
    if (n > (size_t)o->fb_docs)
        n = (size_t)o->fb_docs;
    acq_analyzer *a = query_analyzer(ix, o, vocab, err);
    fb->docs = acq_calloc(n + 1, sizeof *fb->docs);
    double *tf = NULL;
    size_t cap = 0;
    if (a == NULL)
        rc = err->code ? err->code : ACQ_ENOMEM;
    else if (fb->docs == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == ACQ_OK; i++) {
        const acq_hit *h = hits[i];
        acq_document *d = NULL;
        char msg[256];
        rc = acq_index_document(&d, ix, h->id, msg, sizeof msg);
        if (rc != ACQ_OK) {
            acq_err_set(err, rc, "feedback document %.100s: %s", h->id, msg);
            break;
        }
        if (cap)
            memset(tf, 0, cap * sizeof *tf);
        rc = count_terms(a, d, &tf, &cap);
        acq_document_free(d);
        if (rc != ACQ_OK) {
            acq_err_set(err, rc, "out of memory");
            break;
        }
        acq_fb_doc *fd = &fb->docs[fb->ndocs++];
        fd->score = h->score;
        size_t m = 0;
        for (size_t id = 0; id < cap; id++)
            m += tf[id] > 0;
        fd->terms = acq_calloc(m + 1, sizeof *fd->terms);
        fd->tf = acq_calloc(m + 1, sizeof *fd->tf);
        fd->df = acq_calloc(m + 1, sizeof *fd->df);
        fd->cf = acq_calloc(m + 1, sizeof *fd->cf);
        if (!fd->terms || !fd->tf || !fd->df || !fd->cf) {
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
            break;
        }
        for (size_t id = 0; id < cap && rc == ACQ_OK; id++) {
            if (tf[id] <= 0)
                continue;
            size_t len;
            /* a copy: the vocabulary's storage moves as it grows */
            const char *term = acq_vocab_term(vocab, (uint32_t)id, &len);
            if ((fd->terms[fd->n] = acq_strndup(term, len)) == NULL) {
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
                break;
            }
            fd->tf[fd->n] = tf[id];
            rc = body_stats(ix, fd->terms[fd->n], &fd->df[fd->n], &fd->cf[fd->n], err);
            fd->n++;
        }
    }
    acq_free(tf);
    acq_free(hits);
    acq_analyzer_close(a);
    acq_results_free(r);
    return rc;
}

/* Adds the SDM pairs of the query text: each two adjacent analysed words. */
static int add_sdm_pairs(acq_qnode *bag, acq_index *ix, const char *text, const acq_search_options *o, acq_err *err)
{
    acq_analyzer *a = query_analyzer(ix, o, NULL, err);
    if (a == NULL)
        return err->code ? err->code : ACQ_ENOMEM;
    acq_token_stream s;
    acq_token t;
    char *prev = NULL;
    uint32_t prev_pos = 0;
    int r, rc = ACQ_OK;
    acq_token_stream_init(&s, text, strlen(text), 0);
    while (rc == ACQ_OK && (r = acq_analyze_next(a, &s, &t)) == 1) {
        char *cur = acq_strndup(t.term, t.len);
        if (cur == NULL) {
            rc = ACQ_ENOMEM;
            break;
        }
        if (prev) {
            uint32_t gap = t.pos > prev_pos ? t.pos - prev_pos : 1;
            rc = acq_bag_add_pair(bag, prev, cur, gap, 0, 0.1);
            if (rc == ACQ_OK)
                rc = acq_bag_add_pair(bag, prev, cur, gap, 8, 0.05);
        }
        acq_free(prev);
        prev = cur;
        prev_pos = t.pos;
    }
    if (rc == ACQ_OK && r < 0)
        rc = ACQ_ENOMEM;
    acq_free(prev);
    acq_analyzer_close(a);
    return rc == ACQ_OK ? rc : acq_err_set(err, rc, "out of memory");
}

/* "RM3 (10 documents, 10 terms, query weight 0.5): a^0.31 b^0.2 ...". */
static void describe(acq_buf *b, const acq_search_options *o, size_t ndocs, const acq_lab_term *v, size_t n)
{
    if (o->feedback == 1)
        acq_buf_printf(b, "RM3 (%zu feedback documents, %d terms, original query weight %g):", ndocs, o->fb_terms,
                       o->fb_orig_weight);
    else
        acq_buf_printf(b, "Bo1 (%zu feedback documents, %d terms):", ndocs, o->fb_terms);
    for (size_t i = 0; i < n; i++)
        acq_buf_printf(b, " %s^%.4f", v[i].term, v[i].weight);
    acq_buf_putc(b, '\n');
}

int acq_lab_one_language(const acq_search_options *o)
{
    int kind = acq_model_kind(o->model);
    return kind == ACQ_MODEL_QL || kind == ACQ_MODEL_DPH || kind == ACQ_MODEL_SDM || o->feedback != 0 ||
           o->title_weight > 0;
}

int acq_lab_search(acq_results **out, acq_index *ix, const acq_qnode *q, const char *text,
                   const acq_search_options *opts, acq_err *err)
{
    int kind = acq_model_kind(opts->model);
    if (kind < 0)
        return acq_err_set(err, ACQ_EARG, "unknown model '%.32s' (the models are bm25, ql, dph, sdm)", opts->model);
    if (kind != ACQ_MODEL_SDM && opts->feedback == 0 && !(opts->title_weight > 0))
        return acq_search_tree(out, ix, q, opts, err);
    if (opts->feedback < 0 || opts->feedback > 2)
        return acq_err_set(err, ACQ_EARG, "feedback is 0 (none), 1 (RM3) or 2 (Bo1)");
    if (!is_bag(q))
        return acq_err_set(err, ACQ_EARG, "feedback, SDM and title weights rewrite a bag of words: use plain text "
                           "(no phrases, operators, fields or prefixes)");
    acq_search_options o = *opts;
    if (o.fb_docs <= 0)
        o.fb_docs = o.feedback == 2 ? 3 : 10;
    if (o.fb_terms <= 0)
        o.fb_terms = 10;
    if (o.fb_orig_weight < 0)
        o.fb_orig_weight = 0.5;
    if (o.fb_docs > 1000 || o.fb_terms > 1000 || o.fb_orig_weight > 1)
        return acq_err_set(err, ACQ_EARG, "feedback documents and terms are at most 1000, the original query "
                           "weight at most 1");
    /* The query's words and their counts. */
    size_t nq = q->kind == ACQ_Q_BOOL ? q->nkids : q->kind == ACQ_Q_TERM;
    const acq_qnode *const *kids = q->kind == ACQ_Q_BOOL ? (const acq_qnode *const *)q->kids : &q;
    const char **qt = acq_calloc(nq + 1, sizeof *qt);
    double *qtf = acq_calloc(nq + 1, sizeof *qtf);
    acq_lab_term *terms = NULL;
    size_t nterms = 0;
    acq_vocab *vocab = acq_vocab_new();
    fb_state fb = {0};
    acq_buf note = {0};
    int rc = qt && qtf && vocab ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < nq && rc == ACQ_OK; i++) {
        qt[i] = kids[i]->terms[0];
        qtf[i] = kids[i]->boost > 0 ? kids[i]->boost : 1.0;
    }
    if (rc == ACQ_OK && o.feedback && nq > 0) {
        acq_search_options o1 = o;
        o1.title_weight = opts->title_weight;
        rc = feedback_docs(ix, q, text, &o1, vocab, &fb, err);
        double n_docs = ix->max_doc ? (double)ix->max_doc : 1.0;
        if (rc == ACQ_OK)
            rc = o.feedback == 1 ? acq_rm3_expand(&terms, &nterms, qt, qtf, nq, fb.docs, fb.ndocs, n_docs,
                                                  o.fb_terms, o.fb_orig_weight)
                                 : acq_bo1_expand(&terms, &nterms, qt, qtf, nq, fb.docs, fb.ndocs, n_docs, o.fb_terms);
        if (rc == ACQ_ENOMEM)
            acq_err_set(err, rc, "out of memory");
        if (rc == ACQ_OK)
            describe(&note, &o, fb.ndocs, terms, nterms);
    } else if (rc == ACQ_OK) {
        terms = acq_calloc(nq + 1, sizeof *terms);
        if (terms == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        for (size_t i = 0; i < nq && rc == ACQ_OK; i++) {
            terms[i].weight = qtf[i];
            if ((terms[nterms++].term = acq_strdup(qt[i])) == NULL)
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        }
    }
    /* The rewritten query. */
    acq_qnode *bag = rc == ACQ_OK ? acq_bag_new() : NULL;
    if (rc == ACQ_OK && bag == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    double term_weight = kind == ACQ_MODEL_SDM ? 0.85 : 1.0;
    for (size_t i = 0; i < nterms && rc == ACQ_OK; i++) {
        rc = acq_bag_add_term(bag, ACQ_FIELD_BODY, terms[i].term, terms[i].weight * term_weight);
        if (rc == ACQ_OK && o.title_weight > 0)
            rc = acq_bag_add_term(bag, ACQ_FIELD_TITLE, terms[i].term, terms[i].weight * term_weight * o.title_weight);
        if (rc != ACQ_OK)
            acq_err_set(err, rc, "out of memory");
    }
    if (rc == ACQ_OK && kind == ACQ_MODEL_SDM)
        rc = add_sdm_pairs(bag, ix, text, &o, err);
    if (rc == ACQ_OK && bag->nkids == 0)
        bag->kind = ACQ_Q_NONE;
    if (rc == ACQ_OK) {
        acq_search_options o2 = o;
        if (kind == ACQ_MODEL_SDM)
            o2.model = NULL; /* BM25 over the words, phrases and windows */
        o2.feedback = 0;
        o2.title_weight = 0;
        rc = acq_search_tree(out, ix, bag, &o2, err);
    }
    if (rc == ACQ_OK && o.explain && note.len > 0)
        rc = acq_results_note_explanations(*out, acq_buf_cstr(&note), err);
    acq_query_free(bag);
    acq_buf_free(&note);
    fb_free(&fb);
    acq_vocab_free(vocab);
    acq_lab_terms_free(terms, nterms);
    acq_free(qt);
    acq_free(qtf);
    return rc;
}
