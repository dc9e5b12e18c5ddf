/* instruments.c: reading, checking and querying the instruments table (see
 * instruments.h; the format is documented in corpus/instruments.md).
 *
 * A load parses records into an arena of its own, then builds a new index
 * (the public acq_instrument views, derived citation forms, sorted lookup
 * arrays) over the old records and the new ones together. Only when both
 * steps succeed does the table switch to it; the old index is freed and the
 * new records' arena is kept. The table is small (hundreds of records), so
 * rebuilding everything on each load keeps the code simple; lookups are
 * binary searches over sorted arrays. */
#include "knowledge/instruments.h"
#include "knowledge/citations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fold.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "eval/textfile.h"

/* The bundled table, compiled in from corpus/instruments.txt (the build
 * generates the file that defines them). */
extern const unsigned char acq_instruments_bundled[];
extern const size_t acq_instruments_bundled_len;

#define BUNDLED_NAME "instruments.txt (bundled)"

/* ---- A small arena: everything of one load or one index is freed at once */

typedef struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} block;

typedef struct arena {
    block *head;
} arena;

static void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (a->head == NULL || a->head->cap - a->head->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        block *b = acq_malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void arena_free(arena *a)
{
    while (a->head) {
        block *b = a->head;
        a->head = b->next;
        acq_free(b);
    }
}

/* ---- Records as read ------------------------------------------------ */

typedef struct name_line {
    const char *text;
    const char *lang;
    int abbr, ambiguous;
} name_line;

typedef struct key_line {
    const char *key;
    size_t line;
} key_line;

typedef struct rec {
    const char *key, *celex, *type, *date, *title, *cite, *area, *note;
    const char *source;
    size_t line;
    name_line *names;
    size_t n_names, cap_names;
    key_line *forms, *succ, *pred; /* `form:`, `successor:`, `predecessor:` */
    size_t n_forms, cap_forms, n_succ, cap_succ, n_pred, cap_pred;
    acq_cite_parts parts; /* of `cite:` when present */
    int has_parts;
} rec;

/* The records of one load: the strings are in the arena; the record list
 * and each record's arrays grow in plain memory and are freed here. */
typedef struct load {
    arena mem;
    rec **recs;
    size_t n, cap;
} load;

static void load_free(load *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        if (l->recs[i] == NULL) /* its allocation failed */
            continue;
        acq_free(l->recs[i]->names);
        acq_free(l->recs[i]->forms);
        acq_free(l->recs[i]->succ);
        acq_free(l->recs[i]->pred);
    }
    acq_free(l->recs);
    arena_free(&l->mem);
    acq_free(l);
}

/* Appends a zeroed element to a growable array; returns it, or NULL. */
static void *push(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (acq_grow(arr, cap, *n + 1, size) != 0)
        return NULL;
    void *slot = (char *)*arr + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

/* ---- The index -------------------------------------------------------- */

typedef struct entry {
    const char *k;  /* normal form */
    const char *d;  /* as written (citation forms) */
    size_t inst;    /* instrument index */
    size_t sub;     /* names: the name's index; forms: 1 if the instrument's
                       number may stand alone (bare_ok) */
} entry;

typedef struct kb_index {
    arena mem;
    size_t n;
    const rec **recs;
    acq_instrument *inst;
    entry *forms, *names, *celex, *keys;
    size_t n_forms, n_names, n_celex, n_keys;
} index_t;

struct acq_instruments {
    load **loads;     /* every successful load, kept for its records */
    size_t n_loads, cap_loads;
    index_t *ix;
};

static void index_free(index_t *ix)
{
    if (ix == NULL)
        return;
    arena_free(&ix->mem);
    acq_free(ix);
}

/* ---- Normal forms ----------------------------------------------------- */

static int norm(const char *s, size_t n, acq_buf *out, int punct_is_space)
{
    acq_buf tmp = {0};
    if (acq_fold(s, n, &tmp) != 0) {
        acq_buf_free(&tmp);
        out->failed = 1;
        return -1;
    }
    int space = 0, any = 0;
    for (size_t i = 0; i < tmp.len; i++) {
        uint8_t c = tmp.data[i];
        int sep = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
        if (punct_is_space && c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            sep = 1;
        if (sep) {
            space = any;
            continue;
        }
        if (space)
            acq_buf_putc(out, ' ');
        space = 0;
        any = 1;
        acq_buf_putc(out, c);
    }
    acq_buf_free(&tmp);
    return out->failed ? -1 : 0;
}

int acq_instruments_norm_name(const char *s, size_t n, acq_buf *out) { return norm(s, n, out, 1); }
int acq_instruments_norm_form(const char *s, size_t n, acq_buf *out) { return norm(s, n, out, 0); }

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    if (c)
        return c;
    return x->inst < y->inst ? -1 : x->inst > y->inst;
}

/* The first entry with key k, or NULL. */
static const entry *find(const entry *e, size_t n, const char *k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(e[mid].k, k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < n && strcmp(e[lo].k, k) == 0) ? &e[lo] : NULL;
}

/* ---- Parsing ---------------------------------------------------------- */

static const char *const known_types[] = {
    "regulation", "directive", "decision", "framework-decision", "joint-action",
    "common-position", "recommendation", "convention", "agreement", "protocol", "treaty",
    "other", NULL};
static const char *const known_areas[] = {
    "police", "judicial-criminal", "judicial-civil", "borders", "visas", "it-systems",
    "asylum", "migration", "data-protection", "aml", "sanctions", "other", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 64 || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= '0' && k[0] <= '9')))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '-'))
            return 0;
    return 1;
}

