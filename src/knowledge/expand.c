/* expand.c: query expansion by instrument names and act numbers (see
 * expand.h). Works on the parsed tree: spans of the query string that
 * name an act are found by their words (longest first), mapped back to the
 * tree's nodes by their columns, and those nodes are folded into one
 * concept node. */
#include "knowledge/expand.h"

#include "analysis/keyword.h"
#include "common/alloc.h"
#include "index/reader.h"
#include "index/segment.h"
#include "knowledge/shared.h"
#include "knowledge/thesaurus.h"
#include "query/tree.h"
#include "segment/format.h"

#include <stdio.h>
#include <string.h>

#define MAX_ACTS 8        /* acts one span may stand for */
#define MAX_COMPLETIONS 32 /* dictionary completions of a partial number */

typedef struct word {
    size_t s, e;          /* bytes of the query */
    uint32_t col;         /* 1-based column (code points) of s */
} word;

/* What a span of the query names. */
typedef struct meaning {
    char celex[MAX_ACTS][ACQ_CELEX_MAX];
    const acq_instrument *inst[MAX_ACTS]; /* NULL for an act the table lacks */
    size_t n;
    int ambiguous;        /* named by an ambiguous name */
    int partial;          /* a number without its suffix: complete it */
    int by_name;          /* named, not cited by number */
    uint32_t concept[MAX_ACTS]; /* thesaurus concepts (then n is 0) */
    size_t nconcepts;
} meaning;

typedef struct ctx {
    const char *q;
    size_t qn;
    acq_analyzer *a;
    acq_index *ix;
    const acq_instruments *kb;
    int cites_field;      /* ACQ_FIELD_EXTRA + i, or 0 */
    int eurovoc_field;    /* the same for eurovoc */
    const acq_thesaurus *thes; /* NULL: none asked for */
    int instruments;      /* expand instrument names and numbers */
    acq_buf *describe;
    acq_err *err;
} ctx;

static int oom(ctx *c) { return acq_err_set(c->err, ACQ_ENOMEM, "out of memory expanding the query"); }

/* ---- the words of the query and the columns of the tree ------------------ */

static int is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

static size_t split_words(const char *q, size_t n, word **out)
{
    size_t count = 0, cap = 0;
    uint32_t col = 1;
    *out = NULL;
    for (size_t i = 0; i < n;) {
        if (is_space((unsigned char)q[i])) {
            i++;
            col++;
            continue;
        }
        word w = {i, i, col};
        while (i < n && !is_space((unsigned char)q[i])) {
            if (((unsigned char)q[i] & 0xC0) != 0x80)
                col++;
            i++;
        }
        w.e = i;
        if (acq_grow((void **)out, &cap, count + 1, sizeof **out) != 0)
            return (size_t)-1;
        (*out)[count++] = w;
    }
    return count;
}

static uint32_t column_at(const char *q, size_t off)
{
    uint32_t col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)q[i] & 0xC0) != 0x80;
    return col;
}

/* The nodes whose columns fall in [from, to), with their parent. */
typedef struct found {
    acq_qnode *node[ACQ_EXPAND_MAX_WORDS * 2];
    size_t n;
    acq_qnode *parent;    /* common parent, NULL for the root */
    int mixed;            /* several parents, or too many nodes */
} found;

static void collect(acq_qnode *q, acq_qnode *parent, uint32_t from, uint32_t to, found *f)
{
    if (q->kind == ACQ_Q_BOOL && q->concept == NULL) {
        for (size_t i = 0; i < q->nkids; i++)
            collect(q->kids[i], q, from, to, f);
        return;
    }
    if (q->column >= from && q->column < to) {
        if (f->n == 0)
            f->parent = parent;
        else if (f->parent != parent)
            f->mixed = 1;
        if (f->n < sizeof f->node / sizeof f->node[0])
            f->node[f->n++] = q;
        else
            f->mixed = 1;
        if (q->kind == ACQ_Q_BOOL)
            f->mixed = 1; /* a concept already */
    }
}

/* Plain words: body terms or one-word phrases ("anti-money-laundering"),
 * all with one occur, SHOULD or MUST, no concept already. */
