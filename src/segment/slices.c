/* slices.c: the pool of byte slices behind the builder's streams (see
 * slices.h). */
#include "segment/slices.h"

#include "common/alloc.h"

#include <string.h>

/* Slice sizes by level (1..): doubling from 8 bytes, then 512 bytes each, so
 * that a long stream spends under 1 % on links and wastes at most 512 bytes
 * at its end. */
#define MAX_LEVEL 7
static uint32_t slice_size(uint8_t level) { return (uint32_t)8 << (level - 1); }

void acq_slices_free(acq_slice_pool *p)
{
    for (size_t i = 0; i < p->nblocks; i++)
        acq_free(p->blocks[i]);
    acq_free(p->blocks);
    memset(p, 0, sizeof *p);
}

size_t acq_slices_memory(const acq_slice_pool *p) { return p->nblocks * (size_t)ACQ_SLICE_BLOCK + p->blocks_cap * sizeof *p->blocks; }

/* A new slice of n bytes, never across two blocks; its address, or -1. */
static int64_t slice_alloc(acq_slice_pool *p, uint32_t n)
{
    if (p->nblocks == 0 || ACQ_SLICE_BLOCK - p->used < n) {
        if (p->nblocks == ACQ_SLICE_MAX_BLOCKS)
            return -1;
        if (p->nblocks == p->blocks_cap &&
            acq_grow((void **)&p->blocks, &p->blocks_cap, p->nblocks + 1, sizeof *p->blocks) != 0)
            return -1;
        uint8_t *b = acq_malloc(ACQ_SLICE_BLOCK);
        if (b == NULL)
            return -1;
        p->blocks[p->nblocks++] = b;
        p->used = 0;
    }
    uint32_t addr = (uint32_t)((p->nblocks - 1) << ACQ_SLICE_BLOCK_BITS) + p->used;
    p->used += n;
    return addr;
}

int acq_slices_room(acq_slice_pool *p, acq_slice_stream *s, uint8_t *level)
{
    if (*level != 0 && s->write != s->end)
        return 0;
    uint8_t next = *level == 0 ? 1 : *level < MAX_LEVEL ? (uint8_t)(*level + 1) : MAX_LEVEL;
    int64_t a = slice_alloc(p, slice_size(next));
    if (a < 0)
        return -1;
    uint32_t addr = (uint32_t)a;
    if (*level == 0) {
        s->head = s->write = addr;
    } else {
        /* The full slice's last 4 bytes move to the new one; the link takes
         * their place. */
        uint8_t *link = acq_slices_at(p, s->end - 4), *moved = acq_slices_at(p, addr);
        memcpy(moved, link, 4);
        memcpy(link, &addr, 4);
        s->write = addr + 4;
    }
    s->end = addr + slice_size(next);
    *level = next;
    return 0;
}

/* Points r at the slice at addr of r->level. */
static void enter_slice(acq_slice_reader *r, uint32_t addr)
{
    uint32_t end = addr + slice_size(r->level);
    r->at = acq_slices_at(r->p, addr);
    /* The stream's last slice is the one its write position lies in (a
     * slice after an overflow holds at least the 4 moved bytes, so the
     * position never sits at the very start of a later slice). */
    r->last = r->write > addr && r->write <= end;
    r->stop = r->at + ((r->last ? r->write : end - 4) - addr);
}

void acq_slice_reader_init(acq_slice_reader *r, const acq_slice_pool *p, const acq_slice_stream *s, uint8_t level)
{
    r->p = p;
    r->write = s->write;
    if (level == 0) {
        r->at = r->stop = NULL;
        r->last = 1;
        return;
    }
    r->level = 1;
    enter_slice(r, s->head);
}

static int next_byte(acq_slice_reader *r, uint8_t *byte)
{
    while (r->at == r->stop) {
        if (r->last)
            return 0;
        uint32_t link;
        memcpy(&link, r->stop, 4);
        if (r->level < MAX_LEVEL)
            r->level++;
        enter_slice(r, link);
    }
    *byte = *r->at++;
    return 1;
}

const uint8_t *acq_slice_reader_piece(acq_slice_reader *r, size_t *n)
{
    while (r->at == r->stop && !r->last) {
        uint32_t link;
        memcpy(&link, r->stop, 4);
        if (r->level < MAX_LEVEL)
            r->level++;
        enter_slice(r, link);
    }
    const uint8_t *p = r->at;
    *n = (size_t)(r->stop - r->at);
    r->at = r->stop;
    return p;
}

uint32_t acq_slice_reader_varint_slow(acq_slice_reader *r)
{
    uint32_t v = 0;
    uint8_t byte;
    for (int shift = 0; shift < 35 && next_byte(r, &byte); shift += 7) {
        v |= (uint32_t)(byte & 0x7F) << shift;
        if (byte < 0x80)
            break;
    }
    return v;
}
