/* topics.c: TREC topic files, in either of the two formats found in the
 * wild, detected from the text:
 *   - one "qid<TAB>query" per line (Cranfield's topics.tsv, MS MARCO);
 *   - classic TREC SGML, "<top> <num> Number: 301 <title> ... <desc>
 *     Description: ... <narr> Narrative: ... </top>", where only <top> is
 *     reliably closed, other tags often are not, and whitespace is anything.
 * The result is the list of (qid, query) pairs a batch run feeds to search. */
#include "eval/eval.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "eval/textfile.h"

enum { F_NUM, F_TITLE, F_DESC, F_NARR, F_KEPT, F_NONE = F_KEPT, F_OTHER, F_TOP };

static void topics_clear(acq_topics *t)
{
    for (size_t i = 0; i < t->count; i++) {
        acq_free(t->items[i].qid);
        acq_free(t->items[i].query);
    }
    acq_free(t->items);
    t->items = NULL;
    t->count = 0;
}

void acq_topics_free(acq_topics *t)
{
    if (t != NULL)
        topics_clear(t);
}

/* Adds a topic, taking ownership of qid and query (freed on failure). */
static int topics_add(acq_topics *t, size_t *cap, char *qid, char *query,
                      size_t line, acq_err *err)
{
    if (qid == NULL || query == NULL ||
        acq_grow((void **)&t->items, cap, t->count + 1, sizeof *t->items) != 0) {
        acq_free(qid);
        acq_free(query);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading topics");
    }
    t->items[t->count++] = (acq_topic){qid, query, line};
    return ACQ_OK;
}

/* ---- Duplicates ---------------------------------------------------------- */

static int cmp_topic_ptr(const void *a, const void *b)
{
    const acq_topic *x = *(const acq_topic *const *)a, *y = *(const acq_topic *const *)b;
    int c = strcmp(x->qid, y->qid);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int check_duplicates(const acq_topics *t, const char *name, acq_err *err)
{
    if (t->count < 2)
        return ACQ_OK;
    const acq_topic **v = acq_malloc(t->count * sizeof *v);
    if (v == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading topics");
    for (size_t i = 0; i < t->count; i++)
        v[i] = &t->items[i];
    qsort(v, t->count, sizeof *v, cmp_topic_ptr);
    int rc = ACQ_OK;
    for (size_t i = 1; i < t->count && rc == ACQ_OK; i++)
        if (strcmp(v[i]->qid, v[i - 1]->qid) == 0)
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: topic %.100s appears twice (first at line %zu)",
                             name, v[i]->line, v[i]->qid, v[i - 1]->line);
    acq_free(v);
    return rc;
}

/* ---- qid<TAB>query ------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s && acq_text_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && acq_text_space((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int parse_tsv(acq_topics *out, const char *name, char *text, size_t len,
                     acq_err *err)
{
    size_t cap = 0;
    acq_lines it;
    acq_lines_init(&it, text, len);
    char *line;
    while ((line = acq_lines_next(&it)) != NULL) {
        if (acq_text_skippable(line))
            continue;
        /* qid, then a TAB (or, failing one, the first blanks), then the query */
        char *sep = strchr(line, '\t');
        if (sep == NULL) {
            sep = line;
            while (*sep && acq_text_space((unsigned char)*sep))
                sep++;
            while (*sep && !acq_text_space((unsigned char)*sep))
                sep++;
        }
        char *query = *sep ? sep + 1 : sep;
        *sep = '\0';
        char *qid = trim(line);
        query = trim(query);
        /* Only a TAB first can leave the qid empty ("\tquery", "  \tquery").
         * A run line cannot carry an empty qid: refused here, it is one
         * message before any search rather than a run that fails at the
         * topic after searching all those before it. */
        if (*qid == '\0')
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: the query id before the TAB is empty "
                               "(expected qid<TAB>query)", name, it.lineno);
        for (const char *p = qid; *p; p++)
            if (acq_text_space((unsigned char)*p))
                return acq_err_set(err, ACQ_EINPUT,
                                   "%s:%zu: query id \"%.60s\" contains blanks "
                                   "(expected qid<TAB>query)", name, it.lineno, qid);
        /* An empty query is kept: the run has no lines for it, as with
         * every peer, and acquis batch warns (trec_eval -c counts it). */
        int rc = topics_add(out, &cap, acq_strdup(qid), acq_strdup(query), it.lineno, err);
        if (rc != ACQ_OK)
            return rc;
    }
    return ACQ_OK;
}

