/* multilang.c: one query, every language of the index (issue 11).
 *
 * Each document is analysed in its own language, and the writer indexes
 * the code it used as the document's lang keyword term. A query typed
 * without --lang into an index of several languages is therefore analysed
 * once per code found there, and the tree becomes
 *
 *     (+Q_fr #lang:fr) (+Q_de #lang:de) (+Q_en #lang:en) ...
 *
 * where Q_L is the query analysed for L: "mandat d'arrêt européen" reaches
 * French documents through French stems and stopwords, and nothing forces
 * it through English ones. A document has one language, so it matches one
 * subtree at most and its score is the score of Q_L alone: the filter does
 * not score, and the OR adds nothing else.
 *
 * Scores stay comparable because every subtree is scored with the same
 * collection statistics, the whole index's (N, each term's df, average
 * lengths), exactly as one query over a one-language index would be: a
 * term that analyses to the same string in two languages (Europol,
 * Schengen, 2016/680) has one idf whichever subtree it comes through, and a
 * language's own words have the df they have among that language's
 * documents, since other languages do not contain them. The one bias, for
 * the record: a word of a language that holds few of the index's documents
 * is rare in N, so its idf is higher than in an index of that language
 * alone; a query in that language then scores its documents higher than
 * the same query would score the documents of a larger language, but it
 * matches few documents of other languages to compete with.
 *
 * Languages whose analyses give the same tree share one subtree, its
 * filter naming them all; when every language of the index gives the same
 * tree (an identifier, a CELEX number, a date filter, words no stemmer or
 * stoplist touches), the tree is that tree alone, so such queries cost what
 * they cost on one language and keep MaxScore. The subtrees of a mixed
 * query are evaluated by the boolean scorer: bench/multilang.sh measures
 * what that costs on an index of the 24 languages. */
#include "search/multilang.h"

#include "analysis/stopwords.h"
#include "common/alloc.h"
#include "query/tree.h"
#include "search/postings.h"
#include "segment/format.h"

#include <stdio.h>
#include <string.h>

int acq_index_langs(acq_index *ix, acq_langset *out, acq_err *err)
{
    memset(out, 0, sizeof *out);
    uint64_t counted = 0;
    int overflow = 0;
    const uint8_t prefix[1] = {ACQ_FIELD_LANG};
    for (size_t si = 0; si < ix->nsegs; si++) {
        acq_dict_iter it;
        int r = acq_dict_iter_seek(&it, &ix->segs[si], prefix, 1, err);
        if (r != ACQ_OK)
            return r;
        while ((r = acq_dict_iter_next(&it, err)) == 1 && it.key_len >= 1 && it.key[0] == ACQ_FIELD_LANG) {
            size_t n = it.key_len - 1;
            counted += it.meta.df;
            if (n == 0 || n >= sizeof out->code[0]) {
                overflow = 1;   /* no writer makes these: searched as before */
                continue;
            }
            size_t i = 0;
            while (i < out->n && !(strlen(out->code[i]) == n && memcmp(out->code[i], it.key + 1, n) == 0))
                i++;
            if (i == out->n) {
                if (out->n == ACQ_MULTILANG_MAX) {
                    overflow = 1;
                    continue;
                }
                memcpy(out->code[i], it.key + 1, n);
                out->code[i][n] = '\0';
                out->n++;
            }
            out->docs[i] += it.meta.df;
        }
        if (r < 0)
            return r;
    }
    /* An index written before documents carried a lang term, or damaged
     * counts, must not lose documents to the filters. */
    out->complete = !overflow && counted == ix->max_doc;
    return ACQ_OK;
}

/* Two trees that mean the same thing, node for node. */
static int same_tree(const acq_qnode *a, const acq_qnode *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->kind != b->kind || a->occur != b->occur || a->field != b->field || a->nterms != b->nterms ||
        a->slop != b->slop || a->date_from != b->date_from || a->date_to != b->date_to || a->nkids != b->nkids ||
        (a->positions == NULL) != (b->positions == NULL) || a->boost != b->boost ||
        (a->concept == NULL) != (b->concept == NULL))
        return 0;
    if (a->concept != NULL) { /* expanded in each language alike: same label, same weights */
        if (strcmp(a->concept->label ? a->concept->label : "", b->concept->label ? b->concept->label : "") != 0)
            return 0;
        for (size_t i = 0; i < a->nkids; i++)
            if (a->concept->weights[i] != b->concept->weights[i])
                return 0;
    }
    for (size_t i = 0; i < a->nterms; i++)
        if (strcmp(a->terms[i], b->terms[i]) != 0 || (a->positions && a->positions[i] != b->positions[i]))
            return 0;
    for (size_t i = 0; i < a->nkids; i++)
        if (!same_tree(a->kids[i], b->kids[i]))
            return 0;
    return 1;
}

