/* slices.h: the in-memory segment's growing byte streams (one per
 * (field, term) for postings, one for positions; see builder.c), kept in one
 * pool of fixed 16 KiB blocks instead of one heap buffer each.
 *
 * A stream is a chain of slices of growing size (8 bytes, then 16, ... up
 * to 512). When a slice is full, its last 4 bytes move to the start of
 * the next slice and their place takes the next slice's address: a stream
 * that fits its first slice spends nothing on links, nothing is ever
 * copied again, and the pool wastes no more than the unused end of each
 * stream's last slice and of each block. Against a doubling heap buffer
 * per stream, this saves the allocator's headers, the half-empty second
 * half, and the copies of every growth. (Lucene's ByteBlockPool has the
 * same idea.) Addresses are 32 bits: a pool holds at most 4 GiB. */
#ifndef ACQ_SEGMENT_SLICES_H
#define ACQ_SEGMENT_SLICES_H

#include <stddef.h>
#include <stdint.h>

#define ACQ_SLICE_BLOCK_BITS 14
#define ACQ_SLICE_BLOCK ((uint32_t)1 << ACQ_SLICE_BLOCK_BITS)
/* Blocks a pool may hold (4 GiB of addresses). */
#define ACQ_SLICE_MAX_BLOCKS ((uint32_t)1 << (32 - ACQ_SLICE_BLOCK_BITS))

typedef struct acq_slice_pool {
    uint8_t **blocks;
    size_t nblocks, blocks_cap;
    uint32_t used; /* bytes taken in the last block */
} acq_slice_pool;

/* A stream: where it starts, where the next byte goes, where its current
 * slice ends. Its slice level lives beside it (the caller's byte, 0 for a
 * stream with no slice yet) so that a builder's slot packs tightly. */
typedef struct acq_slice_stream {
    uint32_t head, write, end;
} acq_slice_stream;

void acq_slices_free(acq_slice_pool *p);
/* Bytes the pool holds (whole blocks). */
size_t acq_slices_memory(const acq_slice_pool *p);

/* Gives s room for at least one more byte (a new slice when its current
 * one is full). -1 when out of memory or beyond 4 GiB; s is unchanged. */
int acq_slices_room(acq_slice_pool *p, acq_slice_stream *s, uint8_t *level);

static inline uint8_t *acq_slices_at(const acq_slice_pool *p, uint32_t addr)
{
    return p->blocks[addr >> ACQ_SLICE_BLOCK_BITS] + (addr & (ACQ_SLICE_BLOCK - 1));
}

/* Appends v as a varint (varint.h's format). 0, or -1 when out of memory
 * (the stream is then unchanged). */
static inline int acq_slices_varint(acq_slice_pool *p, acq_slice_stream *s, uint8_t *level, uint32_t v)
{
    if (s->end - s->write >= 5) { /* the whole varint fits this slice */
        uint8_t *o = acq_slices_at(p, s->write), *o0 = o;
        while (v >= 0x80) {
            *o++ = (uint8_t)(v | 0x80);
            v >>= 7;
        }
        *o++ = (uint8_t)v;
        s->write += (uint32_t)(o - o0);
        return 0;
    }
    /* Across a slice's end: a failure to get the next slice leaves the
     * stream as it was (the bytes written past its end are ignored). */
    uint32_t write = s->write;
    for (;;) {
        if (s->write == s->end && acq_slices_room(p, s, level) != 0) {
            s->write = write;
            return -1;
        }
        uint8_t byte = (uint8_t)(v >= 0x80 ? (v | 0x80) : v);
        *acq_slices_at(p, s->write) = byte;
        s->write++;
        if (v < 0x80)
            return 0;
        v >>= 7;
    }
}

/* Reads a stream back, from its head to where writing stopped. */
typedef struct acq_slice_reader {
    const acq_slice_pool *p;
    const uint8_t *at, *stop; /* the current slice's unread data */
    uint32_t write;           /* where the stream ends */
    uint8_t level, last;      /* the current slice's level; whether it is the last */
} acq_slice_reader;

/* level: the stream's (0: nothing was written). */
void acq_slice_reader_init(acq_slice_reader *r, const acq_slice_pool *p, const acq_slice_stream *s, uint8_t level);
/* A reader of bytes laid out in one piece (a run's streams, runs.h): the
 * same varint reads as a pool's stream. */
static inline void acq_slice_reader_flat(acq_slice_reader *r, const uint8_t *p, size_t n)
{
    r->p = NULL;
    r->at = p;
    r->stop = p + n;
    r->write = 0;
    r->level = 0;
    r->last = 1;
}
/* The next piece of the stream's bytes (*n of them; 0 at the end), which
 * the reader then moves past: a stream copied out slice by slice. */
const uint8_t *acq_slice_reader_piece(acq_slice_reader *r, size_t *n);
/* Whether bytes remain. */
static inline int acq_slice_reader_more(const acq_slice_reader *r) { return r->at < r->stop || !r->last; }
/* The next varint (0 past the end, which a builder never reads). */
uint32_t acq_slice_reader_varint_slow(acq_slice_reader *r);
static inline uint32_t acq_slice_reader_varint(acq_slice_reader *r)
{
    /* Most gaps, tfs and position gaps take one byte; short slices end
     * within 5 bytes more often than not. */
    if (r->at < r->stop && *r->at < 0x80)
        return *r->at++;
    if (r->stop - r->at >= 5) {
        uint32_t v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            uint8_t byte = *r->at++;
            v |= (uint32_t)(byte & 0x7F) << shift;
            if (byte < 0x80)
                break;
        }
        return v;
    }
    return acq_slice_reader_varint_slow(r);
}

#endif
