/* query_api.c: queries built through the public API (acq_query_new_term,
 * _phrase, _bool, acq_query_add, acq_query_destroy) and acq_search_query,
 * which runs them.
 *
 * A built query keeps its text raw: the analysis chain depends on the index
 * (its languages and stopword setting) and on opts.lang, which are only
 * known when the query runs; in an index of several languages it is
 * analysed once per language (search/multilang.c). acq_search_query then
 * turns the tree into the internal one (query/query.h) the way the parser
 * would for the same words, and hands it to acq_search_tree, the evaluator
 * acq_search uses too. Nothing here is
 * shared between calls, so searches stay lock-free. */
#include "acquis.h"

#include "analysis/analyzer.h"
#include "common/alloc.h"
#include "common/utf8.h"
#include "query/tree.h"
#include "search/lab.h"
#include "search/multilang.h"
#include "search/search.h"
#include "segment/format.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64    /* as the parser: nesting of boolean queries */
#define MAX_TERMS 1024  /* as the parser: analysed terms in one query */
#define MAX_SLOP 1000

enum { KIND_TERM, KIND_PHRASE, KIND_BOOL };

struct acq_query {
    int kind;
    int field;              /* ACQ_FIELD_* for TERM and PHRASE */
    char *text;             /* TERM and PHRASE: as given */
    uint32_t slop;          /* PHRASE */
    int occur;              /* ACQ_OCCUR_*: how it joins its parent */
    acq_query *parent;      /* the boolean query that owns it, or NULL */
    acq_query **kids;       /* BOOL */
    size_t nkids, cap;
};

/* The public occur values are declared apart from the internal ones, which
 * the search module reads; they must agree. */
_Static_assert(ACQ_OCCUR_SHOULD == (int)ACQ_SHOULD && ACQ_OCCUR_MUST == (int)ACQ_MUST &&
                   ACQ_OCCUR_MUST_NOT == (int)ACQ_MUST_NOT && ACQ_OCCUR_FILTER == (int)ACQ_FILTER,
               "public and internal occur values differ");

/* ---- building ---------------------------------------------------------------- */

static int field_of(const char *name)
{
    static const struct { const char *name; int field; } fields[] = {
        {"body", ACQ_FIELD_BODY}, {"title", ACQ_FIELD_TITLE}, {"id", ACQ_FIELD_ID},
        {"celex", ACQ_FIELD_CELEX}, {"type", ACQ_FIELD_TYPE}, {"lang", ACQ_FIELD_LANG},
    };
    if (name == NULL || *name == '\0')
        return ACQ_FIELD_BODY;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(name, fields[i].name) == 0)
            return fields[i].field;
    return -1;
}

static int is_text_field(int field) { return field == ACQ_FIELD_BODY || field == ACQ_FIELD_TITLE; }

static int new_leaf(acq_query **out, int kind, const char *field, const char *text, unsigned slop)
{
    if (out == NULL)
        return ACQ_EARG;
    *out = NULL;
    int f = field_of(field);
    if (text == NULL || f < 0 || (kind == KIND_PHRASE && (!is_text_field(f) || slop > MAX_SLOP)))
        return ACQ_EARG;
    size_t n = strlen(text);
    if (!acq_utf8_valid((const uint8_t *)text, n, NULL))
        return ACQ_EARG;
    acq_query *q = acq_calloc(1, sizeof *q);
    if (q == NULL || (q->text = acq_strndup(text, n)) == NULL) {
        acq_free(q);
        return ACQ_ENOMEM;
    }
    q->kind = kind;
    q->field = f;
    q->slop = (uint32_t)slop;
    *out = q;
    return ACQ_OK;
}

int acq_query_new_term(acq_query **out, const char *field, const char *text)
{
    return new_leaf(out, KIND_TERM, field, text, 0);
}

int acq_query_new_phrase(acq_query **out, const char *field, const char *text, unsigned slop)
{
    return new_leaf(out, KIND_PHRASE, field, text, slop);
}

int acq_query_new_bool(acq_query **out)
{
    if (out == NULL)
        return ACQ_EARG;
    *out = acq_calloc(1, sizeof **out);
    if (*out == NULL)
        return ACQ_ENOMEM;
    (*out)->kind = KIND_BOOL;
    return ACQ_OK;
}