/* A tree that can match nothing. */
static int empty_tree(const acq_qnode *q)
{
    return q == NULL || q->kind == ACQ_Q_NONE || (q->kind == ACQ_Q_BOOL && q->nkids == 0);
}

static int analyse_in(acq_qnode **out, const char *lang, int stem, int stopwords, acq_ml_analyse_fn fn, void *ctx,
                      acq_err *err)
{
    *out = NULL;
    acq_analyzer_config cfg = {lang, stem, stopwords};
    acq_analyzer *a = NULL;
    int rc = acq_analyzer_open(&a, &cfg, NULL, err);
    if (rc == ACQ_OK)
        rc = fn(ctx, a, out, err);
    acq_analyzer_close(a);
    if (rc != ACQ_OK) {
        acq_query_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The query through an open analyzer (into *out, freeing what was there). */
static int analyse_with(acq_qnode **out, acq_analyzer *a, acq_ml_analyse_fn fn, void *ctx, acq_err *err)
{
    acq_query_free(*out);
    *out = NULL;
    int rc = fn(ctx, a, out, err);
    if (rc != ACQ_OK) {
        acq_query_free(*out);
        *out = NULL;
    }
    return rc;
}

static acq_qnode *lang_term(const char *code)
{
    acq_qnode *t = acq_qnode_new(ACQ_Q_TERM, ACQ_FIELD_LANG, 1);
    if (t == NULL)
        return NULL;
    t->terms = acq_calloc(1, sizeof *t->terms);
    if (t->terms == NULL || (t->terms[0] = acq_strndup(code, strlen(code))) == NULL) {
        acq_query_free(t);
        return NULL;
    }
    t->nterms = 1;
    return t;
}

/* Appends kid to the BOOL b (whose kids array has room for cap). */
static int append(acq_qnode *b, size_t *cap, acq_qnode *kid)
{
    if (acq_grow((void **)&b->kids, cap, b->nkids + 1, sizeof *b->kids) != 0)
        return -1;
    b->kids[b->nkids++] = kid;
    return 0;
}

typedef struct group {
    acq_qnode *tree;
    size_t langs[ACQ_MULTILANG_MAX];
    size_t nlangs;
} group;

/* (+tree #lang:a) or (+tree #(lang:a lang:b ...)); takes tree. */
static acq_qnode *restricted(group *g, const acq_langset *ls)
{
    acq_qnode *sub = acq_qnode_new(ACQ_Q_BOOL, 0, 1), *filter = NULL;
    size_t cap = 0;
    if (sub == NULL)
        return NULL;
    if (g->nlangs == 1) {
        filter = lang_term(ls->code[g->langs[0]]);
    } else if ((filter = acq_qnode_new(ACQ_Q_BOOL, 0, 1)) != NULL) {
        size_t fcap = 0;
        for (size_t i = 0; i < g->nlangs; i++) {
            acq_qnode *t = lang_term(ls->code[g->langs[i]]);
            if (t == NULL || append(filter, &fcap, t) != 0) {
                acq_query_free(t);
                acq_query_free(filter);
                filter = NULL;
                break;
            }
        }
    }
    if (filter == NULL || append(sub, &cap, g->tree) != 0) {
        acq_query_free(filter);
        acq_query_free(sub);
        return NULL;
    }
    g->tree->occur = ACQ_MUST;
    g->tree = NULL; /* sub owns it now */
    filter->occur = ACQ_FILTER;
    if (append(sub, &cap, filter) != 0) {
        acq_query_free(filter);
        acq_query_free(sub);
        return NULL;
    }
    return sub;
}

/* ---- which language the query is written in ------------------------------ */

/* 1 if some document of language code holds the term key, 0 if none, <0 on
 * damage: the term's and the language's postings, leapfrogged to the first
 * document they share. */
static int held_in(acq_index *ix, const uint8_t *key, size_t klen, const char *code, acq_err *err)
{
    uint8_t lkey[ACQ_MAX_KEY + 1];
    size_t ln = strlen(code);
    lkey[0] = ACQ_FIELD_LANG;
    memcpy(lkey + 1, code, ln);
    for (size_t si = 0; si < ix->nsegs; si++) {
        acq_segment *s = &ix->segs[si];
        acq_term_meta tm, lm;
        int f = acq_segment_lookup(s, key, klen, &tm, err);
        int g = f == 1 ? acq_segment_lookup(s, lkey, ln + 1, &lm, err) : f;
        if (f < 0 || g < 0)
            return f < 0 ? f : g;
        if (f == 0 || g == 0)
            continue;
        acq_postings t, l;
        int rc = acq_postings_open(&t, s, &tm, err);
        if (rc == ACQ_OK)
            rc = acq_postings_open(&l, s, &lm, err);
        if (rc != ACQ_OK)
            return rc;
        uint32_t d = acq_postings_next(&t);
        while (d != ACQ_NO_DOC) {
            uint32_t e = acq_postings_advance(&l, d);
            if (e == d)
                return 1;
            if (e == ACQ_NO_DOC)
                break;
            d = acq_postings_advance(&t, e);
        }
        if (t.corrupt || l.corrupt)
            return acq_postings_damaged(err, s, t.corrupt ? t.corrupt : l.corrupt);
    }
    return 0;
}

/* The evidence one analysis gives for its language: of the query's words,
 * how many it keeps that documents of that language hold (matched), and
 * how many terms it has (so that words it drops as stopwords count too). */
typedef struct evidence {
    size_t matched, terms;
} evidence;

#define MAX_EVIDENCE_TERMS 64   /* a long query says enough in its first words */

static int weigh(acq_index *ix, const acq_qnode *q, const char *code, evidence *ev, acq_err *err)
{
    if (q == NULL || q->occur == ACQ_MUST_NOT)
        return ACQ_OK;
    if ((q->kind == ACQ_Q_TERM || q->kind == ACQ_Q_PHRASE) &&
        (q->field == ACQ_FIELD_BODY || q->field == ACQ_FIELD_TITLE)) {
        for (size_t i = 0; i < q->nterms && ev->terms < MAX_EVIDENCE_TERMS; i++) {
            uint8_t key[ACQ_MAX_KEY + 1];
            size_t n = strlen(q->terms[i]);
            if (n + 1 > ACQ_MAX_KEY)
                n = ACQ_MAX_KEY - 1;
            key[0] = (uint8_t)q->field;
            memcpy(key + 1, q->terms[i], n);
            ev->terms++;
            int r = held_in(ix, key, n + 1, code, err);
            if (r < 0)
                return r;
            ev->matched += (size_t)r;
        }
    }
    for (size_t i = 0; q->kind == ACQ_Q_BOOL && i < q->nkids; i++) {
        int rc = weigh(ix, q->kids[i], code, ev, err);
        if (rc != ACQ_OK)
            return rc;
    }
    return ACQ_OK;
}

/* The evidence of every language's tree (ev[l]). */
static int weigh_all(acq_index *ix, const acq_langset *ls, acq_qnode *const *trees, evidence *ev, acq_err *err)
{
    for (size_t l = 0; l < ls->n; l++) {
        memset(&ev[l], 0, sizeof ev[l]);
        int rc = weigh(ix, trees[l], ls->code[l], &ev[l], err);
        if (rc != ACQ_OK)
            return rc;
    }
    return ACQ_OK;
}

/* The stoplists of the languages the query is most likely written in, into
 * lists (*n of them; none when every language is as likely). Likely: most
 * words found in documents of that language, then most words dropped as
 * its stopwords (fewest terms left). */
static void query_stoplists(const acq_langset *ls, const evidence *ev, const acq_stoplist **lists, size_t *n)
{
    *n = 0;
    size_t most_terms = 0;
    for (size_t l = 0; l < ls->n; l++)
        if (ev[l].terms > most_terms)
            most_terms = ev[l].terms;
    size_t best_m = 0, best_d = 0, nbest = 0;
    for (size_t l = 0; l < ls->n; l++) {
        size_t m = ev[l].matched, d = most_terms - ev[l].terms;
        if (nbest == 0 || m > best_m || (m == best_m && d > best_d)) {
            best_m = m;
            best_d = d;
            nbest = 1;
        } else if (m == best_m && d == best_d) {
            nbest++;
        }
    }
    if (nbest == ls->n) /* no evidence either way */
        return;
    for (size_t l = 0; l < ls->n && *n < ACQ_ANALYZER_MAX_ALSO; l++) {
        if (ev[l].matched != best_m || most_terms - ev[l].terms != best_d)
            continue;
        const acq_language *lang = acq_language_find(ls->code[l]);
        const acq_stoplist *sl = lang ? acq_stoplist_for(lang->code) : NULL;
        size_t k = 0;
        while (k < *n && lists[k] != sl)
            k++;
        if (sl && k == *n)
            lists[(*n)++] = sl;
    }
}

/* 1 if every document q matches holds one of the terms weigh() counts (a
 * positive title or text term or phrase): then a language none of whose
 * documents holds any of them has no match, and needs no subtree. */
static int needs_text(const acq_qnode *q)
{
    if (q->occur == ACQ_MUST_NOT)
        return 0;
    if (q->kind == ACQ_Q_TERM || q->kind == ACQ_Q_PHRASE)
        return q->field == ACQ_FIELD_BODY || q->field == ACQ_FIELD_TITLE;
    if (q->kind != ACQ_Q_BOOL)
        return 0;
    size_t should = 0, should_text = 0;
    for (size_t i = 0; i < q->nkids; i++) {
        const acq_qnode *k = q->kids[i];
        if ((k->occur == ACQ_MUST || k->occur == ACQ_FILTER) && needs_text(k))
            return 1;
        if (k->occur == ACQ_SHOULD) {
            should++;
            should_text += (size_t)needs_text(k);
        }
    }
    /* Without MUST clauses one SHOULD must match (query.h). */
    int has_must = 0;
    for (size_t i = 0; i < q->nkids; i++)
        has_must |= q->kids[i]->occur == ACQ_MUST;
    return !has_must && should > 0 && should_text == should;
}

/* ---- the tree ------------------------------------------------------------------ */

int acq_multilang_query(acq_qnode **out, acq_index *ix, const char *lang, int stem, int stopwords,
                        int one_language, acq_ml_analyse_fn fn, void *ctx, acq_err *err)
{
    *out = NULL;
    acq_langset *ls = NULL;
    int rc = ACQ_OK;
    const char *only = lang;
    if (only == NULL) {
        ls = acq_malloc(sizeof *ls);
        if (ls == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        if ((rc = acq_index_langs(ix, ls, err)) != ACQ_OK) {
            acq_free(ls);
            return rc;
        }
        if (!ls->complete || ls->n == 0)
            only = ix->manifest.lang;
        else if (ls->n == 1)
            only = ls->code[0];
    }
    if (only != NULL) {
        rc = analyse_in(out, only, stem, stopwords, fn, ctx, err);
        acq_free(ls);
        if (rc == ACQ_OK && *out == NULL && (*out = acq_qnode_new(ACQ_Q_NONE, 0, 1)) == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        return rc;
    }

    group *groups = acq_calloc(ls->n, sizeof *groups);
    acq_qnode **trees = acq_calloc(ls->n, sizeof *trees);
    acq_analyzer **an = acq_calloc(ls->n, sizeof *an);
    evidence *ev = acq_calloc(ls->n, sizeof *ev);
    size_t ngroups = 0, nonempty = 0;
    if (groups == NULL || trees == NULL || an == NULL || ev == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    /* A syntax error is the same in every language: the first one reports
     * it. */
    for (size_t l = 0; l < ls->n && rc == ACQ_OK; l++) {
        acq_analyzer_config cfg = {ls->code[l], stem, stopwords};
        if ((rc = acq_analyzer_open(&an[l], &cfg, NULL, err)) == ACQ_OK)
            rc = analyse_with(&trees[l], an[l], fn, ctx, err);
    }
    int differ = 0;
    for (size_t l = 1; l < ls->n && rc == ACQ_OK && !differ; l++)
        differ = !same_tree(trees[0], trees[l]);
    if (rc == ACQ_OK && differ)
        rc = weigh_all(ix, ls, trees, ev, err);
    /* The query's own function words are no words in any language: "to" in
     * "transfer to third countries" must not find Danish documents, where
     * it means two. Only when the analyses differ at all, and some
     * language is likelier than the others. */
    const acq_stoplist *lists[ACQ_ANALYZER_MAX_ALSO];
    size_t nlists = 0;
    if (rc == ACQ_OK && differ && stopwords)
        query_stoplists(ls, ev, lists, &nlists);
    for (size_t l = 0; l < ls->n && rc == ACQ_OK && nlists > 0; l++)
        if (acq_analyzer_also_stop(an[l], lists, nlists)) /* else its tree stays right */
            rc = analyse_with(&trees[l], an[l], fn, ctx, err);
    /* One language asked for (a model that scores a bag of words): the
     * likeliest, whose documents hold most of the query's words. */
    if (rc == ACQ_OK && differ && one_language) {
        size_t best = 0;
        for (size_t l = 1; l < ls->n; l++)
            if (ev[l].matched > ev[best].matched)
                best = l;
        acq_qnode *t = trees[best];
        trees[best] = NULL;
        for (size_t l = 0; l < ls->n; l++) {
            acq_analyzer_close(an[l]);
            acq_query_free(trees[l]);
        }
        acq_free(an);
        acq_free(ev);
        acq_free(trees);
        acq_free(groups);
        acq_free(ls);
        if (t == NULL && (t = acq_qnode_new(ACQ_Q_NONE, 0, 1)) == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        *out = t;
        return ACQ_OK;
    }
    /* A language none of whose documents holds a word of the query, for a
     * query that needs one, has no match: no subtree to run (most
     * languages, for most queries). */
    for (size_t l = 0; l < ls->n && rc == ACQ_OK && differ; l++)
        if (ev[l].matched == 0 && ev[l].terms < MAX_EVIDENCE_TERMS && trees[l] && needs_text(trees[l])) {
            acq_query_free(trees[l]);
            trees[l] = NULL;
        }
    for (size_t l = 0; an && l < ls->n; l++)
        acq_analyzer_close(an[l]);
    acq_free(an);
    acq_free(ev);
    for (size_t l = 0; l < ls->n && rc == ACQ_OK; l++) {
        acq_qnode *t = trees[l];
        trees[l] = NULL;
        if (empty_tree(t)) { /* all stopwords in L: no document of L matches */
            acq_query_free(t);
            continue;
        }
        nonempty++;
        size_t g = 0;
        while (g < ngroups && !same_tree(groups[g].tree, t))
            g++;
        if (g == ngroups)
            groups[ngroups++].tree = t;
        else
            acq_query_free(t);
        groups[g].langs[groups[g].nlangs++] = l;
    }
    for (size_t l = 0; trees && l < ls->n; l++)
        acq_query_free(trees[l]);
    acq_free(trees);
    if (rc == ACQ_OK && ngroups == 0) {
        if ((*out = acq_qnode_new(ACQ_Q_NONE, 0, 1)) == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    } else if (rc == ACQ_OK && ngroups == 1 && nonempty == ls->n) {
        /* Every language analyses it alike: no filter needed. */
        *out = groups[0].tree;
        groups[0].tree = NULL;
    } else if (rc == ACQ_OK) {
        acq_qnode *root = acq_qnode_new(ACQ_Q_BOOL, 0, 1);
        size_t cap = 0;
        if (root == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        for (size_t g = 0; g < ngroups && rc == ACQ_OK; g++) {
            acq_qnode *sub = restricted(&groups[g], ls);
            if (sub == NULL || append(root, &cap, sub) != 0) {
                acq_query_free(sub);
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
            }
        }
        if (rc == ACQ_OK)
            *out = root;
        else
            acq_query_free(root);
    }
    for (size_t g = 0; groups && g < ngroups; g++)
        acq_query_free(groups[g].tree);
    acq_free(groups);
    acq_free(ls);
    return rc;
}
