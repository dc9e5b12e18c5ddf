/* token_cache.c: analysed tokens of recent texts (see token_cache.h). */
#include "index/token_cache.h"

#include "common/alloc.h"

#include <string.h>

typedef struct entry {
    acq_token_key key;
    uint32_t off, n, end_rel;
    int used;
} entry;

struct acq_token_cache {
    uint32_t *terms, *rel;     /* arena: max_tokens each */
    size_t len, max;
    entry *table;              /* open addressing, power of two */
    size_t mask, count;
    size_t start;              /* arena offset of the text being recorded */
    int recording;             /* 0 when the current text overflowed */
    /* Since the last acq_token_cache_clear: texts remembered, and found.
     * The cache is off (and holds no memory) while table is NULL. */
    uint64_t texts, hits;
};

/* A segment whose first PROBE_TEXTS texts found fewer than one in
 * MIN_HIT_SHARE of them again gets no cache: texts that do not repeat
 * would pay for hashing and recording every text and for the cache's
 * memory (23 MB at the default budget), which the segment's postings can
 * use instead. The next segment tries again. */
#define PROBE_TEXTS 2048
#define MIN_HIT_SHARE 64

static void release(acq_token_cache *c)
{
    acq_free(c->terms);
    acq_free(c->rel);
    acq_free(c->table);
    c->terms = c->rel = NULL;
    c->table = NULL;
    c->len = c->count = 0;
    c->recording = 0;
}

/* 0, or -1 when out of memory (nothing then held). */
static int allocate(acq_token_cache *c)
{
    c->terms = acq_malloc(c->max * sizeof(uint32_t));
    c->rel = acq_malloc(c->max * sizeof(uint32_t));
    c->table = acq_calloc(c->mask + 1, sizeof(entry));
    c->len = c->count = 0;
    c->recording = 0;
    if (!c->terms || !c->rel || !c->table) {
        release(c);
        return -1;
    }
    return 0;
}

acq_token_cache *acq_token_cache_new(size_t max_tokens)
{
    acq_token_cache *c = acq_calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->max = max_tokens;
    size_t slots = 1;
    while (slots < max_tokens / 64 * 2 + 64)
        slots *= 2;
    c->mask = slots - 1; /* kept while the cache is off */
    if (allocate(c) != 0) {
        acq_free(c);
        return NULL;
    }
    return c;
}

void acq_token_cache_free(acq_token_cache *c)
{
    if (c == NULL)
        return;
    release(c);
    acq_free(c);
}

/* Forgets every text (the arena or the table is full). */
static void start_over(acq_token_cache *c)
{
    memset(c->table, 0, (c->mask + 1) * sizeof(entry));
    c->len = c->count = 0;
    c->recording = 0;
}

void acq_token_cache_clear(acq_token_cache *c)
{
    c->texts = c->hits = 0;
    if (c->table)
        start_over(c);
    else /* off for the last segment: try again; without memory, stay off */
        allocate(c);
}

int acq_token_cache_active(const acq_token_cache *c) { return c->table != NULL; }

size_t acq_token_cache_memory(const acq_token_cache *c)
{
    return c->table ? c->max * 2 * sizeof(uint32_t) + (c->mask + 1) * sizeof(entry) : 0;
}

static int same_key(const acq_token_key *a, const acq_token_key *b)
{
    return a->h1 == b->h1 && a->h2 == b->h2 && a->len == b->len && a->analyzer == b->analyzer;
}

int acq_token_cache_find(acq_token_cache *c, const acq_token_key *k, const uint32_t **terms,
                         const uint32_t **rel, uint32_t *n, uint32_t *end_rel)
{
    if (c->table == NULL)
        return 0;
    for (size_t i = k->h1 & c->mask; c->table[i].used; i = (i + 1) & c->mask) {
        const entry *e = &c->table[i];
        if (same_key(&e->key, k)) {
            *terms = c->terms + e->off;
            *rel = c->rel + e->off;
            *n = e->n;
            *end_rel = e->end_rel;
            c->hits++;
            return 1;
        }
    }
    return 0;
}

void acq_token_cache_begin(acq_token_cache *c)
{
    if (c->table == NULL)
        return;
    if (c->texts >= PROBE_TEXTS && c->hits * MIN_HIT_SHARE < c->texts) {
        release(c);
        return;
    }
    /* Start over when the arena or the table is full: the texts that repeat
     * are mostly close to each other (versions of one act in a row). */
    if (c->len > c->max / 4 * 3 || c->count * 2 > c->mask)
        start_over(c);
    c->start = c->len;
    c->recording = 1;
}

void acq_token_cache_add(acq_token_cache *c, uint32_t term, uint32_t rel)
{
    if (!c->recording)
        return;
    if (c->len == c->max) {
        c->recording = 0;
        c->len = c->start;
        return;
    }
    c->terms[c->len] = term;
    c->rel[c->len] = rel;
    c->len++;
}

void acq_token_cache_end(acq_token_cache *c, const acq_token_key *k, uint32_t end_rel)
{
    if (!c->recording)
        return;
    c->recording = 0;
    c->texts++;
    size_t i = k->h1 & c->mask;
    while (c->table[i].used) {
        if (same_key(&c->table[i].key, k))
            return; /* already known */
        i = (i + 1) & c->mask;
    }
    c->table[i] = (entry){*k, (uint32_t)c->start, (uint32_t)(c->len - c->start), end_rel, 1};
    c->count++;
}