static int date_ok(const char *d)
{
    int y, m, day;
    char tail;
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-' ||
        sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return 0;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || day < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= mdays[m - 1] + (m == 2 && leap);
}

static int lang_ok(const char *l)
{
    size_t n = strlen(l);
    if (n < 2 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (l[i] < 'a' || l[i] > 'z')
            return 0;
    return 1;
}

/* The record type a CELEX type letter allows (sector 3 acts, and the
 * agreements and conventions of sector 4). */
static int type_matches(const char *celex, const char *type)
{
    char sector = celex[0], letter = celex[5];
    if (sector == '4')
        return in_list(type, (const char *const[]){"convention", "agreement", "protocol", NULL});
    if (sector != '3')
        return 1;
    switch (letter) {
    case 'R': return strcmp(type, "regulation") == 0;
    case 'L': return strcmp(type, "directive") == 0;
    case 'D': case 'S': return strcmp(type, "decision") == 0;
    case 'F': return strcmp(type, "framework-decision") == 0 || strcmp(type, "joint-action") == 0;
    case 'E': return strcmp(type, "common-position") == 0 || strcmp(type, "joint-action") == 0;
    case 'H': return strcmp(type, "recommendation") == 0;
    default: return 1;
    }
}

/* Checks a finished record on its own (links and duplicates are checked
 * when the index is built). */
static int check_rec(rec *r, acq_err *err)
{
    const char *src = r->source;
    size_t ln = r->line;
    static const char *const required[] = {"celex", "type", "date", "title"};
    const char *const have[] = {r->celex, r->type, r->date, r->title};
    for (int k = 0; k < 4; k++)
        if (have[k] == NULL)
            return acq_err_set(err, ACQ_EINPUT, "%s:%zu: instrument '%s' has no %s: line", src,
                               ln, r->key, required[k]);
    if (r->celex[0] == '3' && r->cite == NULL)
        return acq_err_set(err, ACQ_EINPUT,
                           "%s:%zu: instrument '%s' (CELEX %s) has no cite: line; give the act's "
                           "citation, e.g. 'cite: Council Decision 2008/615/JHA'",
                           src, ln, r->key, r->celex);
    if (!type_matches(r->celex, r->type))
        return acq_err_set(err, ACQ_EINPUT,
                           "%s:%zu: instrument '%s': type '%s' does not match CELEX %s (type "
                           "letter %c)",
                           src, ln, r->key, r->type, r->celex, r->celex[5]);
    int cy = atoi((char[5]){r->celex[1], r->celex[2], r->celex[3], r->celex[4], 0});
    int dy = atoi(r->date);
    if (cy < dy || (r->celex[0] == '3' && cy > dy + 1))
        return acq_err_set(err, ACQ_EINPUT,
                           "%s:%zu: instrument '%s': CELEX %s has year %d but the date is %s",
                           src, ln, r->key, r->celex, cy, r->date);
    if (r->cite) {
        char celex[ACQ_CELEX_MAX];
        int prc = acq_citation_parse(r->cite, strlen(r->cite), &r->parts, celex);
        if (prc == ACQ_ENOMEM)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", src);
        if (prc != ACQ_OK || r->parts.letter == 0)
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: instrument '%s': cannot read the citation '%s' (expected "
                               "an act type and its number, e.g. 'Regulation (EU) 2016/794')",
                               src, ln, r->key, r->cite);
        if (strcmp(celex, r->celex) != 0)
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: instrument '%s': the citation '%s' is CELEX %s, but the "
                               "celex: line says %s",
                               src, ln, r->key, r->cite, celex, r->celex);
        r->has_parts = 1;
    }
    return ACQ_OK;
}