/* Levels from q down to its deepest leaf (a leaf is 1). Bounded: every tree
 * that add() accepted is at most MAX_DEPTH deep. */
static size_t height(const acq_query *q)
{
    size_t h = 0;
    for (size_t i = 0; i < q->nkids; i++) {
        size_t k = height(q->kids[i]);
        if (k > h)
            h = k;
    }
    return h + 1;
}

int acq_query_add(acq_query *parent, acq_query *child, int occur)
{
    if (parent == NULL || child == NULL || parent->kind != KIND_BOOL || child->parent != NULL ||
        occur < ACQ_OCCUR_SHOULD || occur > ACQ_OCCUR_FILTER)
        return ACQ_EARG;
    /* parent's depth in its tree; child must not be one of those ancestors */
    size_t depth = 0;
    for (const acq_query *a = parent; a; a = a->parent) {
        if (a == child)
            return ACQ_EARG;
        depth++;
    }
    if (depth + height(child) > MAX_DEPTH)
        return ACQ_ELIMIT;
    if (acq_grow((void **)&parent->kids, &parent->cap, parent->nkids + 1, sizeof *parent->kids) != 0)
        return ACQ_ENOMEM;
    parent->kids[parent->nkids++] = child;
    child->parent = parent;
    child->occur = occur;
    return ACQ_OK;
}

static void destroy_tree(acq_query *q)
{
    for (size_t i = 0; i < q->nkids; i++)
        destroy_tree(q->kids[i]);
    acq_free(q->kids);
    acq_free(q->text);
    acq_free(q);
}

void acq_query_destroy(acq_query *q)
{
    if (q == NULL || q->parent != NULL)
        return;
    destroy_tree(q);
}

/* ---- turning it into the internal tree ------------------------------------------ */

typedef struct conv {
    acq_analyzer *a;
    size_t nterms;
    acq_err *err;
} conv;

static int count_term(conv *c)
{
    if (++c->nterms > MAX_TERMS)
        return acq_err_set(c->err, ACQ_ELIMIT, "the query has more than %d terms", MAX_TERMS);
    return ACQ_OK;
}

/* A keyword value, stored as the writer stores it (A-Z lowercased except in
 * ids); an empty value is dropped. */