static int plain_words(const found *f)
{
    if (f->n == 0 || f->mixed)
        return 0;
    for (size_t i = 0; i < f->n; i++) {
        const acq_qnode *k = f->node[i];
        if ((k->kind != ACQ_Q_TERM && k->kind != ACQ_Q_PHRASE) || k->field != ACQ_FIELD_BODY || k->slop != 0 ||
            (k->occur != ACQ_SHOULD && k->occur != ACQ_MUST) || k->occur != f->node[0]->occur)
            return 0;
    }
    return 1;
}

/* ---- what a span names ----------------------------------------------------- */

static int add_act(meaning *m, const char *celex, const acq_instrument *inst)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->celex[i], celex) == 0)
            return 0;
    if (m->n == MAX_ACTS || strlen(celex) >= ACQ_CELEX_MAX)
        return 0;
    memcpy(m->celex[m->n], celex, strlen(celex) + 1);
    m->inst[m->n++] = inst;
    return 1;
}

static void add_celex(ctx *c, meaning *m, const char *celex)
{
    add_act(m, celex, c->kb ? acq_instruments_by_celex(c->kb, celex) : NULL);
}

/* An abbreviation matches only as the table writes it: its letters and
 * digits, in the same case (hyphens and spaces free). */
static int abbr_typed(const char *s, size_t n, const char *abbr)
{
    size_t j = 0, an = strlen(abbr);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            continue;
        while (j < an && (unsigned char)abbr[j] < 0x80 &&
               !(((unsigned char)abbr[j] >= 'a' && (unsigned char)abbr[j] <= 'z') ||
                 ((unsigned char)abbr[j] >= 'A' && (unsigned char)abbr[j] <= 'Z') ||
                 ((unsigned char)abbr[j] >= '0' && (unsigned char)abbr[j] <= '9')))
            j++;
        if (j >= an || abbr[j] != s[i])
            return 0;
        j++;
    }
    return 1;
}

