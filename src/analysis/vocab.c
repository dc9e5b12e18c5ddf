/* vocab.c: interning table of analysed terms (see vocab.h).
 * Open addressing with linear probing over (hash, id) slots; term bytes are
 * appended to one arena and addressed by offset, so growth is a memcpy. */
#include "analysis/vocab.h"
#include "common/alloc.h"
#include "common/hash.h"

/* 8 bytes, so that the table (kept at most half full) costs 16 to 32
 * bytes per term: the 32 hash bits skip nearly every compare but the
 * right one, which reads the term's offset and length by its id. */
typedef struct slot {
    uint32_t hash;  /* low 32 bits of the hash, to skip most compares */
    uint32_t id;    /* UINT32_MAX = empty */
} slot;

struct acq_vocab {
    slot *slots;
    size_t mask;          /* slot count - 1 */
    uint64_t *offsets;    /* id -> (arena offset << 16 | length) */
    size_t count, offsets_cap;
    char *arena;
    size_t arena_len, arena_cap;
};

static int init_slots(acq_vocab *v, size_t n)
{
    v->slots = acq_malloc(n * sizeof(slot));
    if (v->slots == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        v->slots[i].id = UINT32_MAX;
    v->mask = n - 1;
    return 0;
}

acq_vocab *acq_vocab_new(void)
{
    acq_vocab *v = acq_calloc(1, sizeof *v);
    if (v && init_slots(v, 1024) != 0) {
        acq_free(v);
        return NULL;
    }
    return v;
}

void acq_vocab_free(acq_vocab *v)
{
    if (v == NULL)
        return;
    acq_free(v->slots);
    acq_free(v->offsets);
    acq_free(v->arena);
    acq_free(v);
}

void acq_vocab_clear(acq_vocab *v)
{
    for (size_t i = 0; i <= v->mask; i++)
        v->slots[i].id = UINT32_MAX;
    v->count = 0;
    v->arena_len = 0;
}

const char *acq_vocab_term(const acq_vocab *v, uint32_t id, size_t *len)
{
    uint64_t o = v->offsets[id];
    *len = (size_t)(o & 0xFFFF);
    return v->arena + (o >> 16);
}

uint32_t acq_vocab_size(const acq_vocab *v) { return (uint32_t)v->count; }

size_t acq_vocab_memory(const acq_vocab *v)
{
    return (v->mask + 1) * sizeof(slot) + v->offsets_cap * sizeof(uint64_t) + v->arena_cap;
}

static inline int same(const acq_vocab *v, const slot *s, const char *term, size_t len)
{
    uint64_t o = v->offsets[s->id];
    if ((o & 0xFFFF) != len)
        return 0;
    const char *t = v->arena + (o >> 16);
    /* Most terms are short: compare 8 bytes at a time without memcmp. */
    while (len >= 8) {
        uint64_t a, b;
        memcpy(&a, t, 8);
        memcpy(&b, term, 8);
        if (a != b)
            return 0;
        t += 8;
        term += 8;
        len -= 8;
    }
    while (len--)
        if (*t++ != *term++)
            return 0;
    return 1;
}

uint32_t acq_vocab_find(const acq_vocab *v, const char *term, size_t len)
{
    uint64_t h = acq_hash_bytes(term, len);
    for (size_t i = h & v->mask;; i = (i + 1) & v->mask) {
        const slot *s = &v->slots[i];
        if (s->id == UINT32_MAX)
            return UINT32_MAX;
        if (s->hash == (uint32_t)h && same(v, s, term, len))
            return s->id;
    }
}

static int rehash(acq_vocab *v)
{
    slot *old = v->slots;
    size_t old_n = v->mask + 1;
    if (init_slots(v, old_n * 2) != 0) {
        v->slots = old;
        return -1;
    }
    for (size_t i = 0; i < old_n; i++) {
        if (old[i].id == UINT32_MAX)
            continue;
        size_t j = old[i].hash & v->mask;
        /* The low 32 bits are all we kept; tables never exceed 2^32 slots. */
        while (v->slots[j].id != UINT32_MAX)
            j = (j + 1) & v->mask;
        v->slots[j] = old[i];
    }
    acq_free(old);
    return 0;
}

uint32_t acq_vocab_intern(acq_vocab *v, const char *term, size_t len)
{
    if (len > 0xFFFF)
        return UINT32_MAX;
    uint64_t h = acq_hash_bytes(term, len);
    size_t i;
    for (i = h & v->mask; v->slots[i].id != UINT32_MAX; i = (i + 1) & v->mask)
        if (v->slots[i].hash == (uint32_t)h && same(v, &v->slots[i], term, len))
            return v->slots[i].id;
    if (v->count >= UINT32_MAX - 1 || v->count + 2 > v->mask)
        return UINT32_MAX; /* a failed rehash left the table full */
    if (acq_grow((void **)&v->offsets, &v->offsets_cap, v->count + 1, sizeof(uint64_t)) != 0)
        return UINT32_MAX;
    if (acq_grow((void **)&v->arena, &v->arena_cap, v->arena_len + len + 1, 1) != 0)
        return UINT32_MAX;
    uint32_t id = (uint32_t)v->count++;
    memcpy(v->arena + v->arena_len, term, len);
    v->offsets[id] = ((uint64_t)v->arena_len << 16) | len;
    v->arena_len += len;
    v->slots[i].hash = (uint32_t)h;
    v->slots[i].id = id;
    if (v->count * 2 > v->mask + 1 && rehash(v) != 0) {
        /* The term is stored and findable; the table is just fuller. */
    }
    return id;
}
