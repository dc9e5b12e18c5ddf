/* parser.c: acq_query_parse, the query language of query.h turned into a
 * tree. A recursive-descent parser that reads the UTF-8 bytes directly,
 * because whether a character is syntax depends on where it stands: '(' opens
 * a group only where a term could start, '-' is an operator only at the start
 * of a word, 'title:' is a field only before a value. Everything that is not
 * clearly syntax is text for the analyzer, so legal citations such as
 * "Regulation (EU) 2016/794", "C-311/18", "Art. 5(1)(a)" or "Article 2:" never
 * fail (SQLite FTS5's trap). A '(' glued inside a word is text, and so is the
 * ')' that closes it ("5(1)(a)", "Regulation(EU)", "Art. 5(1"); a ')' glued
 * to the end of a word when no group is open is text too ("Buchstabe b)").
 *
 *   or      := and (('OR' | adjacency) and)*
 *   and     := unary ('AND' unary)*
 *   unary   := ('NOT' | '-' | '+') unary | primary
 *   primary := '(' or ')' | FIELD ':' primary | '"' text '"' ['~' N] | word ['*']
 *
 * What the tree means (the search module relies on these):
 *  - Plain words and OR are SHOULD clauses; AND makes MUST; NOT and '-' make
 *    MUST_NOT; '+' makes MUST. A query of one clause is that clause itself.
 *  - type:, lang: and date: are filters: FILTER (no score) where the clause is
 *    required anyway or stands beside other words (top level or under AND,
 *    '+' or adjacency); SHOULD when joined by an explicit OR, so that
 *    "type:DIR OR type:REG" means either. A DATE node always has occur FILTER;
 *    where it must be SHOULD or MUST_NOT it is wrapped in a one-clause BOOL
 *    ("-date:2016" -> -(#date:[...])). A filter alone is a BOOL with that one
 *    FILTER clause ("type:DIR" -> (#type:dir)), so the root's occur is
 *    always SHOULD and a DATE is never the root.
 *  - A BOOL with FILTER and SHOULD clauses but no MUST would mean "the filter,
 *    words optional" under Lucene's rules and "the filter and a word" under a
 *    literal reading of query.h; the parser makes the words MUST (grouping
 *    several SHOULD words into one MUST sub-BOOL), which means the latter
 *    under both readings: "europol type:DIR" = directives about Europol.
 *  - A BOOL left with only MUST_NOT clauses matches nothing (as in Lucene);
 *    the parser turns it into ACQ_Q_NONE and then simplifies NONE away:
 *    a SHOULD or MUST_NOT NONE clause is dropped, a MUST or FILTER one makes
 *    its BOOL NONE. So NONE appears only as the whole tree ("-europol",
 *    "the", "") and search never sees a MUST_NOT-only BOOL. The same holds
 *    for a group: "x (-y)" is x, "x AND (-y)" nothing. A BOOL with only
 *    FILTER clauses ("type:DIR lang:fr") matches their intersection, score 0.
 *  - Nested BOOLs are flattened where the meaning (matches and BM25 sums)
 *    stays the same: a OR (b OR c), a AND (b AND c), -(a OR b) -> -a -b.
 *  - Words that analyse to nothing (stopwords, punctuation) vanish as if not
 *    typed; a word that analyses to several terms is an exact phrase.
 *
 * Errors (ACQ_EQUERY, "column N: ...", N counting characters from 1): an
 * unmatched ')' where a term would start, a '(' or '"' never closed, '~'
 * without a number or above 1000, a bad date, a prefix shorter than two
 * characters, nesting deeper than 64, more than 1024 terms, invalid UTF-8.
 * A stray operator ("a AND", "NOT") is read as a word instead of an error:
 * the analyzer drops "and"/"not" as stopwords. */
#include "common/buf.h"   /* before query.h, which uses acq_buf without including it */
#include "query/query.h"
#include "analysis/keyword.h"
#include "analysis/charclass.h"
#include "analysis/fold.h"
#include "common/alloc.h"
#include "common/utf8.h"
#include "query/tree.h"
#include "segment/format.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64     /* nesting of groups, operators and fields */
#define MAX_TERMS 1024   /* terms in the whole query, phrase terms included */
#define MAX_SLOP 1000
#define FIELD_DATE (-1)  /* parser-only field: values are dates */

/* A parse result: node NULL means "nothing" (a stopword, an empty group),
 * which vanishes from its chain. `assigned` says that an operator ('+', '-',
 * NOT) already chose the node's occur; otherwise the chain it joins does. */
typedef struct item {
    acq_qnode *node;
    int assigned;
    int touched;     /* joined to a neighbour by an explicit OR */
} item;

typedef struct item_vec {
    item *v;
    size_t n, cap;
} item_vec;

typedef struct parser {
    const uint8_t *q;
    size_t n, at;
    acq_analyzer *a;
    acq_err err;            /* sticky: the first error wins */
    uint32_t err_column;
    int depth;              /* current nesting */
    int groups;             /* open '(' groups */
    int field;              /* field of the words being read */
    size_t nterms;
    size_t col_off;         /* column cache: col is the column of col_off */
    uint32_t col;
    size_t last_curly_close; /* offset of the last closing curly quote + 1, 0: none */
    const acq_query_fields *fields; /* the index's extra fields, or NULL */
    acq_buf scratch;
} parser;

enum chain { CHAIN_AND, CHAIN_ADJ, CHAIN_OR };

static item parse_or(parser *p);
static item parse_primary(parser *p);

/* ---- characters and columns ---- */

static int failed(const parser *p) { return p->err.code != ACQ_OK; }