static int digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int to_int(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && i < 6; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int full_year(const char *s, size_t n)
{
    int y = to_int(s, n);
    if (n == 2)
        y += y >= 50 ? 1900 : 2000;
    return n == 2 || n == 4 ? y : 0;
}

/* "2008/615" or "1987/2006" written alone: the acts it may be. Year first,
 * as directives, decisions and acts from 2015 are numbered; number first,
 * as regulations to 2014 and co-decision decisions are. */
static void partial_number(ctx *c, meaning *m, const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    if (slash == NULL || memchr(slash + 1, '/', n - (size_t)(slash + 1 - s)))
        return;
    size_t a = (size_t)(slash - s), b = n - a - 1;
    if (!digits(s, a) || !digits(slash + 1, b) || a > 4 || b > 4)
        return;
    char celex[ACQ_CELEX_MAX];
    int y = full_year(s, a), num = to_int(slash + 1, b);
    if (y >= 1951 && y <= 2099 && num > 0) {
        static const char year_first[] = "LDF";
        for (size_t i = 0; i < sizeof year_first - 1; i++) {
            snprintf(celex, sizeof celex, "3%04d%c%04d", y, year_first[i], num);
            add_celex(c, m, celex);
        }
        if (y >= 2015) {
            snprintf(celex, sizeof celex, "3%04dR%04d", y, num);
            add_celex(c, m, celex);
        }
    }
    y = full_year(slash + 1, b);
    num = to_int(s, a);
    if (y >= 1951 && y <= 2014 && num > 0) {
        snprintf(celex, sizeof celex, "3%04dR%04d", y, num);
        add_celex(c, m, celex);
        snprintf(celex, sizeof celex, "3%04dD%04d", y, num);
        add_celex(c, m, celex);
    }
    m->partial = m->n > 0;
}

/* A number written without its suffix: "2008/615", not "2008/615/JHA". */
static int one_slash(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '/';
    return k == 1;
}

/* The acts the span s[0..n) names, by citation, CELEX, number or name. */
static void understand_acts(ctx *c, const char *s, size_t n, int one_word, meaning *m);

static void understand(ctx *c, const char *s, size_t n, int one_word, meaning *m)
{
    memset(m, 0, sizeof *m);
    if (c->instruments)
        understand_acts(c, s, n, one_word, m);
    if (m->n == 0 && c->thes) {
        memset(m, 0, sizeof *m);
        size_t k = acq_thesaurus_lookup(c->thes, s, n, m->concept, MAX_ACTS);
        m->nconcepts = k < MAX_ACTS ? k : MAX_ACTS;
        m->by_name = 1;
    }
}

static void understand_acts(ctx *c, const char *s, size_t n, int one_word, meaning *m)
{
    char celex[ACQ_CELEX_MAX];
    if (acq_citation_parse(s, n, NULL, celex) == ACQ_OK) {
        add_celex(c, m, celex);
        return;
    }
    /* A number the table completes ("2008/615/JHA", "2008/615"). */
    if (one_word && c->kb) {
        const acq_instrument *in = acq_instruments_by_citation(c->kb, s, n);
        if (in && in->celex && *in->celex) {
            add_act(m, in->celex, in);
            m->partial = one_slash(s, n);
            return;
        }
        partial_number(c, m, s, n);
        if (m->n)
            return;
    }
    if (c->kb == NULL)
        return;
    const acq_instrument *hits[MAX_ACTS];
    const acq_instrument_name *names[MAX_ACTS];
    size_t k = acq_instruments_by_name(c->kb, s, n, hits, names, MAX_ACTS);
    if (k > MAX_ACTS)
        k = MAX_ACTS;
    for (size_t i = 0; i < k; i++) {
        if (names[i]->abbr && !abbr_typed(s, n, names[i]->text))
            continue;
        if (hits[i]->celex && *hits[i]->celex && add_act(m, hits[i]->celex, hits[i]))
            m->ambiguous |= names[i]->ambiguous;
    }
    m->by_name = m->n > 0;
}

/* ---- building the concept ------------------------------------------------------ */

typedef struct concept_build {
    acq_qnode *node;      /* the BOOL with the concept */
    size_t cap;
} concept_build;

static int push_kid(ctx *c, concept_build *b, acq_qnode *k, double w)
{
    acq_qnode *q = b->node;
    size_t cap = b->cap, wcap = b->cap;
    if (acq_grow((void **)&q->kids, &cap, q->nkids + 1, sizeof *q->kids) != 0 ||
        acq_grow((void **)&q->concept->weights, &wcap, q->nkids + 1, sizeof *q->concept->weights) != 0) {
        acq_query_free(k);
        return oom(c);
    }
    b->cap = cap < wcap ? cap : wcap;
    k->occur = ACQ_SHOULD;
    q->kids[q->nkids] = k;
    q->concept->weights[q->nkids++] = w;
    return ACQ_OK;
}

/* 1 for a one-word leaf of the text that holds a digit and a slash: an act
 * number as the analyzer keeps it whole ("765/2008", "2008/615/jha"). */
static int is_number_term(const acq_qnode *k)
{
    if (k->kind != ACQ_Q_TERM || k->nterms != 1 || strchr(k->terms[0], '/') == NULL)
        return 0;
    return strpbrk(k->terms[0], "0123456789") != NULL;
}

/* 1 if the concept already has a leaf of this field and these terms. */
static int has_leaf(const acq_qnode *q, int field, char **terms, size_t n)
{
    for (size_t i = 0; i < q->nkids; i++) {
        const acq_qnode *k = q->kids[i];
        if (k->kind == ACQ_Q_BOOL || k->field != field || k->nterms != n)
            continue;
        size_t j = 0;
        while (j < n && strcmp(k->terms[j], terms[j]) == 0)
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

static int add_keyword(ctx *c, concept_build *b, int field, const char *value, double weight)
{
    if (b->node->nkids >= ACQ_EXPAND_MAX_FORMS)
        return ACQ_OK;
    acq_buf f = {0};
    if (acq_keyword_fold(value, strlen(value), &f) != 0 || f.failed) {
        acq_buf_free(&f);
        return oom(c);
    }
    char *t = acq_strndup(acq_buf_cstr(&f), f.len);
    acq_buf_free(&f);
    if (t == NULL)
        return oom(c);
    if (has_leaf(b->node, field, &t, 1)) {
        acq_free(t);
        return ACQ_OK;
    }
    acq_qnode *k = acq_qnode_new(ACQ_Q_TERM, field, b->node->column);
    char **terms = acq_malloc(sizeof *terms);
    if (k == NULL || terms == NULL) {
        acq_free(k);
        acq_free(terms);
        acq_free(t);
        return oom(c);
    }
    terms[0] = t;
    k->terms = terms;
    k->nterms = 1;
    return push_kid(c, b, k, weight);
}

/* Text analysed as the query was: a body term or exact phrase. With
 * need_digit, only a one-term text holding a digit (a citation form such
 * as "2008/615/JHA", not "Council Decision 2008/615/JHA") is kept. */
static int add_text(ctx *c, concept_build *b, const char *text, size_t text_len, int need_digit, double weight)
{
    if (b->node->nkids >= ACQ_EXPAND_MAX_FORMS)
        return ACQ_OK;
    acq_qnode *k = acq_qnode_new(ACQ_Q_PHRASE, ACQ_FIELD_BODY, b->node->column);
    if (k == NULL)
        return oom(c);
    size_t cap = 0;
    acq_token_stream ts;
    acq_token tok;
    int r;
    uint32_t first = 0;
    acq_token_stream_init(&ts, text, text_len, 0);
    while ((r = acq_analyze_next(c->a, &ts, &tok)) == 1 && k->nterms < 16) {
        const char *term = tok.term;
        size_t len = tok.len;
        if (term == NULL)
            term = acq_vocab_term(acq_analyzer_vocab(c->a), tok.term_id, &len);
        size_t c1 = cap, c2 = cap;
        if (acq_grow((void **)&k->terms, &c1, k->nterms + 1, sizeof *k->terms) != 0 ||
            acq_grow((void **)&k->positions, &c2, k->nterms + 1, sizeof *k->positions) != 0) {
            r = -1;
            break;
        }
        cap = c1 < c2 ? c1 : c2;
        char *t = acq_strndup(term ? term : "", term ? len : 0);
        if (t == NULL) {
            r = -1;
            break;
        }
        if (k->nterms == 0)
            first = tok.pos;
        k->terms[k->nterms] = t;
        k->positions[k->nterms++] = tok.pos - first;
    }
    if (r < 0) {
        acq_query_free(k);
        return oom(c);
    }
    int keep = k->nterms > 0 && !has_leaf(b->node, ACQ_FIELD_BODY, k->terms, k->nterms);
    if (keep && need_digit)
        keep = k->nterms == 1 && strpbrk(k->terms[0], "0123456789") != NULL;
    if (!keep) {
        acq_query_free(k);
        return ACQ_OK;
    }
    if (k->nterms == 1) {
        k->kind = ACQ_Q_TERM;
        acq_free(k->positions);
        k->positions = NULL;
    }
    /* A phrase scores the sum of its words' idf: a long name ("European
     * Union Agency for Law Enforcement Cooperation") would outweigh every
     * other form, and the act in the one language whose name it is would
     * outrank its versions in the others. Divided by its words, each form
     * weighs about one word, as the concept does. */
    return push_kid(c, b, k, weight / (double)k->nterms);
}

/* The body terms of the index that complete a typed number: "2008/615"
 * -> "2008/615/jha", "2008/615/ec" (at most MAX_COMPLETIONS). */
static int add_completions(ctx *c, concept_build *b, const char *term)
{
    if (c->ix == NULL)
        return ACQ_OK;
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t n = strlen(term);
    if (n + 2 > ACQ_MAX_KEY)
        return ACQ_OK;
    key[0] = ACQ_FIELD_BODY;
    memcpy(key + 1, term, n);
    key[n + 1] = '/';
    size_t klen = n + 2;
    size_t added = 0;
    for (size_t si = 0; si < c->ix->nsegs && added < MAX_COMPLETIONS; si++) {
        acq_dict_iter it;
        int rc = acq_dict_iter_seek(&it, &c->ix->segs[si], key, klen, c->err);
        if (rc != ACQ_OK)
            return rc;
        int r;
        while (added < MAX_COMPLETIONS && (r = acq_dict_iter_next(&it, c->err)) == 1) {
            if (it.key_len < klen || memcmp(it.key, key, klen) != 0)
                break;
            char *t = acq_strndup((const char *)it.key + 1, it.key_len - 1);
            if (t == NULL)
                return oom(c);
            if (has_leaf(b->node, ACQ_FIELD_BODY, &t, 1) || b->node->nkids >= ACQ_EXPAND_MAX_FORMS) {
                acq_free(t);
                continue;
            }
            acq_qnode *k = acq_qnode_new(ACQ_Q_TERM, ACQ_FIELD_BODY, b->node->column);
            char **terms = acq_malloc(sizeof *terms);
            if (k == NULL || terms == NULL) {
                acq_free(k);
                acq_free(terms);
                acq_free(t);
                return oom(c);
            }
            terms[0] = t;
            k->terms = terms;
            k->nterms = 1;
            if ((rc = push_kid(c, b, k, 1.0)) != ACQ_OK)
                return rc;
            added++;
        }
        if (r < 0)
            return r;
    }
    return ACQ_OK;
}

static const char *first_name(const acq_instrument *in, const char *lang)
{
    for (size_t i = 0; i < in->n_names; i++)
        if (!in->names[i].abbr && !in->names[i].ambiguous && (!*in->names[i].lang || strcmp(in->names[i].lang, lang) == 0))
            return in->names[i].text;
    return in->n_names ? in->names[0].text : in->key;
}

static void describe_leaf(ctx *c, const acq_qnode *k, double w, acq_buf *out)
{
    const char *f = k->field == ACQ_FIELD_BODY ? "body" : k->field == ACQ_FIELD_CELEX ? "celex"
                  : k->field == c->cites_field ? "cites" : k->field == c->eurovoc_field ? "eurovoc" : "field";
    if (k->kind == ACQ_Q_BOOL) {
        acq_buf_puts(out, "(");
        for (size_t i = 0; i < k->nkids; i++)
            describe_leaf(c, k->kids[i], 1.0, out), acq_buf_puts(out, i + 1 < k->nkids ? " " : "");
        acq_buf_puts(out, ")");
    } else if (k->kind == ACQ_Q_PHRASE) {
        acq_buf_printf(out, "%s:\"", f);
        for (size_t i = 0; i < k->nterms; i++)
            acq_buf_printf(out, "%s%s", i ? " " : "", k->terms[i]);
        acq_buf_puts(out, "\"");
    } else {
        acq_buf_printf(out, "%s:%s", f, k->nterms ? k->terms[0] : "");
    }
    if (w != 1.0)
        acq_buf_printf(out, "^%g", w);
}

/* Folds the nodes f into one concept for what the span means. */
static int fold(ctx *c, acq_qnode **root, found *f, const meaning *m, const char *span, size_t span_len)
{
    acq_qnode *first = f->node[0];
    acq_occur occur = first->occur;
    acq_qnode *cn = acq_qnode_new(ACQ_Q_BOOL, ACQ_FIELD_BODY, first->column);
    if (cn == NULL || (cn->concept = acq_calloc(1, sizeof *cn->concept)) == NULL) {
        acq_free(cn);
        return oom(c);
    }
    cn->occur = occur;
    concept_build b = {cn, 0};
    /* The label: the span and the acts it stands for. */
    acq_buf label = {0};
    const char *lang = acq_analyzer_lang(c->a) ? acq_analyzer_lang(c->a) : "en";
    acq_buf_printf(&label, "\"%.*s\" = ", (int)span_len, span);
    for (size_t i = 0; i < m->nconcepts; i++) {
        const acq_thes_label *l;
        size_t nl = acq_thesaurus_labels(c->thes, m->concept[i], &l);
        const char *pref = nl ? l[0].label : "";
        for (size_t j = 0; j < nl; j++)
            if (strcmp(l[j].lang, lang) == 0) {
                pref = l[j].label;
                break;
            }
        acq_buf_printf(&label, "%sthesaurus concept %s (%s)", i ? ", " : "", acq_thesaurus_id(c->thes, m->concept[i]), pref);
    }
    for (size_t i = 0; i < m->n; i++) {
        if (i)
            acq_buf_puts(&label, ", ");
        if (m->inst[i])
            acq_buf_printf(&label, "%s ", first_name(m->inst[i], lang));
        acq_buf_puts(&label, m->celex[i]);
    }
    if (m->partial && !m->inst[0])
        acq_buf_puts(&label, " (any act so numbered)");
    cn->concept->label = label.failed ? NULL : acq_strndup(acq_buf_cstr(&label), label.len);
    acq_buf_free(&label);
    if (cn->concept->label == NULL) {
        acq_query_free(cn);
        return oom(c);
    }
    int rc = ACQ_OK;

    /* The words as typed come first (their explanation reads as without
     * expansion): as one phrase, weighing half when the name is ambiguous.
     * The words of a name found apart ("Prüm" and "decision" anywhere)
     * are weaker evidence: they weigh half. The words of a citation found
     * apart ("Regulation" without its number) are none: they go. */
    double typed_w = m->ambiguous ? ACQ_EXPAND_AMBIGUOUS_WEIGHT : 1.0;
    acq_qnode *loose = NULL;
    if (f->n > 1 && m->by_name) {
        loose = acq_qnode_new(ACQ_Q_BOOL, ACQ_FIELD_BODY, first->column);
        if (loose == NULL || (loose->kids = acq_calloc(f->n, sizeof *loose->kids)) == NULL) {
            acq_free(loose);
            acq_query_free(cn);
            return oom(c);
        }
    }
    /* Unhook the typed nodes from the tree: the first one's place takes
     * the concept. */
    if (f->parent == NULL) {
        *root = cn;
    } else {
        acq_qnode *p = f->parent;
        size_t w = 0;
        for (size_t i = 0; i < p->nkids; i++) {
            acq_qnode *k = p->kids[i];
            size_t j = 0;
            while (j < f->n && f->node[j] != k)
                j++;
            if (j == f->n)
                p->kids[w++] = k;
            else if (k == first)
                p->kids[w++] = cn;
        }
        p->nkids = w;
    }
    if (f->n == 1) {
        rc = push_kid(c, &b, first, typed_w);
    } else {
        rc = add_text(c, &b, span, span_len, 0, typed_w);
        for (size_t i = 0; i < f->n; i++) {
            f->node[i]->occur = ACQ_SHOULD;
            if (loose)
                loose->kids[loose->nkids++] = f->node[i];
            else if (rc == ACQ_OK && !m->by_name && is_number_term(f->node[i]) &&
                     !has_leaf(cn, f->node[i]->field, f->node[i]->terms, 1))
                /* the number of a citation ("765/2008" of "Regulation (EC) No
                 * 765/2008") is the same in every language, which words the
                 * citation around it ("forordning (EF) nr. 765/2008"): alone,
                 * it finds the act's versions whose citations the extractor
                 * cannot read and whose phrase differs */
                rc = push_kid(c, &b, f->node[i], 1.0);
            else
                acq_query_free(f->node[i]);
        }
        if (loose && rc == ACQ_OK)
            rc = push_kid(c, &b, loose, ACQ_EXPAND_AMBIGUOUS_WEIGHT);
        else
            acq_query_free(loose);
    }
    for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
        rc = add_keyword(c, &b, ACQ_FIELD_CELEX, m->celex[i], ACQ_EXPAND_ACT_WEIGHT);
        if (rc == ACQ_OK && c->cites_field)
            rc = add_keyword(c, &b, c->cites_field, m->celex[i], 1.0);
    }
    for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
        const acq_instrument *in = m->inst[i];
        for (size_t j = 0; in && j < in->n_names && rc == ACQ_OK; j++) {
            const acq_instrument_name *nm = &in->names[j];
            if (!nm->abbr && !nm->ambiguous && (!*nm->lang || strcmp(nm->lang, lang) == 0))
                rc = add_text(c, &b, nm->text, strlen(nm->text), 0, 1.0);
        }
        for (size_t j = 0; in && j < in->n_forms && rc == ACQ_OK; j++)
            rc = add_text(c, &b, in->forms[j], strlen(in->forms[j]), 1, 1.0);
    }
    for (size_t i = 0; i < m->nconcepts && rc == ACQ_OK; i++) {
        const acq_thes_label *l;
        size_t nl = acq_thesaurus_labels(c->thes, m->concept[i], &l);
        for (size_t j = 0; j < nl && rc == ACQ_OK; j++)
            if (strcmp(l[j].lang, lang) == 0)
                rc = add_text(c, &b, l[j].label, strlen(l[j].label), 0, 1.0);
        for (size_t j = 0; j < nl && rc == ACQ_OK && c->eurovoc_field; j++)
            rc = add_keyword(c, &b, c->eurovoc_field, l[j].label, 1.0);
    }
    if (rc == ACQ_OK && m->partial && f->n == 1 && first->kind == ACQ_Q_TERM)
        rc = add_completions(c, &b, first->terms[0]);
    if (rc == ACQ_OK && c->describe) {
        acq_buf_printf(c->describe, "%s: best of", cn->concept->label);
        for (size_t i = 0; i < cn->nkids; i++) {
            acq_buf_puts(c->describe, " ");
            describe_leaf(c, cn->kids[i], cn->concept->weights[i], c->describe);
        }
        acq_buf_puts(c->describe, "\n");
    }
    return rc;
}

int acq_expand_query(acq_qnode **root, const char *query, acq_analyzer *a, acq_index *ix,
                     const acq_expand_opts *eo, acq_buf *describe, acq_err *err)
{
    if (root == NULL || *root == NULL || query == NULL || a == NULL || eo == NULL)
        return ACQ_OK;
    ctx c = {query, strlen(query), a, ix, acq_instruments_shared(), 0, 0, NULL, eo->instruments, describe, err};
    if (eo->thesaurus && *eo->thesaurus && acq_thesaurus_shared(&c.thes, eo->thesaurus, err) != ACQ_OK)
        return err->code;
    if (!c.instruments && c.thes == NULL)
        return ACQ_OK;
    for (size_t i = 0; ix && i < ix->manifest.nfields; i++) {
        if (strcmp(ix->manifest.fields[i], "cites") == 0)
            c.cites_field = ACQ_FIELD_EXTRA + (int)i;
        if (strcmp(ix->manifest.fields[i], "eurovoc") == 0)
            c.eurovoc_field = ACQ_FIELD_EXTRA + (int)i;
    }
    word *w = NULL;
    size_t nw = split_words(c.q, c.qn, &w);
    if (nw == (size_t)-1)
        return oom(&c);
    int rc = ACQ_OK;
    size_t concepts = 0;
    for (size_t i = 0; i < nw && rc == ACQ_OK && concepts < ACQ_EXPAND_MAX_CONCEPTS;) {
        size_t took = 0;
        for (size_t len = nw - i < ACQ_EXPAND_MAX_WORDS ? nw - i : ACQ_EXPAND_MAX_WORDS; len > 0 && !took; len--) {
            size_t s = w[i].s, e = w[i + len - 1].e;
            if (memchr(c.q + s, '"', e - s) || memchr(c.q + s, ':', e - s))
                continue; /* phrases and fields are as typed */
            meaning m;
            understand(&c, c.q + s, e - s, len == 1, &m);
            if (m.n == 0 && m.nconcepts == 0)
                continue;
            found f = {{0}, 0, NULL, 0};
            collect(*root, NULL, w[i].col, column_at(c.q, e), &f);
            if (!plain_words(&f))
                continue;
            rc = fold(&c, root, &f, &m, c.q + s, e - s);
            took = len;
            concepts++;
        }
        i += took ? took : 1;
    }
    acq_free(w);
    return rc;
}