static int keyword_node(conv *c, const acq_query *q, acq_qnode **out)
{
    size_t n = strlen(q->text);
    if (n == 0)
        return ACQ_OK;
    if (count_term(c) != ACQ_OK)
        return c->err->code;
    acq_qnode *node = acq_qnode_new(ACQ_Q_TERM, q->field, 1);
    char **terms = acq_malloc(sizeof *terms);
    char *t = acq_strndup(q->text, n);
    if (node == NULL || terms == NULL || t == NULL) {
        acq_free(node);
        acq_free(terms);
        acq_free(t);
        return acq_err_set(c->err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; q->field != ACQ_FIELD_ID && i < n; i++)
        if (t[i] >= 'A' && t[i] <= 'Z')
            t[i] = (char)(t[i] + 32);
    terms[0] = t;
    node->terms = terms;
    node->nterms = 1;
    *out = node;
    return ACQ_OK;
}

/* Analysed text: one term makes a TERM, several a PHRASE (positions relative
 * to the first, stopword gaps kept), none nothing. */
static int text_node(conv *c, const acq_query *q, acq_qnode **out)
{
    acq_qnode *node = acq_qnode_new(ACQ_Q_PHRASE, q->field, 1);
    if (node == NULL)
        return acq_err_set(c->err, ACQ_ENOMEM, "out of memory");
    size_t cap = 0;
    uint32_t first = 0;
    acq_token_stream ts;
    acq_token tok;
    int r, rc = ACQ_OK;
    acq_token_stream_init(&ts, q->text, strlen(q->text), 0);
    while (rc == ACQ_OK && (r = acq_analyze_next(c->a, &ts, &tok)) == 1) {
        if ((rc = count_term(c)) != ACQ_OK)
            break;
        if (node->nterms == cap) {
            size_t c1 = cap, c2 = cap;
            /* Both arrays keep nterms valid entries whichever grow fails. */
            if (acq_grow((void **)&node->terms, &c1, cap + 1, sizeof *node->terms) != 0 ||
                acq_grow((void **)&node->positions, &c2, cap + 1, sizeof *node->positions) != 0) {
                rc = acq_err_set(c->err, ACQ_ENOMEM, "out of memory");
                break;
            }
            cap = c1 < c2 ? c1 : c2;
        }
        const char *term = tok.term;
        size_t len = tok.len;
        if (term == NULL) /* an ids-only analyzer: look the string up */
            term = acq_vocab_term(acq_analyzer_vocab(c->a), tok.term_id, &len);
        char *t = acq_strndup(term ? term : "", term ? len : 0);
        if (t == NULL) {
            rc = acq_err_set(c->err, ACQ_ENOMEM, "out of memory");
            break;
        }
        if (node->nterms == 0)
            first = tok.pos;
        node->terms[node->nterms] = t;
        node->positions[node->nterms] = tok.pos - first;
        node->nterms++;
    }
    if (rc == ACQ_OK && r < 0)
        rc = acq_err_set(c->err, ACQ_ENOMEM, "out of memory analysing the query");
    if (rc != ACQ_OK || node->nterms == 0) {
        acq_query_free(node);
        return rc;
    }
    if (node->nterms == 1) {
        node->kind = ACQ_Q_TERM;
        acq_free(node->positions);
        node->positions = NULL;
    } else {
        node->slop = q->kind == KIND_PHRASE ? q->slop : 0;
    }
    *out = node;
    return ACQ_OK;
}

/* *out is the internal node for q, or NULL when q vanishes (words that
 * analyse to nothing, a boolean query whose clauses all vanished): as in the
 * parser, a vanished clause is dropped from its parent whatever its occur.
 * Recursion is bounded by MAX_DEPTH (acq_query_add). */
static int convert(conv *c, const acq_query *q, acq_qnode **out)
{
    *out = NULL;
    if (q->kind != KIND_BOOL)
        return is_text_field(q->field) ? text_node(c, q, out) : keyword_node(c, q, out);
    acq_qnode *b = acq_qnode_new(ACQ_Q_BOOL, 0, 1);
    if (b == NULL || (b->kids = acq_calloc(q->nkids + 1, sizeof *b->kids)) == NULL) {
        acq_free(b);
        return acq_err_set(c->err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < q->nkids; i++) {
        acq_qnode *kid = NULL;
        if (convert(c, q->kids[i], &kid) != ACQ_OK) {
            acq_query_free(b);
            return c->err->code;
        }
        if (kid) {
            kid->occur = (acq_occur)q->kids[i]->occur;
            b->kids[b->nkids++] = kid;
        }
    }
    if (b->nkids == 0) {
        acq_query_free(b);
        return ACQ_OK;
    }
    *out = b;
    return ACQ_OK;
}

/* ---- running ------------------------------------------------------------------------ */

/* The tree of q analysed with a (an acq_ml_analyse_fn). */
static int convert_with(void *ctx, acq_analyzer *a, acq_qnode **out, acq_err *err)
{
    conv c = {a, 0, err};
    return convert(&c, (const acq_query *)ctx, out);
}

int acq_search_query(acq_results **out, acq_index *ix, const acq_query *q, const acq_search_options *opts,
                     char *errmsg, size_t errmsg_size)
{
    if (out == NULL || ix == NULL || q == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "acq_search_query: out, ix and q are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts) {
        if (opts->size < sizeof(size_t)) {
            acq_msg_copy(errmsg, errmsg_size, "acq_search_query: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
            return ACQ_EARG;
        }
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
    }
    acq_err err = {0};
    acq_qnode *root = NULL;
    /* Analysed in each language of the index, or in o.lang (multilang.h). */
    int rc = acq_multilang_query(&root, ix, o.lang, ix->manifest.stem, ix->manifest.stopwords, acq_lab_one_language(&o), convert_with, (void *)q, &err);
    /* Nothing left (only stopwords, an empty boolean query): no hits. */
    if (rc == ACQ_OK && root == NULL && (root = acq_qnode_new(ACQ_Q_NONE, 0, 1)) == NULL)
        rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    /* The root joins no parent (acq_search_tree expects SHOULD there). */
    if (rc == ACQ_OK) {
        root->occur = ACQ_SHOULD;
        rc = acq_search_tree(out, ix, root, &o, &err);
    }
    acq_query_free(root);
    if (rc != ACQ_OK)
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    return rc;
}