static int set_once(const char **slot, const char *v, const char *field, const char *src, size_t ln,
                    acq_err *err)
{
    if (*slot)
        return acq_err_set(err, ACQ_EINPUT, "%s:%zu: field '%s' given twice in one record", src,
                           ln, field);
    *slot = v;
    return ACQ_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* One "field: value" line of record r. */
static int parse_field(load *l, rec *r, char *field, char *value, size_t ln, acq_err *err)
{
    const char *src = r->source;
    char *dot = strchr(field, '.');
    const char *lang = "";
    if (dot)
        *dot = '\0';
    if (!in_list(field, (const char *const[]){"celex", "type", "date", "title", "cite", "area",
                                               "note", "name", "abbr", "ambiguous", "form",
                                               "successor", "predecessor", NULL}))
        return acq_err_set(err, ACQ_EINPUT,
                           "%s:%zu: unknown field '%s' (known: celex, type, date, title, cite, "
                           "area, note, name[.LANG], abbr[.LANG], ambiguous[.LANG], form, "
                           "successor, predecessor)",
                           src, ln, field);
    if (dot) {
        lang = dot + 1;
        if (!in_list(field, (const char *const[]){"name", "abbr", "ambiguous", NULL}))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: only name, abbr and ambiguous take a language "
                               "('%s.%s')",
                               src, ln, field, lang);
        if (!lang_ok(lang))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: '%s' is not a language code (two or three lower-case "
                               "letters, e.g. name.fr)",
                               src, ln, lang);
    }
    char *v = arena_strndup(&l->mem, value, strlen(value));
    if (v == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", src);
    if (strcmp(field, "celex") == 0) {
        if (!acq_celex_valid(v))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: '%s' is not a CELEX number (sector, four-digit year, "
                               "type letters, four-digit number, e.g. 32008D0615 or "
                               "42000A0922(02))",
                               src, ln, v);
        return set_once(&r->celex, v, field, src, ln, err);
    }
    if (strcmp(field, "type") == 0) {
        if (!in_list(v, known_types))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: unknown type '%s' (known: regulation, directive, "
                               "decision, framework-decision, joint-action, common-position, "
                               "recommendation, convention, agreement, protocol, treaty, other)",
                               src, ln, v);
        return set_once(&r->type, v, field, src, ln, err);
    }
    if (strcmp(field, "date") == 0) {
        if (!date_ok(v))
            return acq_err_set(err, ACQ_EINPUT, "%s:%zu: '%s' is not a date YYYY-MM-DD", src, ln,
                               v);
        return set_once(&r->date, v, field, src, ln, err);
    }
    if (strcmp(field, "area") == 0) {
        if (!in_list(v, known_areas))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: unknown area '%s' (known: police, judicial-criminal, "
                               "judicial-civil, borders, visas, it-systems, asylum, migration, "
                               "data-protection, aml, sanctions, other)",
                               src, ln, v);
        return set_once(&r->area, v, field, src, ln, err);
    }
    if (strcmp(field, "title") == 0)
        return set_once(&r->title, v, field, src, ln, err);
    if (strcmp(field, "cite") == 0)
        return set_once(&r->cite, v, field, src, ln, err);
    if (strcmp(field, "note") == 0)
        return set_once(&r->note, v, field, src, ln, err);
    if (strcmp(field, "name") == 0 || strcmp(field, "abbr") == 0 ||
        strcmp(field, "ambiguous") == 0) {
        name_line *nl = push((void **)&r->names, &r->n_names, &r->cap_names, sizeof *nl);
        const char *lg = arena_strndup(&l->mem, lang, strlen(lang));
        if (nl == NULL || lg == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", src);
        nl->text = v;
        nl->lang = lg;
        nl->abbr = field[1] == 'b';
        nl->ambiguous = field[1] == 'm';
        return ACQ_OK;
    }
    key_line *kl = NULL;
    if (strcmp(field, "form") == 0)
        kl = push((void **)&r->forms, &r->n_forms, &r->cap_forms, sizeof *kl);
    else if (strcmp(field, "successor") == 0 || strcmp(field, "predecessor") == 0) {
        if (!key_ok(v))
            return acq_err_set(err, ACQ_EINPUT,
                               "%s:%zu: '%s' is not an instrument key (lower-case letters, "
                               "digits and '-')",
                               src, ln, v);
        if (field[0] == 's')
            kl = push((void **)&r->succ, &r->n_succ, &r->cap_succ, sizeof *kl);
        else
            kl = push((void **)&r->pred, &r->n_pred, &r->cap_pred, sizeof *kl);
    }
    if (kl == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", src);
    kl->key = v;
    kl->line = ln;
    return ACQ_OK;
}

/* The keys of one file, to refuse a key given twice in it (an open
 * addressing set of records; a table may be large, so no linear search). */
typedef struct keyset {
    const rec **slot;
    size_t cap, n;
} keyset;

/* Adds r; returns the record that already has its key, r itself when it is
 * new, or NULL when memory ran out. */
static const rec *keyset_add(keyset *ks, const rec *r)
{
    if (2 * (ks->n + 1) > ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 64;
        const rec **slot = acq_calloc(cap, sizeof *slot);
        if (slot == NULL)
            return NULL;
        for (size_t i = 0; i < ks->cap; i++)
            if (ks->slot[i]) {
                size_t h = acq_hash_bytes(ks->slot[i]->key, strlen(ks->slot[i]->key)) & (cap - 1);
                while (slot[h])
                    h = (h + 1) & (cap - 1);
                slot[h] = ks->slot[i];
            }
        acq_free(ks->slot);
        ks->slot = slot;
        ks->cap = cap;
    }
    size_t h = acq_hash_bytes(r->key, strlen(r->key)) & (ks->cap - 1);
    for (; ks->slot[h]; h = (h + 1) & (ks->cap - 1))
        if (strcmp(ks->slot[h]->key, r->key) == 0)
            return ks->slot[h];
    ks->slot[h] = r;
    ks->n++;
    return r;
}

/* Parses a whole table into a new load. */
static int parse_table(const char *name, const char *text, size_t len, load **out, acq_err *err)
{
    *out = NULL;
    load *l = acq_calloc(1, sizeof *l);
    if (l == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
    int rc = ACQ_OK;
    keyset keys = {0};
    const char *src = arena_strndup(&l->mem, name, strlen(name));
    char *buf = arena_alloc(&l->mem, len + 1);
    if (src == NULL || buf == NULL) {
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
        goto fail;
    }
    if (len)
        memcpy(buf, text, len);
    buf[len] = '\0';
    if ((rc = acq_text_check_nul(name, buf, len, err)) != ACQ_OK)
        goto fail;
    size_t bad;
    if (!acq_utf8_valid((const uint8_t *)buf, len, &bad)) {
        size_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += buf[i] == '\n';
        rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: invalid UTF-8 (save the table as UTF-8)", name,
                         line);
        goto fail;
    }
    acq_lines it;
    acq_lines_init(&it, buf, len);
    rec *r = NULL;
    char *line;
    while ((line = acq_lines_next(&it)) != NULL) {
        size_t ln = it.lineno;
        if (acq_text_skippable(line))
            continue;
        char *t = trim(line);
        if (t[0] == '[') {
            if (r && (rc = check_rec(r, err)) != ACQ_OK)
                goto fail;
            size_t n = strlen(t);
            if (n < 3 || t[n - 1] != ']') {
                rc = acq_err_set(err, ACQ_EINPUT,
                                 "%s:%zu: a record starts with '[key]' alone on its line", name,
                                 ln);
                goto fail;
            }
            t[n - 1] = '\0';
            const char *key = arena_strndup(&l->mem, t + 1, n - 2);
            r = arena_alloc(&l->mem, sizeof *r);
            rec **slot = push((void **)&l->recs, &l->n, &l->cap, sizeof *slot);
            if (key == NULL || r == NULL || slot == NULL) {
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
                goto fail;
            }
            memset(r, 0, sizeof *r);
            *slot = r;
            r->key = key;
            r->source = src;
            r->line = ln;
            if (!key_ok(key)) {
                rc = acq_err_set(err, ACQ_EINPUT,
                                 "%s:%zu: '%s' is not an instrument key (1 to 64 lower-case "
                                 "letters, digits and '-')",
                                 name, ln, key);
                goto fail;
            }
            const rec *had = keyset_add(&keys, r);
            if (had == NULL) {
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
                goto fail;
            }
            if (had != r) {
                rc = acq_err_set(err, ACQ_EINPUT,
                                 "%s:%zu: key '%s' is already used at line %zu of this file",
                                 name, ln, key, had->line);
                goto fail;
            }
            continue;
        }
        char *colon = strchr(t, ':');
        if (colon == NULL) {
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: expected '[key]' or 'field: value', found '%.40s'", name,
                             ln, t);
            goto fail;
        }
        if (r == NULL) {
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: a field before the first '[key]' line", name, ln);
            goto fail;
        }
        *colon = '\0';
        char *field = trim(t), *value = trim(colon + 1);
        if (*value == '\0') {
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: field '%s' has no value", name, ln, field);
            goto fail;
        }
        if ((rc = parse_field(l, r, field, value, ln, err)) != ACQ_OK)
            goto fail;
    }
    if (r && (rc = check_rec(r, err)) != ACQ_OK)
        goto fail;
    acq_free(keys.slot);
    *out = l;
    return ACQ_OK;
fail:
    acq_free(keys.slot);
    load_free(l);
    return rc;
}

/* ---- Building the index --------------------------------------------- */

typedef struct builder {
    index_t *ix;
    acq_buf tmp;
    entry *forms, *names;
    size_t n_forms, cap_forms, n_names, cap_names;
    int oom;
} builder;

static const char *ix_norm(builder *b, const char *s, size_t n, int name)
{
    acq_buf_reset(&b->tmp);
    if (norm(s, n, &b->tmp, name) != 0) {
        b->oom = 1;
        return NULL;
    }
    char *d = arena_strndup(&b->ix->mem, (const char *)b->tmp.data, b->tmp.len);
    if (d == NULL)
        b->oom = 1;
    return d;
}

/* Type words of a record in English, French and German. */
static void type_words(const rec *r, const char *w[3])
{
    const char *t = r->type;
    char letter = r->parts.letter;
    if (strcmp(t, "framework-decision") == 0) {
        w[0] = "Framework Decision"; w[1] = "décision-cadre"; w[2] = "Rahmenbeschluss";
    } else if (strcmp(t, "joint-action") == 0) {
        w[0] = "Joint Action"; w[1] = "action commune"; w[2] = "Gemeinsame Maßnahme";
    } else if (strcmp(t, "common-position") == 0) {
        w[0] = "Common Position"; w[1] = "position commune"; w[2] = "Gemeinsamer Standpunkt";
    } else if (letter == 'R') {
        w[0] = "Regulation"; w[1] = "règlement"; w[2] = "Verordnung";
    } else if (letter == 'L') {
        w[0] = "Directive"; w[1] = "directive"; w[2] = "Richtlinie";
    } else if (letter == 'H') {
        w[0] = "Recommendation"; w[1] = "recommandation"; w[2] = "Empfehlung";
    } else {
        /* German calls the decisions of the Communities "Entscheidung"
         * and those of the Union (and after Lisbon, all) "Beschluss" */
        int eu = r->parts.suffix == ACQ_SUFFIX_JHA || r->parts.suffix == ACQ_SUFFIX_CFSP ||
                 r->parts.suffix == ACQ_SUFFIX_EU || r->parts.year >= 2010;
        w[0] = "Decision"; w[1] = "décision"; w[2] = eu ? "Beschluss" : "Entscheidung";
    }
}

/* "(EU, Euratom)" in one language, or "" */
static void inst_text(const acq_cite_parts *p, const char *lang, char *out, size_t cap)
{
    out[0] = '\0';
    if (p->inst[0] == ACQ_SUFFIX_NONE)
        return;
    size_t n = (size_t)snprintf(out, cap, "(");
    for (int k = 0; k < 3 && p->inst[k] != ACQ_SUFFIX_NONE && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", k ? ", " : "",
                              acq_cite_suffix_name(p->inst[k], lang));
    if (n < cap)
        snprintf(out + n, cap - n, ") ");
}

/* 1 when a number of r written without a type word can only be r (see
 * acq_instruments_celex_of_form). */
static int bare_ok(const rec *r)
{
    if (!r->has_parts)
        return 1;
    const acq_cite_parts *p = &r->parts;
    return p->number_first || p->letter == 'R' || (p->year >= 2015) ||
           p->suffix == ACQ_SUFFIX_JHA || p->suffix == ACQ_SUFFIX_CFSP;
}

static void add_form(builder *b, size_t inst, int bare, const char *s)
{
    if (b->oom || *s == '\0')
        return;
    const char *k = ix_norm(b, s, strlen(s), 0);
    const char *d = arena_strndup(&b->ix->mem, s, strlen(s));
    if (k == NULL || d == NULL) {
        b->oom = 1;
        return;
    }
    if (b->n_forms == b->cap_forms &&
        acq_grow((void **)&b->forms, &b->cap_forms, b->n_forms + 1, sizeof *b->forms) != 0) {
        b->oom = 1;
        return;
    }
    b->forms[b->n_forms++] = (entry){k, d, inst, (size_t)bare};
}

/* Every citation form of record r (see corpus/instruments.md). */
static void derive_forms(builder *b, size_t i, const rec *r)
{
    int alone = bare_ok(r);
    add_form(b, i, alone, r->celex);
    if (r->cite)
        add_form(b, i, alone, r->cite);
    for (size_t k = 0; k < r->n_forms; k++)
        add_form(b, i, alone, r->forms[k].key);
    if (!r->has_parts)
        return;
    const acq_cite_parts *p = &r->parts;
    static const char *const langs[3] = {"en", "fr", "de"};
    static const char *const nos[3] = {"No ", "n° ", "Nr. "};
    const char *w[3];
    type_words(r, w);
    char year[8], num0[24], f[160], inst[40];
    snprintf(year, sizeof year, p->two_digit_year ? "%02d" : "%04d",
             p->two_digit_year ? p->year % 100 : p->year);
    if (p->number_first)
        snprintf(num0, sizeof num0, "%d/%s", p->number, year);
    else
        snprintf(num0, sizeof num0, "%s/%d", year, p->number);
    add_form(b, i, alone, num0);
    for (int l = 0; l < 3; l++) {
        inst_text(p, langs[l], inst, sizeof inst);
        const char *no = p->number_first ? nos[l] : "";
        if (p->suffix != ACQ_SUFFIX_NONE) {
            char num[40];
            snprintf(num, sizeof num, "%s/%s", num0, acq_cite_suffix_name(p->suffix, langs[l]));
            add_form(b, i, alone, num);
            snprintf(f, sizeof f, "%s %s%s", w[l], no, num);
            add_form(b, i, alone, f);
        }
        snprintf(f, sizeof f, "%s %s%s%s", w[l], inst, no, num0);
        add_form(b, i, alone, f);
        if (inst[0] || no[0]) {
            snprintf(f, sizeof f, "%s %s", w[l], num0);
            add_form(b, i, alone, f);
        }
    }
}

static void add_name(builder *b, size_t inst, size_t sub, const char *s)
{
    if (b->oom)
        return;
    const char *k = ix_norm(b, s, strlen(s), 1);
    if (k == NULL)
        return;
    if (*k == '\0')
        return;
    if (b->n_names == b->cap_names &&
        acq_grow((void **)&b->names, &b->cap_names, b->n_names + 1, sizeof *b->names) != 0) {
        b->oom = 1;
        return;
    }
    b->names[b->n_names++] = (entry){k, NULL, inst, sub};
}

/* Copies a sorted entry array into the index arena, dropping exact
 * duplicates (same key, same instrument). */
static entry *settle(builder *b, entry *e, size_t *n)
{
    if (*n)
        qsort(e, *n, sizeof *e, entry_cmp);
    size_t m = 0;
    for (size_t i = 0; i < *n; i++)
        if (m == 0 || strcmp(e[m - 1].k, e[i].k) != 0 || e[m - 1].inst != e[i].inst)
            e[m++] = e[i];
    *n = m;
    entry *d = arena_alloc(&b->ix->mem, (m ? m : 1) * sizeof *d);
    if (d == NULL) {
        b->oom = 1;
        return NULL;
    }
    if (m)
        memcpy(d, e, m * sizeof *d);
    return d;
}

/* "from is succeeded by to" */
typedef struct link {
    size_t from, to;
} link;

static int link_cmp(const void *a, const void *b)
{
    const link *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

static int build(const rec *const *recs, size_t n, index_t **out, acq_err *err)
{
    *out = NULL;
    link *links = NULL;
    builder b;
    memset(&b, 0, sizeof b);
    index_t *ix = acq_calloc(1, sizeof *ix);
    if (ix == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory building the instruments table");
    b.ix = ix;
    int rc = ACQ_OK;
    ix->n = n;
    ix->recs = arena_alloc(&ix->mem, (n ? n : 1) * sizeof *ix->recs);
    ix->inst = arena_alloc(&ix->mem, (n ? n : 1) * sizeof *ix->inst);
    ix->celex = arena_alloc(&ix->mem, (n ? n : 1) * sizeof *ix->celex);
    ix->keys = arena_alloc(&ix->mem, (n ? n : 1) * sizeof *ix->keys);
    size_t *nsucc = acq_calloc(n ? n : 1, sizeof *nsucc);
    size_t *npred = acq_calloc(n ? n : 1, sizeof *npred);
    if (!ix->recs || !ix->inst || !ix->celex || !ix->keys || !nsucc || !npred)
        goto oom;
    if (n)
        memcpy(ix->recs, recs, n * sizeof *recs);
    for (size_t i = 0; i < n; i++)
        ix->keys[i] = (entry){recs[i]->key, NULL, i, 0};
    if (n)
        qsort(ix->keys, n, sizeof *ix->keys, entry_cmp);
    ix->n_keys = n;
    /* every successor and predecessor names a record, not its own */
    for (size_t i = 0; i < n; i++) {
        const rec *r = recs[i];
        for (int dir = 0; dir < 2; dir++) {
            const key_line *kl = dir ? r->pred : r->succ;
            size_t m = dir ? r->n_pred : r->n_succ;
            for (size_t k = 0; k < m; k++) {
                const entry *e = find(ix->keys, n, kl[k].key);
                if (e == NULL) {
                    rc = acq_err_set(err, ACQ_EINPUT,
                                     "%s:%zu: instrument '%s' names %s '%s', which no record "
                                     "defines",
                                     r->source, kl[k].line, r->key,
                                     dir ? "predecessor" : "successor", kl[k].key);
                    goto fail;
                }
                if (e->inst == i) {
                    rc = acq_err_set(err, ACQ_EINPUT,
                                     "%s:%zu: instrument '%s' names itself as its own %s",
                                     r->source, kl[k].line, r->key,
                                     dir ? "predecessor" : "successor");
                    goto fail;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        const rec *r = recs[i];
        acq_instrument *in = &ix->inst[i];
        memset(in, 0, sizeof *in);
        in->key = r->key;
        in->celex = r->celex;
        in->type = r->type;
        in->date = r->date;
        in->title = r->title;
        in->cite = r->cite ? r->cite : "";
        in->area = r->area ? r->area : "";
        in->note = r->note ? r->note : "";
        in->source = r->source;
        in->line = r->line;
        size_t nn = r->n_names ? r->n_names : 1;
        acq_instrument_name *nm = arena_alloc(&ix->mem, nn * sizeof *nm);
        if (nm == NULL)
            goto oom;
        for (size_t k = 0; k < r->n_names; k++) {
            nm[k] = (acq_instrument_name){r->names[k].text, r->names[k].lang, r->names[k].abbr,
                                          r->names[k].ambiguous};
            add_name(&b, i, k, r->names[k].text);
        }
        in->names = nm;
        in->n_names = r->n_names;
        ix->celex[i] = (entry){r->celex, NULL, i, 0};
        derive_forms(&b, i, r);
        if (b.oom)
            goto oom;
    }
    /* successors and predecessors: each pair once, whichever side said it */
    size_t nl = 0;
    for (size_t i = 0; i < n; i++)
        nl += recs[i]->n_succ + recs[i]->n_pred;
    links = acq_malloc((nl ? nl : 1) * sizeof *links);
    if (links == NULL)
        goto oom;
    nl = 0;
    for (size_t i = 0; i < n; i++) {
        const rec *r = recs[i];
        for (size_t k = 0; k < r->n_succ; k++)
            links[nl++] = (link){i, find(ix->keys, n, r->succ[k].key)->inst};
        for (size_t k = 0; k < r->n_pred; k++)
            links[nl++] = (link){find(ix->keys, n, r->pred[k].key)->inst, i};
    }
    if (nl)
        qsort(links, nl, sizeof *links, link_cmp);
    size_t m = 0;
    for (size_t k = 0; k < nl; k++)
        if (m == 0 || links[m - 1].from != links[k].from || links[m - 1].to != links[k].to)
            links[m++] = links[k];
    for (size_t k = 0; k < m; k++) {
        nsucc[links[k].from]++;
        npred[links[k].to]++;
    }
    for (size_t i = 0; i < n; i++) {
        size_t ns = nsucc[i] ? nsucc[i] : 1, np = npred[i] ? npred[i] : 1;
        ix->inst[i].successors = arena_alloc(&ix->mem, ns * sizeof(size_t));
        ix->inst[i].predecessors = arena_alloc(&ix->mem, np * sizeof(size_t));
        if (!ix->inst[i].successors || !ix->inst[i].predecessors)
            goto oom;
    }
    for (size_t k = 0; k < m; k++) {
        acq_instrument *from = &ix->inst[links[k].from], *to = &ix->inst[links[k].to];
        ((size_t *)from->successors)[from->n_successors++] = links[k].to;
        ((size_t *)to->predecessors)[to->n_predecessors++] = links[k].from;
    }
    /* one CELEX, one key, one owner per citation form */
    if (n)
        qsort(ix->celex, n, sizeof *ix->celex, entry_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(ix->celex[i - 1].k, ix->celex[i].k) == 0) {
            const rec *x = recs[ix->celex[i - 1].inst], *y = recs[ix->celex[i].inst];
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: CELEX %s of '%s' is already the CELEX of '%s' (%s:%zu); "
                             "to replace that record, use its key",
                             y->source, y->line, y->celex, y->key, x->key, x->source, x->line);
            goto fail;
        }
    ix->n_celex = n;
    ix->forms = settle(&b, b.forms, &b.n_forms);
    ix->names = settle(&b, b.names, &b.n_names);
    if (b.oom)
        goto oom;
    ix->n_forms = b.n_forms;
    ix->n_names = b.n_names;
    for (size_t i = 1; i < ix->n_forms; i++)
        if (strcmp(ix->forms[i - 1].k, ix->forms[i].k) == 0) {
            const rec *x = recs[ix->forms[i - 1].inst], *y = recs[ix->forms[i].inst];
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: citation form '%s' of '%s' is also a form of '%s' "
                             "(%s:%zu): one form, one instrument",
                             y->source, y->line, ix->forms[i].k, y->key, x->key, x->source,
                             x->line);
            goto fail;
        }
    /* each instrument's forms, in sorted order */
    {
        size_t *cnt = nsucc; /* reuse as a counter */
        if (n)
            memset(cnt, 0, n * sizeof *cnt);
        for (size_t i = 0; i < ix->n_forms; i++)
            cnt[ix->forms[i].inst]++;
        for (size_t i = 0; i < n; i++) {
            const char **fl = arena_alloc(&ix->mem, (cnt[i] ? cnt[i] : 1) * sizeof *fl);
            if (fl == NULL)
                goto oom;
            ix->inst[i].forms = fl;
            ix->inst[i].n_forms = 0;
        }
        for (size_t i = 0; i < ix->n_forms; i++) {
            acq_instrument *in = &ix->inst[ix->forms[i].inst];
            ((const char **)in->forms)[in->n_forms++] = ix->forms[i].d;
        }
    }
    acq_free(links);
    acq_free(nsucc);
    acq_free(npred);
    acq_free(b.forms);
    acq_free(b.names);
    acq_buf_free(&b.tmp);
    *out = ix;
    return ACQ_OK;
oom:
    rc = acq_err_set(err, ACQ_ENOMEM, "out of memory building the instruments table");
fail:
    acq_free(links);
    acq_free(nsucc);
    acq_free(npred);
    acq_free(b.forms);
    acq_free(b.names);
    acq_buf_free(&b.tmp);
    index_free(ix);
    return rc;
}

/* ---- The table ---------------------------------------------------------- */

int acq_instruments_new(acq_instruments **out, acq_err *err)
{
    if (out == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_instruments_new: NULL out");
    *out = NULL;
    acq_instruments *kb = acq_calloc(1, sizeof *kb);
    if (kb == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory opening the instruments table");
    int rc = build(NULL, 0, &kb->ix, err);
    if (rc != ACQ_OK) {
        acq_free(kb);
        return rc;
    }
    *out = kb;
    return ACQ_OK;
}

int acq_instruments_load_text(acq_instruments *kb, const char *name, const char *text, size_t len,
                              acq_err *err)
{
    if (kb == NULL || name == NULL || (text == NULL && len))
        return acq_err_set(err, ACQ_EARG, "acq_instruments_load_text: NULL argument");
    load *l;
    int rc = parse_table(name, text ? text : "", len, &l, err);
    if (rc != ACQ_OK)
        return rc;
    /* old records, replaced by key, then the new ones */
    size_t n_old = kb->ix->n, n = 0;
    const rec **recs = acq_malloc((n_old + l->n + 1) * sizeof *recs);
    if (recs == NULL ||
        acq_grow((void **)&kb->loads, &kb->cap_loads, kb->n_loads + 1, sizeof *kb->loads) != 0) {
        acq_free(recs);
        load_free(l);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
    }
    for (size_t i = 0; i < n_old; i++)
        recs[n++] = kb->ix->recs[i];
    for (size_t i = 0; i < l->n; i++) {
        const entry *e = find(kb->ix->keys, kb->ix->n_keys, l->recs[i]->key);
        if (e)
            recs[e->inst] = l->recs[i];
        else
            recs[n++] = l->recs[i];
    }
    index_t *ix;
    rc = build(recs, n, &ix, err);
    acq_free(recs);
    if (rc != ACQ_OK) {
        load_free(l);
        return rc;
    }
    index_free(kb->ix);
    kb->ix = ix;
    kb->loads[kb->n_loads++] = l;
    return ACQ_OK;
}

int acq_instruments_load_file(acq_instruments *kb, const char *path, acq_err *err)
{
    if (kb == NULL || path == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_instruments_load_file: NULL argument");
    char *data;
    size_t len;
    int rc = acq_text_slurp(path, &data, &len, err);
    if (rc != ACQ_OK)
        return rc;
    rc = acq_instruments_load_text(kb, path, data, len, err);
    acq_free(data);
    return rc;
}

int acq_instruments_open(acq_instruments **out, acq_err *err)
{
    int rc = acq_instruments_new(out, err);
    if (rc != ACQ_OK)
        return rc;
    const char *env = getenv(ACQ_INSTRUMENTS_ENV);
    if (env && *env)
        rc = acq_instruments_load_file(*out, env, err);
    else
        rc = acq_instruments_load_text(*out, BUNDLED_NAME, (const char *)acq_instruments_bundled,
                                       acq_instruments_bundled_len, err);
    const char *add = getenv(ACQ_INSTRUMENTS_ADD_ENV); /* the user's own, over it */
    if (rc == ACQ_OK && add && *add)
        rc = acq_instruments_load_file(*out, add, err);
    if (rc != ACQ_OK) {
        acq_instruments_free(*out);
        *out = NULL;
    }
    return rc;
}

void acq_instruments_free(acq_instruments *kb)
{
    if (kb == NULL)
        return;
    index_free(kb->ix);
    for (size_t i = 0; i < kb->n_loads; i++)
        load_free(kb->loads[i]);
    acq_free(kb->loads);
    acq_free(kb);
}

/* ---- Lookups ------------------------------------------------------------ */

size_t acq_instruments_count(const acq_instruments *kb) { return kb ? kb->ix->n : 0; }

const acq_instrument *acq_instruments_get(const acq_instruments *kb, size_t i)
{
    return (kb && i < kb->ix->n) ? &kb->ix->inst[i] : NULL;
}

const acq_instrument *acq_instruments_by_key(const acq_instruments *kb, const char *key)
{
    if (kb == NULL || key == NULL)
        return NULL;
    const entry *e = find(kb->ix->keys, kb->ix->n_keys, key);
    return e ? &kb->ix->inst[e->inst] : NULL;
}

const acq_instrument *acq_instruments_by_celex(const acq_instruments *kb, const char *celex)
{
    if (kb == NULL || celex == NULL)
        return NULL;
    char base[ACQ_CELEX_MAX];
    size_t n = strlen(celex);
    /* "02016R0794-20220628": a consolidated version of 32016R0794 */
    if (n == 19 && celex[0] == '0' && celex[10] == '-') {
        memcpy(base, celex, 10);
        base[0] = '3';
        base[10] = '\0';
        celex = base;
    }
    const entry *e = find(kb->ix->celex, kb->ix->n_celex, celex);
    return e ? &kb->ix->inst[e->inst] : NULL;
}

const char *acq_instruments_celex_of_form(const acq_instruments *kb, const char *key, size_t n,
                                          int bare)
{
    char k[64];
    if (kb == NULL || n >= sizeof k)
        return NULL;
    memcpy(k, key, n);
    k[n] = '\0';
    const entry *e = find(kb->ix->forms, kb->ix->n_forms, k);
    if (e == NULL || (bare && !e->sub))
        return NULL;
    return kb->ix->inst[e->inst].celex;
}

const acq_instrument *acq_instruments_by_citation(const acq_instruments *kb, const char *text,
                                                  size_t len)
{
    if (kb == NULL || text == NULL)
        return NULL;
    acq_buf k = {0};
    const acq_instrument *found = NULL;
    if (norm(text, len, &k, 0) == 0) {
        const entry *e = find(kb->ix->forms, kb->ix->n_forms, acq_buf_cstr(&k));
        if (e)
            found = &kb->ix->inst[e->inst];
    }
    acq_buf_free(&k);
    if (found)
        return found;
    acq_citations c = {0};
    if (acq_citations_extract(text, len, kb, &c) == ACQ_OK && c.n >= 1)
        found = acq_instruments_by_celex(kb, c.items[0].celex);
    acq_citations_free(&c);
    return found;
}

size_t acq_instruments_by_name(const acq_instruments *kb, const char *text, size_t len,
                               const acq_instrument **out, const acq_instrument_name **name_out,
                               size_t max)
{
    if (kb == NULL || text == NULL)
        return 0;
    acq_buf k = {0};
    size_t count = 0;
    if (norm(text, len, &k, 1) == 0) {
        const char *key = acq_buf_cstr(&k);
        const entry *e = find(kb->ix->names, kb->ix->n_names, key);
        const entry *end = kb->ix->names + kb->ix->n_names;
        size_t last = (size_t)-1;
        for (; e && e < end && strcmp(e->k, key) == 0; e++) {
            if (e->inst == last) /* the same name in two languages */
                continue;
            last = e->inst;
            if (count < max) {
                if (out)
                    out[count] = &kb->ix->inst[e->inst];
                if (name_out)
                    name_out[count] = &kb->ix->inst[e->inst].names[e->sub];
            }
            count++;
        }
    }
    acq_buf_free(&k);
    return count;
}
