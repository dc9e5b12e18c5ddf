/* id_table.c: the writer's table of touched ids (see id_table.h). Linear
 * probing over a power-of-two slot array holding entry index + 1 (0 is
 * empty); the slot array doubles at 50 % load. */
#include "index/id_table.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/hash.h"

#include <string.h>

typedef struct entry {
    uint64_t off;      /* into the arena */
    uint32_t len;
    uint32_t hash;     /* low bits of the id's hash, to skip most compares */
    uint64_t keep;
} entry;

struct acq_id_table {
    uint32_t *slots;
    size_t nslots;     /* power of two, or 0 */
    entry *entries;
    size_t count, cap;
    acq_buf arena;
};

acq_id_table *acq_id_table_new(void) { return acq_calloc(1, sizeof(acq_id_table)); }

void acq_id_table_free(acq_id_table *t)
{
    if (t == NULL)
        return;
    acq_free(t->slots);
    acq_free(t->entries);
    acq_buf_free(&t->arena);
    acq_free(t);
}

void acq_id_table_clear(acq_id_table *t)
{
    /* Large tables are given back rather than kept: a bulk load of millions
     * of ids should not pin that memory for the next small batch. */
    if (t->nslots > 4096) {
        acq_free(t->slots);
        acq_free(t->entries);
        acq_buf_free(&t->arena);
        t->slots = NULL;
        t->entries = NULL;
        t->nslots = t->cap = 0;
    } else if (t->slots)
        memset(t->slots, 0, t->nslots * sizeof *t->slots);
    t->count = 0;
    acq_buf_reset(&t->arena);
}

static int grow_slots(acq_id_table *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 64;
    uint32_t *s = acq_calloc(n, sizeof *s);
    if (s == NULL)
        return -1;
    for (size_t e = 0; e < t->count; e++) {
        size_t i = t->entries[e].hash & (n - 1);
        while (s[i])
            i = (i + 1) & (n - 1);
        s[i] = (uint32_t)e + 1;
    }
    acq_free(t->slots);
    t->slots = s;
    t->nslots = n;
    return 0;
}

uint32_t acq_id_table_put(acq_id_table *t, const char *id, size_t len)
{
    if (len > UINT32_MAX || t->count >= UINT32_MAX - 1)
        return UINT32_MAX;
    if ((t->count + 1) * 2 > t->nslots && grow_slots(t) != 0)
        return UINT32_MAX;
    uint32_t h = (uint32_t)acq_hash_bytes(id, len);
    size_t i = h & (t->nslots - 1);
    for (; t->slots[i]; i = (i + 1) & (t->nslots - 1)) {
        const entry *e = &t->entries[t->slots[i] - 1];
        if (e->hash == h && e->len == len && memcmp(t->arena.data + e->off, id, len) == 0)
            return t->slots[i] - 1;
    }
    if (acq_grow((void **)&t->entries, &t->cap, t->count + 1, sizeof *t->entries) != 0)
        return UINT32_MAX;
    size_t off = t->arena.len;
    acq_buf_put(&t->arena, id, len);
    if (t->arena.failed) {
        t->arena.failed = 0;
        t->arena.len = off;
        return UINT32_MAX;
    }
    entry *e = &t->entries[t->count];
    e->off = off;
    e->len = (uint32_t)len;
    e->hash = h;
    e->keep = ACQ_ID_NONE;
    t->slots[i] = (uint32_t)t->count + 1;
    return (uint32_t)t->count++;
}

size_t acq_id_table_count(const acq_id_table *t) { return t->count; }

const char *acq_id_table_id(const acq_id_table *t, uint32_t e, size_t *len)
{
    *len = t->entries[e].len;
    return (const char *)t->arena.data + t->entries[e].off;
}

uint64_t acq_id_table_keep(const acq_id_table *t, uint32_t e) { return t->entries[e].keep; }
void acq_id_table_set_keep(acq_id_table *t, uint32_t e, uint64_t ordinal) { t->entries[e].keep = ordinal; }

size_t acq_id_table_memory(const acq_id_table *t)
{
    return t->nslots * sizeof *t->slots + t->cap * sizeof *t->entries + t->arena.cap;
}