/* ---- Classic TREC topics ------------------------------------------------- */

/* Recognises a tag at p: "<name>" or "</name>", name a letter then letters,
 * digits, '_' or '-', blanks allowed before '>'. Returns its length (0 if
 * p is not a tag) and sets *field and *closing. */
static size_t match_tag(const char *p, const char *end, int *field, int *closing)
{
    const char *q = p + 1;
    *closing = 0;
    if (q < end && *q == '/') {
        *closing = 1;
        q++;
    }
    if (q >= end || !isalpha((unsigned char)*q))
        return 0;
    const char *name = q;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '-'))
        q++;
    size_t n = (size_t)(q - name);
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    if (q >= end || *q != '>')
        return 0;
    static const struct { const char *name; int field; } known[] = {
        {"top", F_TOP}, {"num", F_NUM}, {"title", F_TITLE}, {"desc", F_DESC},
        {"narr", F_NARR},
    };
    *field = F_OTHER;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i].name) == n && strncasecmp(name, known[i].name, n) == 0)
            *field = known[i].field;
    return (size_t)(q + 1 - p);
}

/* Collapses blank runs to one space, trims, and drops a leading label such
 * as "Number:" (compared without case). Returns a fresh string or NULL. */
static char *clean_field(const acq_buf *b, const char *label)
{
    char *s = acq_malloc(b->len + 1);
    if (s == NULL)
        return NULL;
    size_t n = 0;
    int pending_space = 0;
    for (size_t i = 0; i < b->len; i++) {
        char c = (char)b->data[i];
        if (acq_text_space((unsigned char)c)) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space)
            s[n++] = ' ';
        pending_space = 0;
        s[n++] = c;
    }
    s[n] = '\0';
    size_t ln = strlen(label);
    if (ln > 0 && n >= ln && strncasecmp(s, label, ln) == 0) {
        size_t skip = ln;
        while (s[skip] == ' ')
            skip++;
        memmove(s, s + skip, n - skip + 1);
    }
    return s;
}

typedef struct trec_state {
    acq_buf field[F_KEPT];
    size_t line;      /* line of the <top> */
} trec_state;

static int finish_topic(acq_topics *out, size_t *cap, trec_state *st,
                        const char *name, unsigned fields, acq_err *err)
{
    static const char *const label[F_KEPT] = {"Number:", "Topic:", "Description:",
                                              "Narrative:"};
    static const unsigned bit[F_KEPT] = {0, ACQ_TOPIC_TITLE, ACQ_TOPIC_DESC,
                                         ACQ_TOPIC_NARR};
    char *text[F_KEPT] = {0};
    int rc = ACQ_OK;
    for (int f = 0; f < F_KEPT && rc == ACQ_OK; f++) {
        text[f] = clean_field(&st->field[f], label[f]);
        if (text[f] == NULL || st->field[f].failed)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading topics");
    }
    char *qid = NULL;
    acq_buf query = {0};
    if (rc == ACQ_OK) {
        size_t qn = strcspn(text[F_NUM], " ");
        if (qn == 0)
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: topic has no number (<num>)", name,
                             st->line);
        else
            qid = acq_strndup(text[F_NUM], qn);
    }
    for (int f = F_TITLE; f < F_KEPT && rc == ACQ_OK; f++) {
        if (!(fields & bit[f]) || text[f][0] == '\0')
            continue;
        if (query.len > 0)
            acq_buf_putc(&query, ' ');
        acq_buf_puts(&query, text[f]);
    }
    if (rc == ACQ_OK && (query.failed || qid == NULL))
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading topics");
    if (rc == ACQ_OK) {
        char *q = acq_strndup(query.len ? (const char *)query.data : "", query.len);
        rc = topics_add(out, cap, qid, q, st->line, err);
        qid = NULL;
    }
    acq_free(qid);
    acq_buf_free(&query);
    for (int f = 0; f < F_KEPT; f++) {
        acq_free(text[f]);
        acq_buf_reset(&st->field[f]);
        st->field[f].failed = 0;
    }
    return rc;
}

