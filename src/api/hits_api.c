/* hits_api.c: a search's hits in bulk (acq_search_rows, acq_results_rows,
 * acq_results_text), for bindings. A Python program pays about half a
 * microsecond per call into the library and as much per object it makes
 * from a struct, more than a cheap search costs in C; and each call through
 * ctypes lets go of the GIL and takes it back, which with several threads
 * means a hand-over per call. So a binding gets the numbers of all hits as
 * fixed-size records and their strings as one text, in one call each, and
 * a search of ranked document numbers in a single call. Built over the
 * public accessors of acq_results only. */
#include "acquis.h"

#include <stdio.h>
#include <string.h>

#include "common/error.h"

static acq_hit_row row_of(const acq_hit *h)
{
    return (acq_hit_row){h->score, h->docno, h->collapsed, h->field_count};
}

size_t acq_results_rows(const acq_results *r, acq_hit_row *rows, size_t cap)
{
    size_t n = acq_results_count(r);
    for (size_t i = 0; i < n && i < cap && rows != NULL; i++)
        rows[i] = row_of(acq_results_hit(r, i));
    return n;
}

int acq_search_rows(acq_hit_row *rows, size_t cap, size_t *n, uint64_t *total, acq_index *ix, const char *query,
                    const acq_search_options *opts, char *errmsg, size_t errmsg_size)
{
    if (n != NULL)
        *n = 0;
    if (total != NULL)
        *total = 0;
    if (rows == NULL && cap > 0) {
        acq_msg_copy(errmsg, errmsg_size, "acq_search_rows: rows is NULL but cap is not 0");
        return ACQ_EARG;
    }
    /* The caller's struct may be older (smaller) than ours: copy what it
     * has over the defaults, as acq_search does. */
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts != NULL) {
        if (opts->size < sizeof(size_t)) {
            acq_msg_copy(errmsg, errmsg_size, "acq_search_rows: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
            return ACQ_EARG;
        }
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
        o.size = sizeof o;
    }
    o.no_fields = 1;
    o.snippets = 0;
    o.explain = 0;
    o.facets = NULL;
    acq_results *r;
    int rc = acq_search(&r, ix, query, &o, errmsg, errmsg_size);
    if (rc != ACQ_OK)
        return rc;
    size_t got = acq_results_rows(r, rows, cap);
    if (n != NULL)
        *n = got < cap ? got : cap;
    if (total != NULL)
        *total = acq_results_total(r);
    acq_results_free(r);
    return ACQ_OK;
}

/* Appends to a caller's buffer while it has room, counting every byte. */
typedef struct text_out {
    char *buf;
    size_t cap, len;
} text_out;

static void put(text_out *t, const char *s, size_t n)
{
    if (t->buf != NULL && t->len <= t->cap && n <= t->cap - t->len)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void put_item(text_out *t, const char *s)
{
    if (s != NULL)
        put(t, s, strlen(s));
    put(t, "", 1);
}

static void put_count(text_out *t, size_t v)
{
    char num[24];
    size_t i = sizeof num;
    num[--i] = '\0';
    do
        num[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    put(t, num + i, sizeof num - i);
}

/* The extra fields of one hit grouped by name, names in the order they first
 * appear (a list may be given in pieces): what a binding turns into a
 * mapping name -> values without grouping them itself. An index holds at
 * most 240 field names; past MAX_NAMES (never, then) a name is written
 * once per value. Costs fields x names comparisons, not fields squared
 * (an act may cite hundreds of others). */
#define MAX_NAMES 256
static void put_fields(text_out *t, const acq_hit *h)
{
    const char *names[MAX_NAMES];
    size_t first[MAX_NAMES], count[MAX_NAMES], groups = 0, loose = 0;
    for (size_t i = 0; i < h->field_count; i++) {
        size_t g = 0;
        while (g < groups && strcmp(names[g], h->fields[i].name) != 0)
            g++;
        if (g < groups) {
            count[g]++;
        } else if (groups < MAX_NAMES) {
            names[groups] = h->fields[i].name;
            first[groups] = i;
            count[groups++] = 1;
        } else {
            loose++;
        }
    }
    put_count(t, groups + loose);
    for (size_t g = 0; g < groups; g++) {
        put_item(t, names[g]);
        put_count(t, count[g]);
        for (size_t i = first[g], left = count[g]; left > 0; i++)
            if (strcmp(h->fields[i].name, names[g]) == 0) {
                put_item(t, h->fields[i].value);
                left--;
            }
    }
    for (size_t i = 0; loose > 0 && i < h->field_count; i++) {
        size_t g = 0;
        while (g < groups && strcmp(names[g], h->fields[i].name) != 0)
            g++;
        if (g == groups) {
            put_item(t, h->fields[i].name);
            put_count(t, 1);
            put_item(t, h->fields[i].value);
        }
    }
}

/* The bytes put_fields writes for h. */
static size_t fields_len(const acq_hit *h)
{
    text_out count = {NULL, 0, 0};
    put_fields(&count, h);
    return count.len;
}

int acq_results_text(const acq_results *r, char *buf, size_t cap, size_t *len, size_t *head)
{
    if (head != NULL)
        *head = 0;
    if (r == NULL || len == NULL)
        return ACQ_EARG;
    text_out t = {buf, buf != NULL ? cap : 0, 0};
    size_t n = acq_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        put_item(&t, h->id);
        put_item(&t, h->title);
        put_item(&t, h->date);
        put_item(&t, h->type);
        put_item(&t, h->lang);
        put_item(&t, h->celex);
        put_item(&t, h->url);
        put_count(&t, fields_len(h));
    }
    if (head != NULL)
        *head = t.len;
    for (size_t i = 0; i < n; i++)
        put_fields(&t, acq_results_hit(r, i));
    *len = t.len;
    return ACQ_OK;
}