/* 1-based column (in code points) of byte offset off. The count resumes
 * from the last offset asked, so callers ask in query order (a node's column
 * is taken before its contents are parsed): going back recounts from the
 * start, which would make long queries quadratic. */
static uint32_t column(parser *p, size_t off)
{
    if (off > p->n)
        off = p->n;
    if (off < p->col_off) {
        p->col_off = 0;
        p->col = 1;
    }
    for (; p->col_off < off; p->col_off++)
        if ((p->q[p->col_off] & 0xC0) != 0x80)
            p->col++;
    return p->col;
}

static void fail(parser *p, size_t off, const char *what)
{
    if (failed(p))
        return;
    p->err_column = column(p, off);
    acq_err_set(&p->err, ACQ_EQUERY, "column %u: %s", p->err_column, what);
}

static void oom(parser *p)
{
    acq_err_set(&p->err, ACQ_ENOMEM, "out of memory parsing the query");
}

/* Code point at i (the query is validated UTF-8); its length in *len. */
static uint32_t cp_at(const parser *p, size_t i, size_t *len)
{
    uint32_t cp;
    size_t l = acq_utf8_decode(p->q + i, p->n - i, &cp);
    *len = l ? l : 1;
    return cp;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Byte length of the whitespace character at i, or 0. Unicode spaces count:
 * text pasted from EUR-Lex often has no-break spaces ("Article\u00A02"). */
static size_t space_at(const parser *p, size_t i)
{
    if (i >= p->n)
        return 0;
    if (p->q[i] < 0x80)
        return is_space_cp(p->q[i]) ? 1 : 0;
    size_t len;
    return is_space_cp(cp_at(p, i, &len)) ? len : 0;
}

static void skip_space(parser *p)
{
    size_t k;
    while ((k = space_at(p, p->at)) > 0)
        p->at += k;
}

/* 1 if i is where a word starts in the sense of the operators: the query
 * start, or after whitespace or '('. Keywords also accept ')' and '"' before
 * them ("(a)AND(b)"); '-' and '+' do not, so "(a)-b" stays text. */
static int word_boundary(const parser *p, size_t i, int keyword)
{
    if (i == 0)
        return 1;
    uint8_t c = p->q[i - 1];
    if (c == '(' || (keyword && (c == ')' || c == '"')))
        return 1;
    size_t j = i - 1;
    while (j > 0 && (p->q[j] & 0xC0) == 0x80)
        j--;
    return space_at(p, j) > 0;
}

static int is_curly_open(const parser *p, size_t i)
{
    /* U+201C and U+201E, the opening double quotes of English and German. */
    return i + 2 < p->n && p->q[i] == 0xE2 && p->q[i + 1] == 0x80 && (p->q[i + 2] == 0x9C || p->q[i + 2] == 0x9E);
}

/* U+201D and U+201C, which close “...” and „...“. */
static int is_curly_close(const parser *p, size_t i)
{
    return i + 2 < p->n && p->q[i] == 0xE2 && p->q[i + 1] == 0x80 && (p->q[i + 2] == 0x9D || p->q[i + 2] == 0x9C);
}

/* 1 if something that can follow a '-' or '+' operator starts at i: a letter
 * or digit, a quote or a group. "- 5", "-/", "+§" are text. */
static int operand_start(const parser *p, size_t i)
{
    if (i >= p->n)
        return 0;
    uint8_t c = p->q[i];
    if (c == '"' || c == '(')
        return 1;
    if (c < 0x80)
        return acq_ascii_class[c] == ACQ_CC_WORD;
    if (is_curly_open(p, i))
        return 1;
    size_t len;
    return acq_char_class(cp_at(p, i, &len)) == ACQ_CC_WORD;
}

/* Length of a leading '-'/'+' operator at p->at (U+2212 minus and U+2013 en
 * dash count as '-'), 0 if there is none; *occ gets its meaning. */
static size_t sign_operator(const parser *p, acq_occur *occ)
{
    size_t i = p->at, len = 0;
    if (i >= p->n || !word_boundary(p, i, 0))
        return 0;
    const uint8_t *s = p->q + i;
    if (s[0] == '-' || s[0] == '+') {
        len = 1;
    } else if (i + 2 < p->n && ((s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) ||
                                (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x93))) {
        len = 3;
    }
    if (len == 0 || !operand_start(p, i + len))
        return 0;
    *occ = s[0] == '+' ? ACQ_MUST : ACQ_MUST_NOT;
    return len;
}

/* Length of the upper-case operator kw at p->at when it is one: a whole word
 * followed by something it can apply to. Otherwise 0, and the letters are an
 * ordinary word (which the analyzer drops as a stopword). */
static size_t keyword(parser *p, const char *kw)
{
    size_t i = p->at, k = strlen(kw);
    if (i + k > p->n || memcmp(p->q + i, kw, k) != 0 || !word_boundary(p, i, 1))
        return 0;
    size_t j = i + k;
    if (j < p->n && p->q[j] != '(' && p->q[j] != '"' && space_at(p, j) == 0)
        return 0;
    while (space_at(p, j))
        j += space_at(p, j);
    if (j >= p->n || p->q[j] == ')')
        return 0;
    return k;
}

/* ---- nodes ---- */

static int filterable(const acq_qnode *q)
{
    switch (q->kind) {
    case ACQ_Q_TERM:
    case ACQ_Q_PREFIX:
        return q->field == ACQ_FIELD_TYPE || q->field == ACQ_FIELD_LANG || q->field >= ACQ_FIELD_EXTRA;
    case ACQ_Q_DATE:
        return 1;
    case ACQ_Q_BOOL:
        for (size_t i = 0; i < q->nkids; i++)
            if (!filterable(q->kids[i]))
                return 0;
        return q->nkids > 0;
    default:
        return 0;
    }
}

static acq_qnode *new_node(parser *p, acq_qkind kind, int field, size_t off)
{
    acq_qnode *q = acq_qnode_new(kind, field, column(p, off));
    if (q == NULL)
        oom(p);
    return q;
}

/* Turns q into NONE in place (no allocation, so it cannot fail). */
static acq_qnode *make_none(acq_qnode *q)
{
    acq_qnode_clear_kids(q);
    for (size_t i = 0; i < q->nterms; i++)
        acq_free(q->terms[i]);
    acq_free(q->terms);
    acq_free(q->positions);
    q->terms = NULL;
    q->positions = NULL;
    q->nterms = 0;
    q->kind = ACQ_Q_NONE;
    return q;
}

/* A one-clause BOOL around q with the given occur (q is freed on OOM). */
static acq_qnode *wrap(parser *p, acq_qnode *q, acq_occur occ)
{
    acq_qnode *b = acq_qnode_new(ACQ_Q_BOOL, 0, q->column);
    acq_qnode **kids = acq_malloc(sizeof *kids);
    if (b == NULL || kids == NULL) {
        acq_free(b);
        acq_free(kids);
        acq_query_free(q);
        oom(p);
        return NULL;
    }
    kids[0] = q;
    b->kids = kids;
    b->nkids = 1;
    b->occur = occ;
    return b;
}

/* Can kid (a clause of a BOOL) give its clauses to that BOOL without changing
 * which documents match or their score sums? */
static int spliceable(const acq_qnode *kid)
{
    if (kid->kind != ACQ_Q_BOOL || kid->nkids == 0)
        return 0;
    size_t should = 0, required = 0;
    for (size_t i = 0; i < kid->nkids; i++) {
        acq_occur o = kid->kids[i]->occur;
        should += o == ACQ_SHOULD;
        required += o == ACQ_MUST || o == ACQ_FILTER;
    }
    switch (kid->occur) {
    case ACQ_SHOULD:   /* a (b c) = a b c */
    case ACQ_MUST_NOT: /* -(b c) = -b -c */
        return should == kid->nkids;
    case ACQ_MUST:     /* +(+b -c) = +b -c */
    case ACQ_FILTER:   /* #(+b -c) = #b -c */
        return should == 0 && required > 0;
    }
    return 0;
}

/* Normalises a freshly built BOOL (occur SHOULD, every clause's occur set):
 * flattens nested BOOLs, removes NONE clauses, resolves SHOULD beside FILTER
 * and unwraps a single clause. Consumes b; returns the result, with occur
 * SHOULD for the caller to set, or NULL on OOM. */
static acq_qnode *finish_bool(parser *p, acq_qnode *b)
{
    /* 1. Flatten. */
    size_t total = 0;
    for (size_t i = 0; i < b->nkids; i++)
        total += spliceable(b->kids[i]) ? b->kids[i]->nkids : 1;
    if (total != b->nkids) {
        acq_qnode **kids = acq_malloc(total * sizeof *kids);
        if (kids == NULL) {
            acq_query_free(b);
            oom(p);
            return NULL;
        }
        size_t k = 0;
        for (size_t i = 0; i < b->nkids; i++) {
            acq_qnode *kid = b->kids[i];
            if (!spliceable(kid)) {
                kids[k++] = kid;
                continue;
            }
            for (size_t j = 0; j < kid->nkids; j++) {
                acq_qnode *g = kid->kids[j];
                if (kid->occur == ACQ_MUST_NOT)
                    g->occur = ACQ_MUST_NOT;
                else if (kid->occur == ACQ_FILTER && g->occur == ACQ_MUST)
                    g->occur = ACQ_FILTER;
                kids[k++] = g;
            }
            kid->nkids = 0;
            acq_qnode_free_shell(kid);
        }
        acq_free(b->kids);
        b->kids = kids;
        b->nkids = total;
    }

    /* 2. NONE clauses: a required one empties the BOOL; others go. */
    size_t k = 0;
    for (size_t i = 0; i < b->nkids; i++) {
        acq_qnode *kid = b->kids[i];
        if (kid->kind != ACQ_Q_NONE) {
            b->kids[k++] = kid;
            continue;
        }
        if (kid->occur == ACQ_MUST || kid->occur == ACQ_FILTER) {
            for (size_t j = i; j < b->nkids; j++)   /* keep the rest freeable */
                b->kids[k++] = b->kids[j];
            b->nkids = k;
            return make_none(b);
        }
        acq_query_free(kid);
    }
    b->nkids = k;

    /* 3. Nothing that can match: only MUST_NOT clauses, or none at all. */
    size_t should = 0, must = 0, filter = 0;
    for (size_t i = 0; i < b->nkids; i++) {
        acq_occur o = b->kids[i]->occur;
        should += o == ACQ_SHOULD;
        must += o == ACQ_MUST;
        filter += o == ACQ_FILTER;
    }
    if (should + must + filter == 0)
        return make_none(b);

    /* 4. Words beside a filter become required (see the top of the file). */
    if (filter > 0 && must == 0 && should > 0) {
        if (should == 1) {
            for (size_t i = 0; i < b->nkids; i++)
                if (b->kids[i]->occur == ACQ_SHOULD)
                    b->kids[i]->occur = ACQ_MUST;
        } else {
            size_t first = 0;
            while (b->kids[first]->occur != ACQ_SHOULD)
                first++;
            acq_qnode *sub = acq_qnode_new(ACQ_Q_BOOL, 0, b->kids[first]->column);
            acq_qnode **sk = acq_malloc(should * sizeof *sk);
            if (sub == NULL || sk == NULL) {
                acq_free(sub);
                acq_free(sk);
                acq_query_free(b);
                oom(p);
                return NULL;
            }
            size_t s = 0, out = 0;
            for (size_t i = 0; i < b->nkids; i++) {
                acq_qnode *kid = b->kids[i];
                if (kid->occur == ACQ_SHOULD) {
                    sk[s++] = kid;
                    if (i == first)
                        b->kids[out++] = sub;
                } else {
                    b->kids[out++] = kid;
                }
            }
            b->nkids = out;
            sub->kids = sk;
            sub->nkids = s;
            sub->occur = ACQ_MUST;
        }
    }

    /* 5. One scoring clause alone is that clause: (+a) = (a) = a. */
    if (b->nkids == 1 && (b->kids[0]->occur == ACQ_SHOULD || b->kids[0]->occur == ACQ_MUST)) {
        acq_qnode *only = b->kids[0];
        only->occur = ACQ_SHOULD;
        b->nkids = 0;
        acq_qnode_free_shell(b);
        return only;
    }
    return b;
}

/* Gives an unassigned item the occur its place in a chain calls for. */
static acq_qnode *place(parser *p, item it, enum chain ctx)
{
    acq_qnode *q = it.node;
    if (it.assigned)
        return q;
    if (q->kind == ACQ_Q_DATE) {
        if (ctx == CHAIN_OR)   /* "date:2015 OR date:2018": either year */
            return wrap(p, q, ACQ_SHOULD);
        return q;              /* already FILTER */
    }
    int filter = filterable(q);
    switch (ctx) {
    case CHAIN_AND: q->occur = filter ? ACQ_FILTER : ACQ_MUST; break;
    case CHAIN_ADJ: q->occur = filter ? ACQ_FILTER : ACQ_SHOULD; break;
    case CHAIN_OR: q->occur = ACQ_SHOULD; break;
    }
    return q;
}

/* Applies '+' (MUST) or NOT/'-' (MUST_NOT) to an item. */
static item apply_operator(parser *p, item it, acq_occur occ)
{
    acq_qnode *q = it.node;
    item r = {NULL, 1, 0};
    if (q->kind == ACQ_Q_NONE) {
        q->occur = occ;
    } else if (occ == ACQ_MUST) {
        if (!it.assigned)
            q->occur = filterable(q) ? ACQ_FILTER : ACQ_MUST;   /* DATE stays FILTER */
        else if (q->occur == ACQ_MUST_NOT)
            make_none(q)->occur = ACQ_MUST;   /* +(-a): a BOOL(-a), nothing */
    } else if (q->kind == ACQ_Q_DATE) {
        q = wrap(p, q, ACQ_MUST_NOT);
    } else if (it.assigned && q->occur == ACQ_MUST_NOT) {
        make_none(q)->occur = ACQ_MUST_NOT;   /* NOT NOT a excludes nothing */
    } else {
        q->occur = ACQ_MUST_NOT;   /* -(+a) = -a */
    }
    r.node = q;
    return r;
}

/* ---- chains ---- */

static void items_free(item_vec *iv)
{
    for (size_t i = 0; i < iv->n; i++)
        acq_query_free(iv->v[i].node);
    acq_free(iv->v);
    iv->v = NULL;
    iv->n = iv->cap = 0;
}

static int items_push(parser *p, item_vec *iv, item it)
{
    if (acq_grow((void **)&iv->v, &iv->cap, iv->n + 1, sizeof(item)) != 0) {
        acq_query_free(it.node);
        oom(p);
        return -1;
    }
    iv->v[iv->n++] = it;
    return 0;
}

/* Builds the BOOL of a chain (consumes the items). One item is returned as
 * it is, so that its occur is still decided by whatever contains it. */
static item build_chain(parser *p, item_vec *iv, enum chain ctx, uint32_t col)
{
    item r = {NULL, 0, 0};
    if (iv->n <= 1) {
        if (iv->n == 1)
            r = iv->v[0];
        acq_free(iv->v);
        return r;
    }
    acq_qnode *b = acq_qnode_new(ACQ_Q_BOOL, 0, col);
    acq_qnode **kids = acq_malloc(iv->n * sizeof *kids);
    if (b == NULL || kids == NULL) {
        acq_free(b);
        acq_free(kids);
        items_free(iv);
        oom(p);
        return r;
    }
    b->kids = kids;
    for (size_t i = 0; i < iv->n; i++) {
        item it = iv->v[i];
        iv->v[i].node = NULL;
        acq_qnode *q = place(p, it, ctx == CHAIN_ADJ && it.touched ? CHAIN_OR : ctx);
        if (q == NULL) {
            items_free(iv);
            acq_query_free(b);
            return r;
        }
        b->kids[b->nkids++] = q;
    }
    items_free(iv);
    r.node = finish_bool(p, b);
    return r;
}

static item parse_unary(parser *p)
{
    item r = {NULL, 0, 0};
    size_t start = p->at;
    acq_occur occ = ACQ_SHOULD;
    size_t k = keyword(p, "NOT");
    if (k > 0)
        occ = ACQ_MUST_NOT;
    else
        k = sign_operator(p, &occ);
    if (k == 0)
        return parse_primary(p);
    if (++p->depth > MAX_DEPTH) {
        fail(p, start, "query nested too deeply (at most 64 levels)");
        return r;
    }
    p->at += k;
    skip_space(p);
    r = parse_unary(p);
    p->depth--;
    if (r.node == NULL || failed(p))
        return r;
    return apply_operator(p, r, occ);
}

static item parse_and(parser *p)
{
    item_vec iv = {0};
    uint32_t col = column(p, p->at);
    item it = parse_unary(p);
    if (failed(p))
        return it;
    if (it.node && items_push(p, &iv, it) != 0)
        return (item){NULL, 0, 0};
    for (;;) {
        skip_space(p);
        size_t k = keyword(p, "AND");
        if (k == 0)
            break;
        p->at += k;
        skip_space(p);
        it = parse_unary(p);
        if (failed(p)) {
            items_free(&iv);
            return it;
        }
        if (it.node && items_push(p, &iv, it) != 0) {
            items_free(&iv);
            return (item){NULL, 0, 0};
        }
    }
    return build_chain(p, &iv, CHAIN_AND, col);
}

/* Reads clauses until the end of the query or the ')' closing the current
 * group (left for the group to consume). */
static item parse_or(parser *p)
{
    item_vec iv = {0};
    item none = {NULL, 0, 0};
    int parsed = 0, prev_dropped = 0;
    skip_space(p);
    uint32_t col = column(p, p->at);
    for (;;) {
        skip_space(p);
        if (p->at >= p->n)
            break;
        if (p->q[p->at] == ')') {
            if (p->groups > 0)
                break;
            fail(p, p->at, "unmatched ')'");
            items_free(&iv);
            return none;
        }
        int is_or = 0;
        if (parsed) {
            size_t k = keyword(p, "OR");
            if (k > 0) {
                p->at += k;
                skip_space(p);
                is_or = 1;
                if (!prev_dropped && iv.n > 0)
                    iv.v[iv.n - 1].touched = 1;
            }
        }
        item it = parse_and(p);
        parsed = 1;
        if (failed(p)) {
            items_free(&iv);
            return none;
        }
        prev_dropped = it.node == NULL;
        if (it.node) {
            it.touched = is_or;
            if (items_push(p, &iv, it) != 0) {
                items_free(&iv);
                return none;
            }
        }
    }
    return build_chain(p, &iv, CHAIN_ADJ, col);
}

/* ---- primaries ---- */

static int is_text_field(int field) { return field == ACQ_FIELD_BODY || field == ACQ_FIELD_TITLE; }

static int is_extra_field(int field) { return field >= ACQ_FIELD_EXTRA; }

static int field_named(const parser *p, const uint8_t *s, size_t n)
{
    static const struct { const char *name; int field; } fields[] = {
        {"body", ACQ_FIELD_BODY}, {"title", ACQ_FIELD_TITLE}, {"id", ACQ_FIELD_ID}, {"celex", ACQ_FIELD_CELEX},
        {"type", ACQ_FIELD_TYPE}, {"lang", ACQ_FIELD_LANG}, {"date", FIELD_DATE},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        size_t k = strlen(fields[i].name);
        if (k != n)
            continue;
        size_t j = 0;
        while (j < k && (s[j] | 0x20) == (uint8_t)fields[i].name[j])
            j++;
        if (j == k)
            return fields[i].field;
    }
    for (size_t i = 0; p->fields && i < p->fields->n; i++) {
        const char *name = p->fields->names[i];
        size_t j = 0;
        while (j < n && name[j] != '\0' && (s[j] >= 'A' && s[j] <= 'Z' ? s[j] | 0x20 : s[j]) == (uint8_t)name[j])
            j++;
        if (j == n && name[j] == '\0')
            return ACQ_FIELD_EXTRA + (int)i;
    }
    return 0;
}

/* s[0..n) is shaped like a field name: a letter, then letters, digits or
 * '_'. Text such as C-311/18, 2016/794 or Art.5 is not. */
static int field_shaped(const uint8_t *s, size_t n)
{
    if (n == 0 || n > 32 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        uint8_t c = s[i] | 0x20;
        if (!((c >= 'a' && c <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    }
    return 1;
}

/* "column N: unknown field 'titel' (fields: title, id, ...)" */
static void fail_unknown_field(parser *p, size_t start, size_t n)
{
    acq_buf m = {0};
    acq_buf_printf(&m, "unknown field '%.*s' (the fields are title, id, celex, type, lang, date", (int)n,
                   (const char *)p->q + start);
    for (size_t i = 0; p->fields && i < p->fields->n; i++)
        acq_buf_printf(&m, ", %s", p->fields->names[i]);
    acq_buf_puts(&m, ")");
    if (m.failed)
        oom(p);
    else
        fail(p, start, acq_buf_cstr(&m));
    acq_buf_free(&m);
}

/* End of the word starting at i: it runs to whitespace or '"'. A '(' inside
 * a word is text and a ')' after it belongs to it too ("5(1)(a)",
 * "Regulation(EU)"); any other ')' ends the word when it closes an open
 * group, and is text otherwise ("a)" as in "Buchstabe a)"). */
static size_t scan_word(const parser *p, size_t i)
{
    int inner = 0;
    while (i < p->n && space_at(p, i) == 0) {
        uint8_t c = p->q[i];
        if (c == '"')
            break;
        if (c == '(') {
            inner++;
        } else if (c == ')') {
            if (inner > 0)
                inner--;
            else if (p->groups > 0)
                break;
        }
        i++;
    }
    return i;
}

static int count_terms(parser *p, size_t k, size_t off)
{
    if (p->nterms + k > MAX_TERMS) {
        fail(p, off, "too many terms in the query (at most 1024)");
        return -1;
    }
    p->nterms += k;
    return 0;
}

/* Copies s[0..n) as the single term of q, ASCII-lowercased when asked. */
static int set_term(parser *p, acq_qnode *q, const uint8_t *s, size_t n, int lower)
{
    q->terms = acq_malloc(sizeof *q->terms);
    char *t = acq_malloc(n + 1);
    if (q->terms == NULL || t == NULL) {
        acq_free(t);
        oom(p);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        t[i] = (char)((lower && s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    t[n] = '\0';
    q->terms[0] = t;
    q->nterms = 1;
    return 0;
}

/* Analyses q[s..e) into a TERM (one term), a PHRASE (several, positions
 * relative to the first) or nothing. */
static acq_qnode *analyse_text(parser *p, size_t s, size_t e, int field, uint32_t slop, size_t off)
{
    acq_qnode *q = new_node(p, ACQ_Q_PHRASE, field, off);
    if (q == NULL)
        return NULL;
    size_t cap = 0;
    acq_token_stream ts;
    acq_token tok;
    int r;
    uint32_t first = 0;
    acq_token_stream_init(&ts, (const char *)p->q + s, e - s, 0);
    while ((r = acq_analyze_next(p->a, &ts, &tok)) == 1) {
        const char *term = tok.term;
        size_t len = tok.len;
        if (term == NULL)   /* an ids-only analyzer: look the string up */
            term = acq_vocab_term(acq_analyzer_vocab(p->a), tok.term_id, &len);
        if (count_terms(p, 1, off) != 0)
            goto fail;
        if (q->nterms == cap) {
            size_t c1 = cap, c2 = cap;
            if (acq_grow((void **)&q->terms, &c1, cap + 1, sizeof *q->terms) != 0 ||
                acq_grow((void **)&q->positions, &c2, cap + 1, sizeof *q->positions) != 0) {
                /* Both arrays hold nterms valid entries whichever failed. */
                oom(p);
                goto fail;
            }
            cap = c1 < c2 ? c1 : c2;
        }
        char *t = acq_strndup(term ? term : "", term ? len : 0);
        if (t == NULL) {
            oom(p);
            goto fail;
        }
        if (q->nterms == 0)
            first = tok.pos;
        q->terms[q->nterms] = t;
        q->positions[q->nterms] = tok.pos - first;
        q->nterms++;
    }
    if (r < 0) {
        oom(p);
        goto fail;
    }
    if (q->nterms == 0) {
        acq_query_free(q);
        return NULL;
    }
    if (q->nterms == 1) {
        q->kind = ACQ_Q_TERM;
        acq_free(q->positions);
        q->positions = NULL;
    } else {
        q->slop = slop;
    }
    return q;
fail:
    acq_query_free(q);
    return NULL;
}

/* A date range value "A..B", "A.." , "..B" or "A" (each YYYY, YYYY-MM or
 * YYYY-MM-DD) in q[s..e). Missing parts widen the range: a start gets 00
 * (which is how the writer stores a date without month or day), an end 99,
 * so date:2016 = [20160000, 20161299] holds "2016", "2016-12" and 2016-12-31. */
static int date_part(const parser *p, size_t s, size_t e, int end, uint32_t *out)
{
    size_t n = e - s;
    const char *t = (const char *)p->q + s;
    if (n == 0) {
        *out = end ? ACQ_QDATE_OPEN_TO : ACQ_QDATE_OPEN_FROM;
        return 0;
    }
    if (!(n == 4 || (n == 7 && t[4] == '-') || (n == 10 && t[4] == '-' && t[7] == '-')))
        return -1;
    uint32_t d = acq_parse_date(t, n);
    if (d == 0)
        return -1;
    if (end && n == 4)
        d += 1299;
    else if (end && n == 7)
        d += 99;
    *out = d;
    return 0;
}

static acq_qnode *date_node(parser *p, size_t s, size_t e, size_t off)
{
    static const char bad[] = "invalid date: use YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 2015..2018";
    size_t dots = s;
    while (dots + 1 < e && !(p->q[dots] == '.' && p->q[dots + 1] == '.'))
        dots++;
    uint32_t from, to;
    if (dots + 1 < e) {
        if (date_part(p, s, dots, 0, &from) != 0) {
            fail(p, s, bad);
            return NULL;
        }
        if (date_part(p, dots + 2, e, 1, &to) != 0) {
            fail(p, dots + 2, bad);
            return NULL;
        }
    } else if (s == e || date_part(p, s, e, 0, &from) != 0 || date_part(p, s, e, 1, &to) != 0) {
        fail(p, s, bad);
        return NULL;
    }
    if (from > to) {
        fail(p, s, "the date range ends before it starts");
        return NULL;
    }
    if (count_terms(p, 1, off) != 0)
        return NULL;
    acq_qnode *q = new_node(p, ACQ_Q_DATE, 0, off);
    if (q == NULL)
        return NULL;
    q->occur = ACQ_FILTER;
    q->date_from = from;
    q->date_to = to;
    return q;
}

static size_t count_chars(const uint8_t *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (s[i] & 0xC0) != 0x80;
    return c;
}

/* A keyword value (id, celex, type, lang): the bytes as the writer stores
 * them, lowercased (A-Z only) except for id; not analysed. */
static acq_qnode *keyword_node(parser *p, size_t s, size_t e, int prefix, size_t off)
{
    int field = p->field;
    if (prefix && count_chars(p->q + s, e - s) < 2) {
        fail(p, off, "prefix too short (at least 2 characters before '*')");
        return NULL;
    }
    if (s == e)
        return NULL;
    if (count_terms(p, 1, off) != 0)
        return NULL;
    acq_qnode *q = new_node(p, prefix ? ACQ_Q_PREFIX : ACQ_Q_TERM, field, off);
    if (q == NULL)
        return NULL;
    if (is_extra_field(field)) {
        /* Matched whole and folded, as the writer indexes them. */
        if (acq_keyword_fold((const char *)p->q + s, e - s, &p->scratch) != 0) {
            acq_query_free(q);
            oom(p);
            return NULL;
        }
        if (set_term(p, q, p->scratch.data, p->scratch.len, 0) != 0) {
            acq_query_free(q);
            return NULL;
        }
        return q;
    }
    if (set_term(p, q, p->q + s, e - s, field != ACQ_FIELD_ID) != 0) {
        acq_query_free(q);
        return NULL;
    }
    return q;
}

/* word* in a text field: the last token of the word folded (not stemmed,
 * so europ* finds europ, european, europol). Tokens before it
 * ("money-laund*") must match too, as a term or phrase. */
static acq_qnode *prefix_node(parser *p, size_t s, size_t e, size_t off)
{
    static const char too_short[] = "prefix too short (at least 2 characters before '*')";
    acq_token_stream ts;
    uint32_t ts0, te0, last_s = 0, last_e = 0;
    int found = 0;
    acq_token_stream_init(&ts, (const char *)p->q + s, e - s, 0);
    while (acq_tokenize_next(&ts, &ts0, &te0)) {
        last_s = ts0;
        last_e = te0;
        found = 1;
    }
    if (!found || count_chars(p->q + s + last_s, last_e - last_s) < 2) {
        fail(p, off, too_short);
        return NULL;
    }
    acq_buf_reset(&p->scratch);
    if (acq_fold((const char *)p->q + s + last_s, last_e - last_s, &p->scratch) != 0) {
        oom(p);
        return NULL;
    }
    if (count_chars(p->scratch.data, p->scratch.len) < 2) {   /* e.g. only apostrophes left */
        fail(p, off, too_short);
        return NULL;
    }
    if (count_terms(p, 1, off) != 0)
        return NULL;
    acq_qnode *pre = new_node(p, ACQ_Q_PREFIX, p->field, off);
    if (pre == NULL)
        return NULL;
    if (set_term(p, pre, p->scratch.data, p->scratch.len, 0) != 0) {
        acq_query_free(pre);
        return NULL;
    }
    acq_qnode *rest = analyse_text(p, s, s + last_s, p->field, 0, off);
    if (failed(p)) {
        acq_query_free(pre);
        return NULL;
    }
    if (rest == NULL)
        return pre;
    acq_qnode *b = new_node(p, ACQ_Q_BOOL, 0, off);
    acq_qnode **kids = acq_malloc(2 * sizeof *kids);
    if (b == NULL || kids == NULL) {
        acq_free(b);
        acq_free(kids);
        acq_query_free(pre);
        acq_query_free(rest);
        oom(p);
        return NULL;
    }
    rest->occur = ACQ_MUST;
    pre->occur = ACQ_MUST;
    kids[0] = rest;
    kids[1] = pre;
    b->kids = kids;
    b->nkids = 2;
    return b;
}

static acq_qnode *word_node(parser *p, size_t s, size_t e)
{
    size_t off = s, v = e;
    while (v > s && p->q[v - 1] == '*')
        v--;
    int prefix = v < e;
    if (p->field == FIELD_DATE)
        return date_node(p, s, e, off);
    if (!is_text_field(p->field))
        return keyword_node(p, s, prefix ? v : e, prefix, off);
    if (prefix)
        return prefix_node(p, s, v, off);
    return analyse_text(p, s, e, p->field, 0, off);
}

/* "..." (or “...” when closed): no syntax inside; "~N" after the closing
 * quote asks for proximity. */
static item parse_phrase(parser *p, size_t open_len)
{
    item r = {NULL, 0, 0};
    size_t start = p->at, cs = start + open_len, ce = cs, close_len = 1;
    if (open_len == 1) {
        while (ce < p->n && p->q[ce] != '"')
            ce++;
        if (ce >= p->n) {
            fail(p, start, "missing closing quote");
            return r;
        }
    } else {
        while (ce + 2 < p->n && !is_curly_close(p, ce))
            ce++;
        close_len = 3;   /* the caller checked that a closing quote exists */
    }
    size_t after = ce + close_len;
    uint32_t slop = 0;
    if (after < p->n && p->q[after] == '~') {
        size_t d = after + 1;
        while (d < p->n && p->q[d] >= '0' && p->q[d] <= '9') {
            if (slop <= MAX_SLOP)
                slop = slop * 10 + (uint32_t)(p->q[d] - '0');
            d++;
        }
        if (d == after + 1) {
            fail(p, after, "expected a number after '~'");
            return r;
        }
        if (slop > MAX_SLOP) {
            fail(p, after, "proximity too large (at most ~1000)");
            return r;
        }
        after = d;
    }
    p->at = after;
    if (p->field == FIELD_DATE)
        r.node = date_node(p, cs, ce, start);
    else if (!is_text_field(p->field))
        r.node = keyword_node(p, cs, ce, 0, start);
    else
        r.node = analyse_text(p, cs, ce, p->field, slop, start);
    return r;
}

/* 1 if a curly opening quote at p->at has a closing one after it. The last
 * closing quote of the query is found once, so that many unclosed openers
 * ("“ “ “ ...") cost no rescans. */
static int curly_phrase(const parser *p)
{
    return is_curly_open(p, p->at) && p->last_curly_close > p->at + 3;
}

/* What a group's contents become as one primary. */
static item group_result(item it)
{
    acq_qnode *q = it.node;
    if (q == NULL || !it.assigned)
        return it;
    it.assigned = 0;
    if (q->kind == ACQ_Q_DATE)
        return it;                      /* FILTER is a date's own occur */
    if (q->occur == ACQ_MUST || q->occur == ACQ_FILTER)
        q->occur = ACQ_SHOULD;          /* (+a) = a */
    else if (q->occur == ACQ_MUST_NOT)
        make_none(q)->occur = ACQ_SHOULD;   /* (-a) matches nothing, as in Lucene */
    return it;
}

static item parse_group(parser *p)
{
    item r = {NULL, 0, 0};
    size_t start = p->at;
    if (++p->depth > MAX_DEPTH) {
        fail(p, start, "query nested too deeply (at most 64 levels)");
        return r;
    }
    p->at++;
    p->groups++;
    r = parse_or(p);
    p->groups--;
    p->depth--;
    if (failed(p))
        return r;
    skip_space(p);
    if (p->at >= p->n || p->q[p->at] != ')') {
        acq_query_free(r.node);
        fail(p, start, "missing closing ')'");
        return (item){NULL, 0, 0};
    }
    p->at++;
    return group_result(r);
}

static item parse_primary(parser *p)
{
    item r = {NULL, 0, 0};
    size_t start = p->at;
    if (start >= p->n || p->q[start] == ')')
        return r;   /* callers never get here; be safe */
    if (p->q[start] == '(')
        return parse_group(p);
    if (p->q[start] == '"')
        return parse_phrase(p, 1);
    if (curly_phrase(p))
        return parse_phrase(p, 3);
    size_t end = scan_word(p, start);
    if (is_text_field(p->field)) {
        size_t colon = start;
        while (colon < end && p->q[colon] != ':')
            colon++;
        int field = colon < end ? field_named(p, p->q + start, colon - start) : 0;
        size_t v = colon + 1;
        /* name:value with a name no field has: a misspelt field, reported
         * rather than searched as text that matches nothing. */
        if (field == 0 && colon < end && v < p->n && field_shaped(p->q + start, colon - start) &&
            (p->q[v] == '"' || p->q[v] == '(' || p->q[v] >= 0x80 || (unsigned)((p->q[v] | 0x20) - 'a') < 26u ||
             (p->q[v] >= '0' && p->q[v] <= '9'))) {
            fail_unknown_field(p, start, colon - start);
            return r;
        }
        if (field != 0 && v < p->n && space_at(p, v) == 0 && p->q[v] != ')') {
            if (++p->depth > MAX_DEPTH) {
                fail(p, start, "query nested too deeply (at most 64 levels)");
                return r;
            }
            uint32_t col = column(p, start);
            int saved = p->field;
            p->field = field;
            p->at = v;
            r = parse_primary(p);
            p->field = saved;
            p->depth--;
            if (r.node && r.node->kind != ACQ_Q_BOOL)
                r.node->column = col;   /* "title:x" starts at the field name */
            return r;
        }
    }
    p->at = end;
    r.node = word_node(p, start, end);
    return r;
}

/* ---- entry point ---- */

/* The whole query as one clause: an unassigned filter becomes a FILTER
 * clause of a BOOL of its own; "+a" is just "a"; "-a" matches nothing. */
static acq_qnode *finish_root(parser *p, item it)
{
    acq_qnode *q = it.node;
    if (q == NULL) {
        q = new_node(p, ACQ_Q_NONE, 0, 0);
        return q;
    }
    if (q->kind == ACQ_Q_NONE) {
        q->occur = ACQ_SHOULD;
        return q;
    }
    if (!it.assigned) {
        if (q->kind != ACQ_Q_BOOL && filterable(q)) {
            q->occur = ACQ_FILTER;
            return wrap(p, q, ACQ_SHOULD);
        }
        return q;
    }
    switch (q->occur) {
    case ACQ_MUST_NOT:
        make_none(q)->occur = ACQ_SHOULD;
        return q;
    case ACQ_FILTER:
        return wrap(p, q, ACQ_SHOULD);
    default:
        q->occur = ACQ_SHOULD;
        return q;
    }
}

int acq_query_parse(acq_qnode **out, const char *query, acq_analyzer *a, uint32_t *err_column, acq_err *err)
{
    return acq_query_parse_fields(out, query, a, NULL, err_column, err);
}

int acq_query_parse_fields(acq_qnode **out, const char *query, acq_analyzer *a, const acq_query_fields *fields,
                           uint32_t *err_column, acq_err *err)
{
    if (err_column)
        *err_column = 0;
    if (out == NULL || query == NULL || a == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_query_parse: out, query and analyzer are required");
    *out = NULL;
    parser p;
    memset(&p, 0, sizeof p);
    p.q = (const uint8_t *)query;
    p.n = strlen(query);
    p.a = a;
    p.field = ACQ_FIELD_BODY;
    p.fields = fields;
    p.col = 1;
    for (size_t i = p.n; i-- > 0;) {
        if (is_curly_close(&p, i)) {
            p.last_curly_close = i + 1;
            break;
        }
    }
    size_t bad;
    acq_qnode *root = NULL;
    if (!acq_utf8_valid(p.q, p.n, &bad)) {
        fail(&p, bad, "invalid UTF-8");
    } else {
        item it = parse_or(&p);
        if (!failed(&p))
            root = finish_root(&p, it);
        else
            acq_query_free(it.node);
    }
    acq_buf_free(&p.scratch);
    if (failed(&p)) {
        acq_query_free(root);
        if (err_column && p.err.code == ACQ_EQUERY)
            *err_column = p.err_column;
        return acq_err_set(err, p.err.code, "%s", p.err.msg);
    }
    *out = root;
    return ACQ_OK;
}