static int parse_trec(acq_topics *out, const char *name, const char *text,
                      size_t len, unsigned fields, acq_err *err)
{
    trec_state st = {0};
    size_t cap = 0, line = 1;
    int in_top = 0, cur = F_NONE, rc = ACQ_OK;
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && rc == ACQ_OK) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *stop = lt ? lt : end;
        if (in_top && cur < F_KEPT)
            acq_buf_put(&st.field[cur], p, (size_t)(stop - p));
        for (const char *c = p; c < stop; c++)
            line += *c == '\n';
        p = stop;
        if (p >= end)
            break;
        int field, closing;
        size_t n = match_tag(p, end, &field, &closing);
        if (n == 0) {   /* a lone '<' is text */
            if (in_top && cur < F_KEPT)
                acq_buf_putc(&st.field[cur], '<');
            p++;
            continue;
        }
        p += n;
        if (field == F_TOP) {
            if (in_top)   /* </top>, or a <top> that ends an unclosed one */
                rc = finish_topic(out, &cap, &st, name, fields, err);
            in_top = !closing;
            st.line = line;
            cur = F_NONE;
        } else if (in_top) {
            cur = closing ? F_NONE : field;
        }
    }
    if (rc == ACQ_OK && in_top)
        rc = finish_topic(out, &cap, &st, name, fields, err);
    for (int f = 0; f < F_KEPT; f++)
        acq_buf_free(&st.field[f]);
    return rc;
}

/* 1 if the text holds a <top> tag. */
static int looks_like_trec(const char *text, size_t len)
{
    const char *end = text + len;
    for (const char *p = text; p < end; p++) {
        p = memchr(p, '<', (size_t)(end - p));
        if (p == NULL)
            return 0;
        int field, closing;
        if (match_tag(p, end, &field, &closing) && field == F_TOP && !closing)
            return 1;
    }
    return 0;
}

/* ---- Entry points -------------------------------------------------------- */

static int topics_build(acq_topics *out, const char *name, char *text, size_t len,
                        unsigned fields, acq_err *err)
{
    int rc = acq_text_check_nul(name, text, len, err);
    if (rc == ACQ_OK && (fields & ACQ_TOPIC_ALL) == 0)
        rc = acq_err_set(err, ACQ_EARG, "no topic field selected (title, desc, narr)");
    if (rc == ACQ_OK) {
        if (looks_like_trec(text, len))
            rc = parse_trec(out, name, text, len, fields, err);
        else
            rc = parse_tsv(out, name, text, len, err);
    }
    if (rc == ACQ_OK)
        rc = check_duplicates(out, name, err);
    acq_free(text);
    if (rc != ACQ_OK)
        topics_clear(out);
    return rc;
}

int acq_topics_parse(acq_topics *out, const char *name, const char *data,
                     size_t len, unsigned fields, acq_err *err)
{
    memset(out, 0, sizeof *out);
    if (data == NULL && len > 0)
        return acq_err_set(err, ACQ_EARG, "acq_topics_parse: no data");
    char *text;
    int rc = acq_text_copy(data, len, &text, err);
    if (rc != ACQ_OK)
        return rc;
    return topics_build(out, name ? name : "topics", text, len, fields, err);
}

int acq_topics_read(acq_topics *out, const char *path, unsigned fields,
                    acq_err *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = acq_text_slurp(path, &text, &len, err);
    if (rc != ACQ_OK)
        return rc;
    return topics_build(out, path, text, len, fields, err);
}

int acq_topic_fields_parse(unsigned *out, const char *spec)
{
    if (out == NULL || spec == NULL)
        return ACQ_EARG;
    unsigned bits = 0;
    const char *p = spec;
    while (*p) {
        size_t n = strcspn(p, ",+ ");
        if (n == 0) {
            p++;
            continue;
        }
        if (n == 5 && strncasecmp(p, "title", 5) == 0)
            bits |= ACQ_TOPIC_TITLE;
        else if ((n == 4 && strncasecmp(p, "desc", 4) == 0) ||
                 (n == 11 && strncasecmp(p, "description", 11) == 0))
            bits |= ACQ_TOPIC_DESC;
        else if ((n == 4 && strncasecmp(p, "narr", 4) == 0) ||
                 (n == 9 && strncasecmp(p, "narrative", 9) == 0))
            bits |= ACQ_TOPIC_NARR;
        else if (n == 3 && strncasecmp(p, "all", 3) == 0)
            bits |= ACQ_TOPIC_ALL;
        else
            return ACQ_EARG;
        p += n;
    }
    if (bits == 0)
        return ACQ_EARG;
    *out = bits;
    return ACQ_OK;
}
