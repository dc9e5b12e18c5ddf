/* test_slices.c: the builder's pool of byte slices (segment/slices.h):
 * many streams written interleaved read back exactly, across every slice
 * level and block boundary; memory is whole blocks; a failed allocation
 * leaves the stream as it was; the builder fetches ahead only bytes that
 * exist. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "segment/builder.h"
#include "segment/slices.h"
#include "support.h"

/* A value of 1 to 5 varint bytes, small ones most often (as gaps are). */
static uint32_t draw_value(void)
{
    switch (test_rng() % 8) {
    case 0: return (uint32_t)test_rng();
    case 1: return (uint32_t)(test_rng() % 100000);
    case 2: return (uint32_t)(test_rng() % 1000);
    default: return (uint32_t)(test_rng() % 128);
    }
}

typedef struct expected {
    uint32_t *v;
    size_t n, cap;
} expected;

static void push(expected *e, uint32_t v)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 16;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
        cr_assert_not_null(e->v);
    }
    e->v[e->n++] = v;
}

static void check_stream(const acq_slice_pool *p, const acq_slice_stream *s, uint8_t level, const expected *e,
                         size_t which)
{
    acq_slice_reader r;
    acq_slice_reader_init(&r, p, s, level);
    for (size_t i = 0; i < e->n; i++) {
        cr_assert(acq_slice_reader_more(&r), "stream %zu ends after %zu of %zu values", which, i, e->n);
        uint32_t v = acq_slice_reader_varint(&r);
        cr_assert_eq(v, e->v[i], "stream %zu value %zu: %u, expected %u", which, i, v, e->v[i]);
    }
    cr_assert_not(acq_slice_reader_more(&r), "stream %zu has bytes after its %zu values", which, e->n);
}

Test(slices, interleaved_streams_read_back_exactly)
{
    enum { STREAMS = 3000 };
    test_rng_seed(0x9E3779B97F4A7C15ULL);
    acq_slice_pool pool = {0};
    acq_slice_stream *s = calloc(STREAMS, sizeof *s);
    uint8_t *level = calloc(STREAMS, 1);
    expected *e = calloc(STREAMS, sizeof *e);
    cr_assert(s && level && e);
    /* As with term frequencies, a few streams run to hundreds of KB (every
     * level, many blocks), most stay within their first slices, one stays
     * empty. */
    for (size_t step = 0; step < 2000000; step++) {
        uint64_t r = test_rng();
        size_t i = r % 4 == 0 ? (size_t)(r >> 8) % 4                       /* four long streams */
                 : r % 4 == 1 ? 4 + (size_t)(r >> 8) % 200                  /* mid-sized ones */
                              : 204 + (size_t)(r >> 8) % (STREAMS - 205);   /* short ones; the last stays empty */
        uint32_t v = draw_value();
        cr_assert_eq(acq_slices_varint(&pool, &s[i], &level[i], v), 0);
        push(&e[i], v);
    }
    size_t empty = 0, longest = 0;
    for (size_t i = 0; i < STREAMS; i++) {
        check_stream(&pool, &s[i], level[i], &e[i], i);
        empty += e[i].n == 0;
        if (e[i].n > longest)
            longest = e[i].n;
    }
    cr_assert_eq(empty, 1, "the test should hold one empty stream");
    cr_assert_gt(longest, 100000, "the test should hold long streams");
    cr_assert_gt(pool.nblocks, 100, "the test should span many blocks");
    cr_assert_eq(acq_slices_memory(&pool), pool.nblocks * (size_t)ACQ_SLICE_BLOCK + pool.blocks_cap * sizeof(uint8_t *));
    for (size_t i = 0; i < STREAMS; i++)
        free(e[i].v);
    free(e);
    free(level);
    free(s);
    acq_slices_free(&pool);
}

/* Every length from 1 to 3 KB of one-byte values, and values of every
 * varint length ending exactly at, just before and just after a slice's
 * end: the move of a full slice's last 4 bytes must keep them all. */
Test(slices, every_length_and_every_boundary)
{
    for (uint32_t width = 1; width <= 5; width++) {
        uint32_t base = width == 1 ? 1 : (uint32_t)1 << (7 * (width - 1));
        for (size_t n = 1; n <= 3000; n += (n < 600 ? 1 : 37)) {
            acq_slice_pool pool = {0};
            acq_slice_stream s = {0}, other = {0};
            uint8_t level = 0, other_level = 0;
            expected e = {0}, eo = {0};
            for (size_t i = 0; i < n; i++) {
                uint32_t v = base + (uint32_t)(i % 97);
                cr_assert_eq(acq_slices_varint(&pool, &s, &level, v), 0);
                push(&e, v);
                /* A neighbour between, so that slices are not adjacent. */
                if (i % 3 == 0) {
                    cr_assert_eq(acq_slices_varint(&pool, &other, &other_level, (uint32_t)i), 0);
                    push(&eo, (uint32_t)i);
                }
            }
            check_stream(&pool, &s, level, &e, width);
            check_stream(&pool, &other, other_level, &eo, 0);
            free(e.v);
            free(eo.v);
            acq_slices_free(&pool);
        }
    }
}

Test(slices, a_failed_allocation_leaves_the_stream_as_it_was)
{
    acq_slice_pool pool = {0};
    acq_slice_stream s = {0};
    uint8_t level = 0;
    expected e = {0};
    size_t failures = 0;
    for (uint32_t i = 0; i < 200000; i++) {
        /* Each write's first allocation (a slice's block, or the list of
         * blocks) fails: the value is refused, the stream is unchanged, and
         * the same write then succeeds. */
        uint32_t v = i % 5 == 0 ? i * 2654435761u : i % 300;
        acq_alloc_fail_after(1);
        int rc = acq_slices_varint(&pool, &s, &level, v);
        acq_alloc_fail_after(0);
        if (rc != 0) {
            failures++;
            if (failures % 8 == 1)
                check_stream(&pool, &s, level, &e, 0);
            cr_assert_eq(acq_slices_varint(&pool, &s, &level, v), 0);
        }
        push(&e, v);
    }
    cr_assert_gt(failures, 0, "no allocation was failed");
    check_stream(&pool, &s, level, &e, 0);
    free(e.v);
    acq_slices_free(&pool);
}

/* The builder fetches the byte each token's position will go to a few
 * tokens ahead. One term repeated fills a stream's slices one after the
 * other, so that full 512-byte slices end exactly at each block's end, the
 * last block's too: there is no byte there to fetch (the ASan build caught
 * the read past the list of blocks when it held 8). */
Test(slices, a_stream_full_at_the_end_of_the_last_block)
{
    char *dir = test_tmpdir();
    acq_builder *b = NULL;
    acq_err err = {0};
    cr_assert_eq(acq_builder_open(&b, dir, "seg-000000", 1, 1, &err), ACQ_OK, "%s", err.msg);
    enum { N = 200000 }; /* 8 blocks and more: the list of blocks is full at 8 */
    acq_token_op *ops = malloc(N * sizeof *ops);
    cr_assert_not_null(ops);
    for (uint32_t i = 0; i < N; i++)
        ops[i] = (acq_token_op){7, i, ACQ_FIELD_BODY};
    acq_builder_begin_doc(b);
    cr_assert_eq(acq_builder_add_tokens(b, ops, N, &err), ACQ_OK, "%s", err.msg);
    const char *meta[ACQ_META_COUNT] = {"d", "", "", "", "", "", "", ""};
    size_t lens[ACQ_META_COUNT] = {1, 0, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(acq_builder_end_doc(b, N, 0, 0, 0, meta, lens, "", 0, &err), ACQ_OK, "%s", err.msg);
    acq_builder_abort(b);
    free(ops);
    test_rmrf(dir);
    free(dir);
}
