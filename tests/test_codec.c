/* test_codec.c: varint and bit-packing round trips, the exact byte format,
 * corrupt and truncated input, and a seeded fuzz loop. Buffers handed to the
 * decoders are heap copies of exactly the bytes under test, so the ASan build
 * (build-asan) turns any read past in[avail-1] into a failure. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "codec/bitpack.h"
#include "codec/varint.h"
#include "common/buf.h"
#include "support.h"

/* A heap copy of exactly n bytes (at least one allocation even for n = 0). */
static uint8_t *exact_copy(const uint8_t *p, size_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    cr_assert_not_null(c);
    if (n)
        memcpy(c, p, n);
    return c;
}

/* ---- varint ---- */

static void varint_round_trip(uint64_t v, size_t want_len)
{
    uint8_t b[ACQ_VARINT_MAX + 4];
    memset(b, 0xEE, sizeof b);
    size_t n = acq_varint_encode(v, b);
    cr_assert_eq(n, want_len, "encode(%llu) wrote %zu bytes, want %zu",
                 (unsigned long long)v, n, want_len);
    cr_assert_eq(b[n], 0xEE, "encode wrote past its return value");
    cr_assert_eq(acq_varint_size(v), n);
    uint8_t *c = exact_copy(b, n);
    uint64_t got = 0;
    cr_assert_eq(acq_varint_decode(c, n, &got), n);
    cr_assert_eq(got, v, "decoded %llu, want %llu", (unsigned long long)got,
                 (unsigned long long)v);
    /* Every proper prefix is truncated. */
    for (size_t k = 0; k < n; k++)
        cr_assert_eq(acq_varint_decode(c, k, &got), 0, "prefix %zu of %zu accepted", k, n);
    free(c);
}

Test(varint, round_trips_boundaries)
{
    varint_round_trip(0, 1);
    varint_round_trip(1, 1);
    varint_round_trip(127, 1);
    varint_round_trip(128, 2);
    varint_round_trip(300, 2);
    varint_round_trip(16383, 2);
    varint_round_trip(16384, 3);
    varint_round_trip(UINT32_MAX, 5);
    varint_round_trip((uint64_t)UINT32_MAX + 1, 5);
    varint_round_trip(UINT64_MAX >> 1, 9);
    varint_round_trip((uint64_t)1 << 63, 10);
    varint_round_trip(UINT64_MAX, 10);
}

Test(varint, known_bytes_match_buf_put_varint)
{
    uint8_t b[ACQ_VARINT_MAX];
    cr_assert_eq(acq_varint_encode(300, b), 2);
    cr_assert_eq(b[0], 0xAC);
    cr_assert_eq(b[1], 0x02);
    test_rng_seed(7);
    for (int i = 0; i < 200; i++) {
        uint64_t v = test_rng() >> (test_rng() % 64);
        acq_buf buf = {0};
        acq_buf_put_varint(&buf, v);
        size_t n = acq_varint_encode(v, b);
        cr_assert_eq(buf.len, n);
        cr_assert_eq(memcmp(buf.data, b, n), 0);
        acq_buf_free(&buf);
    }
}

Test(varint, random_round_trips_in_sequence)
{
    enum { N = 500 };
    uint64_t vals[N];
    uint8_t stream[N * ACQ_VARINT_MAX];
    size_t len = 0;
    test_rng_seed(42);
    for (int i = 0; i < N; i++) {
        vals[i] = test_rng() >> (test_rng() % 64);
        len += acq_varint_encode(vals[i], stream + len);
    }
    uint8_t *c = exact_copy(stream, len);
    size_t pos = 0;
    for (int i = 0; i < N; i++) {
        uint64_t v;
        size_t k = acq_varint_decode(c + pos, len - pos, &v);
        cr_assert_neq(k, 0, "value %d failed to decode", i);
        cr_assert_eq(v, vals[i]);
        pos += k;
    }
    cr_assert_eq(pos, len);
    free(c);
}

Test(varint, rejects_overlong_and_overflowing)
{
    uint64_t v = 12345;
    /* 11 bytes: ten continuation bytes then a terminator. */
    uint8_t eleven[11];
    memset(eleven, 0x80, 10);
    eleven[10] = 0x00;
    cr_assert_eq(acq_varint_decode(eleven, sizeof eleven, &v), 0);
    cr_assert_eq(v, 12345, "*v was written on failure");
    /* Ten bytes whose last sets bit 64. */
    uint8_t over[10];
    memset(over, 0xFF, 9);
    over[9] = 0x02;
    cr_assert_eq(acq_varint_decode(over, sizeof over, &v), 0);
    over[9] = 0x7F;
    cr_assert_eq(acq_varint_decode(over, sizeof over, &v), 0);
    over[9] = 0x01; /* UINT64_MAX: the largest that fits */
    cr_assert_eq(acq_varint_decode(over, sizeof over, &v), 10);
    cr_assert_eq(v, UINT64_MAX);
    /* Non-minimal but within 10 bytes is standard LEB128 and accepted. */
    uint8_t pad[2] = {0x81, 0x00};
    cr_assert_eq(acq_varint_decode(pad, 2, &v), 2);
    cr_assert_eq(v, 1);
    cr_assert_eq(acq_varint_decode(pad, 0, &v), 0);
}

/* ---- bit packing ---- */

static const size_t sizes[] = {1, 2, 7, 31, 64, 127, 128};

static uint32_t limit(unsigned w) { return w == 32 ? UINT32_MAX : (uint32_t)((1ULL << w) - 1); }

/* Packs in[0..n), checks the size and the bytes written, then unpacks from an
 * exact-size heap copy and compares. */
static void pack_round_trip(const uint32_t *in, size_t n, unsigned want_w)
{
    uint8_t out[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE) + 8];
    memset(out, 0xA5, sizeof out);
    size_t len = acq_pack_block(in, n, out);
    cr_assert_eq(out[0], want_w, "n=%zu: header width %u, want %u", n, out[0], want_w);
    cr_assert_eq(len, 1 + (n * want_w + 7) / 8, "n=%zu w=%u: wrote %zu", n, want_w, len);
    cr_assert_leq(len, ACQ_PACK_BOUND(n));
    cr_assert_eq(out[len], 0xA5, "n=%zu w=%u: wrote past its return value", n, want_w);
    cr_assert_eq(acq_packed_size(out, len, n), len);
    cr_assert_eq(acq_packed_size(out, sizeof out, n), len);

    uint8_t *c = exact_copy(out, len);
    uint32_t got[ACQ_BLOCK_SIZE + 1];
    got[n] = 0xDEADBEEF;
    cr_assert_eq(acq_unpack_block(c, len, got, n), len, "n=%zu w=%u", n, want_w);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(got[i], in[i], "n=%zu w=%u: value %zu is %u, want %u", n, want_w, i,
                     got[i], in[i]);
    cr_assert_eq(got[n], 0xDEADBEEF, "unpack wrote past out[n-1]");
    /* One byte short is refused before any data is read. */
    cr_assert_eq(acq_unpack_block(c, len - 1, got, n), 0);
    cr_assert_eq(acq_packed_size(c, len - 1, n), 0);
    free(c);
}

Test(bitpack, round_trips_every_width_and_size)
{
    test_rng_seed(2024);
    uint32_t in[ACQ_BLOCK_SIZE];
    for (unsigned w = 0; w <= 32; w++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            size_t n = sizes[s];
            for (size_t i = 0; i < n; i++)
                in[i] = (uint32_t)test_rng() & limit(w);
            /* Make sure the top bit of the width is used so w is exact. */
            if (w > 0)
                in[test_rng() % n] |= (uint32_t)1 << (w - 1);
            pack_round_trip(in, n, w);
            /* All values at the maximum for the width: every bit set. */
            for (size_t i = 0; i < n; i++)
                in[i] = limit(w);
            pack_round_trip(in, n, w);
        }
    }
}

Test(bitpack, max_value_and_all_zero_blocks)
{
    uint32_t in[ACQ_BLOCK_SIZE];
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        memset(in, 0, sizeof in);
        pack_round_trip(in, n, 0);
        in[n - 1] = 0xFFFFFFFF;
        pack_round_trip(in, n, 32);
    }
}

Test(bitpack, bitwidth)
{
    uint32_t v[4] = {0, 0, 0, 0};
    cr_assert_eq(acq_bitwidth(v, 4), 0);
    cr_assert_eq(acq_bitwidth(v, 0), 0);
    v[2] = 1;
    cr_assert_eq(acq_bitwidth(v, 4), 1);
    v[1] = 255;
    cr_assert_eq(acq_bitwidth(v, 4), 8);
    v[3] = 256;
    cr_assert_eq(acq_bitwidth(v, 4), 9);
    cr_assert_eq(acq_bitwidth(v, 3), 8);
    v[0] = 0x80000000u;
    cr_assert_eq(acq_bitwidth(v, 4), 32);
}

Test(bitpack, lsb_first_byte_format)
{
    /* 1, 2, 3 in 2 bits: 01 | 10 << 2 | 11 << 4 = 0b00111001. */
    uint32_t in[3] = {1, 2, 3};
    uint8_t out[ACQ_PACK_BOUND(3)];
    cr_assert_eq(acq_pack_block(in, 3, out), 2);
    cr_assert_eq(out[0], 2);
    cr_assert_eq(out[1], 0x39);
    /* 0x1FF and 1 in 9 bits: bytes FF, 03 (bit 8 of v0, bit 0 of v1 at bit 9), 00. */
    uint32_t in9[2] = {0x1FF, 1};
    uint8_t out9[ACQ_PACK_BOUND(2)];
    cr_assert_eq(acq_pack_block(in9, 2, out9), 4);
    cr_assert_eq(out9[1], 0xFF);
    cr_assert_eq(out9[2], 0x03);
    cr_assert_eq(out9[3], 0x00);
    /* Full block of width 32: plain little-endian words. */
    uint32_t big[ACQ_BLOCK_SIZE];
    for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
        big[i] = 0x01020304u * (uint32_t)(i + 1) | 0x80000000u;
    uint8_t outb[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
    cr_assert_eq(acq_pack_block(big, ACQ_BLOCK_SIZE, outb), 1 + 512);
    for (int i = 0; i < ACQ_BLOCK_SIZE; i++) {
        const uint8_t *p = outb + 1 + 4 * i;
        uint32_t le = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        cr_assert_eq(le, big[i]);
    }
}

Test(bitpack, full_and_partial_paths_agree)
{
    /* The first n values of a 128-block decode the same through the generic
     * path (the bit stream of a prefix is a prefix of the bit stream). */
    test_rng_seed(99);
    uint32_t in[ACQ_BLOCK_SIZE], full[ACQ_BLOCK_SIZE], part[ACQ_BLOCK_SIZE];
    uint8_t out[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
    for (unsigned w = 1; w <= 32; w++) {
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
            in[i] = (uint32_t)test_rng() & limit(w);
        in[5] = limit(w);
        size_t len = acq_pack_block(in, ACQ_BLOCK_SIZE, out);
        cr_assert_eq(acq_unpack_block(out, len, full, ACQ_BLOCK_SIZE), len);
        cr_assert_gt(acq_unpack_block(out, len, part, 127), 0);
        cr_assert_eq(memcmp(full, part, 127 * sizeof *part), 0, "w=%u", w);
        cr_assert_eq(memcmp(full, in, sizeof in), 0, "w=%u", w);
    }
}

Test(bitpack, corrupt_headers_and_short_input)
{
    uint8_t blk[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
    memset(blk, 0, sizeof blk);
    uint32_t out[ACQ_BLOCK_SIZE];
    for (unsigned h = 33; h <= 255; h++) {
        blk[0] = (uint8_t)h;
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            cr_assert_eq(acq_unpack_block(blk, sizeof blk, out, sizes[s]), 0, "width %u", h);
            cr_assert_eq(acq_packed_size(blk, sizeof blk, sizes[s]), 0, "width %u", h);
        }
    }
    /* Empty input, and a count of 0 or above 128 (which would overrun out). */
    blk[0] = 3;
    cr_assert_eq(acq_unpack_block(blk, 0, out, 1), 0);
    cr_assert_eq(acq_packed_size(blk, 0, 1), 0);
    cr_assert_eq(acq_unpack_block(blk, sizeof blk, out, 0), 0);
    cr_assert_eq(acq_unpack_block(blk, sizeof blk, out, 129), 0);
    cr_assert_eq(acq_packed_size(blk, sizeof blk, 129), 0);
    /* Width 32, 128 values: needs 513 bytes; every shorter avail fails. */
    blk[0] = 32;
    for (size_t a = 0; a < 513; a++)
        cr_assert_eq(acq_unpack_block(blk, a, out, ACQ_BLOCK_SIZE), 0, "avail %zu", a);
    cr_assert_eq(acq_unpack_block(blk, 513, out, ACQ_BLOCK_SIZE), 513);
    /* Width 0 needs only the header. */
    blk[0] = 0;
    cr_assert_eq(acq_unpack_block(blk, 1, out, ACQ_BLOCK_SIZE), 1);
}

Test(bitpack, delta_round_trips)
{
    test_rng_seed(5);
    uint32_t v[ACQ_BLOCK_SIZE], orig[ACQ_BLOCK_SIZE];
    /* Sorted doc ids after a base: gaps are the differences. */
    uint32_t base = 1000, doc = base;
    for (int i = 0; i < ACQ_BLOCK_SIZE; i++) {
        doc += 1 + (uint32_t)(test_rng() % 50);
        v[i] = orig[i] = doc;
    }
    acq_delta_encode(v, ACQ_BLOCK_SIZE, base);
    cr_assert_eq(v[0], orig[0] - base);
    for (int i = 1; i < ACQ_BLOCK_SIZE; i++)
        cr_assert_eq(v[i], orig[i] - orig[i - 1]);
    cr_assert_leq(acq_bitwidth(v, ACQ_BLOCK_SIZE), 6);
    acq_delta_decode(v, ACQ_BLOCK_SIZE, base);
    cr_assert_eq(memcmp(v, orig, sizeof v), 0);

    /* Unsorted and wrapping values still round-trip (mod 2^32). */
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        for (size_t i = 0; i < n; i++)
            v[i] = orig[i] = (uint32_t)test_rng();
        base = (uint32_t)test_rng();
        acq_delta_encode(v, n, base);
        acq_delta_decode(v, n, base);
        cr_assert_eq(memcmp(v, orig, n * sizeof *v), 0, "n=%zu", n);
    }
    acq_delta_encode(v, 0, 1); /* n = 0 is a no-op, not a crash */
    acq_delta_decode(v, 0, 1);
}

Test(bitpack, delta_then_pack_block_sequence)
{
    /* What the index writer does: delta, pack, append; the reader skips with
     * acq_packed_size and decodes with unpack + prefix sum. */
    enum { NDOCS = 1000 };
    static uint32_t docs[NDOCS];
    uint32_t d = 0;
    test_rng_seed(11);
    for (int i = 0; i < NDOCS; i++)
        docs[i] = d += 1 + (uint32_t)(test_rng() % 300);
    acq_buf buf = {0};
    uint32_t base = 0;
    for (size_t at = 0; at < NDOCS; at += ACQ_BLOCK_SIZE) {
        size_t n = NDOCS - at < ACQ_BLOCK_SIZE ? NDOCS - at : ACQ_BLOCK_SIZE;
        uint32_t tmp[ACQ_BLOCK_SIZE];
        uint8_t out[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
        memcpy(tmp, docs + at, n * sizeof *tmp);
        acq_delta_encode(tmp, n, base);
        base = docs[at + n - 1];
        acq_buf_put(&buf, out, acq_pack_block(tmp, n, out));
    }
    cr_assert(!buf.failed);
    uint8_t *c = exact_copy(buf.data, buf.len);
    size_t pos = 0;
    base = 0;
    for (size_t at = 0; at < NDOCS; at += ACQ_BLOCK_SIZE) {
        size_t n = NDOCS - at < ACQ_BLOCK_SIZE ? NDOCS - at : ACQ_BLOCK_SIZE;
        uint32_t got[ACQ_BLOCK_SIZE];
        size_t k = acq_unpack_block(c + pos, buf.len - pos, got, n);
        cr_assert_eq(k, acq_packed_size(c + pos, buf.len - pos, n));
        cr_assert_neq(k, 0);
        acq_delta_decode(got, n, base);
        cr_assert_eq(memcmp(got, docs + at, n * sizeof *got), 0, "block at %zu", at);
        base = got[n - 1];
        pos += k;
    }
    cr_assert_eq(pos, buf.len);
    free(c);
    acq_buf_free(&buf);
}

/* ---- fuzz ---- */

Test(fuzz, random_bytes_never_crash_or_overread)
{
    test_rng_seed(0xC0DEC);
    uint8_t src[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE) + 16];
    uint32_t out[ACQ_BLOCK_SIZE + 1];
    size_t accepted = 0;
    for (int iter = 0; iter < 4000; iter++) {
        size_t len = (size_t)(test_rng() % sizeof src);
        for (size_t i = 0; i < len; i++)
            src[i] = (uint8_t)test_rng();
        /* Half the time a plausible header, so the data paths run too. */
        if (len > 0 && (iter & 1))
            src[0] = (uint8_t)(test_rng() % 33);
        size_t n = iter % 4 == 0 ? ACQ_BLOCK_SIZE : 1 + (size_t)(test_rng() % ACQ_BLOCK_SIZE);
        uint8_t *c = exact_copy(src, len);
        out[n] = 0xDEADBEEF;
        size_t k = acq_unpack_block(c, len, out, n);
        cr_assert_leq(k, len);
        cr_assert_eq(k, acq_packed_size(c, len, n));
        cr_assert_eq(out[n], 0xDEADBEEF);
        if (k) {
            accepted++;
            /* Accepted data must re-pack to something that decodes the same. */
            uint8_t re[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
            uint32_t again[ACQ_BLOCK_SIZE];
            size_t rl = acq_pack_block(out, n, re);
            cr_assert_leq(rl, k);
            cr_assert_eq(acq_unpack_block(re, rl, again, n), rl);
            cr_assert_eq(memcmp(again, out, n * sizeof *out), 0);
        }
        uint64_t v;
        for (size_t off = 0; off < len && off < 64;) {
            size_t vk = acq_varint_decode(c + off, len - off, &v);
            cr_assert_leq(vk, len - off);
            cr_assert_leq(vk, ACQ_VARINT_MAX);
            off += vk ? vk : 1;
        }
        free(c);
    }
    cr_assert_gt(accepted, 500, "fuzz barely reached the data paths (%zu)", accepted);
}

/* ---- SIMD decoders ---- */

/* Every implementation this CPU runs decodes every width as the portable
 * routine does, from exact-size heap copies (the padded path: loads must not
 * pass the block) and from blocks with room after them (the direct path),
 * at every alignment of the data. */
Test(simd, every_implementation_agrees_with_portable_on_every_width)
{
    test_rng_seed(314);
    int was = acq_unpack_impl();
    uint32_t in[ACQ_BLOCK_SIZE], want[ACQ_BLOCK_SIZE], got[ACQ_BLOCK_SIZE + 1];
    uint8_t packed[ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
    int impls = 0;
    for (int impl = ACQ_UNPACK_PORTABLE; impl <= ACQ_UNPACK_AVX2; impl++) {
        if (acq_unpack_select(impl) != 0) {
            cr_log_info("%s: not on this CPU", acq_unpack_impl_name(impl));
            continue;
        }
        impls++;
        for (unsigned w = 0; w <= 32; w++) {
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < ACQ_BLOCK_SIZE; i++) {
                    uint32_t v = (uint32_t)test_rng() & limit(w);
                    /* Some blocks at the extremes: all bits set, or sparse. */
                    in[i] = round == 0 ? limit(w) : round == 1 ? (i % 7 == 0 ? limit(w) : 0) : v;
                }
                if (w > 0)
                    in[test_rng() % ACQ_BLOCK_SIZE] |= (uint32_t)1 << (w - 1);
                size_t len = acq_pack_block(in, ACQ_BLOCK_SIZE, packed);
                acq_unpack_select(ACQ_UNPACK_PORTABLE);
                cr_assert_eq(acq_unpack_block(packed, len, want, ACQ_BLOCK_SIZE), len);
                cr_assert_eq(memcmp(want, in, sizeof in), 0, "portable w=%u", w);
                acq_unpack_select(impl);
                /* Exact size: the padded path. */
                uint8_t *c = exact_copy(packed, len);
                got[ACQ_BLOCK_SIZE] = 0xDEADBEEF;
                cr_assert_eq(acq_unpack_block(c, len, got, ACQ_BLOCK_SIZE), len);
                cr_assert_eq(memcmp(got, want, sizeof want), 0, "%s w=%u round %d (exact size)",
                             acq_unpack_impl_name(impl), w, round);
                cr_assert_eq(got[ACQ_BLOCK_SIZE], 0xDEADBEEF);
                free(c);
                /* Room after the block, data at every alignment mod 32. */
                unsigned shift = (unsigned)(test_rng() % 32);
                uint8_t *room = malloc(len + 64 + shift);
                cr_assert_not_null(room);
                memset(room, 0xFF, len + 64 + shift);
                memcpy(room + shift, packed, len);
                cr_assert_eq(acq_unpack_block(room + shift, len + 64, got, ACQ_BLOCK_SIZE), len);
                cr_assert_eq(memcmp(got, want, sizeof want), 0, "%s w=%u round %d (room after)",
                             acq_unpack_impl_name(impl), w, round);
                free(room);
            }
        }
    }
    cr_assert_geq(impls, 1);
    acq_unpack_select(was);
}

/* acq_postings_finish128: every implementation gives the portable one's
 * document numbers, tfs and checks, on blocks with and without zero gaps,
 * huge gaps (sums past 2^32), tfs at and past the limit. */
Test(simd, finishing_a_postings_block_agrees_across_implementations)
{
    test_rng_seed(2718);
    int was = acq_unpack_impl();
    for (int round = 0; round < 3000; round++) {
        uint32_t gaps[ACQ_BLOCK_SIZE], tf1[ACQ_BLOCK_SIZE];
        unsigned kind = (unsigned)(test_rng() % 6);
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++) {
            gaps[i] = kind == 0 ? (uint32_t)test_rng() : kind == 1 ? (uint32_t)(test_rng() % 3) : 1 + (uint32_t)(test_rng() % 1000);
            tf1[i] = kind == 2 ? (uint32_t)test_rng() : (uint32_t)(test_rng() % 8);
        }
        if (kind == 3)
            gaps[test_rng() % ACQ_BLOCK_SIZE] = 0;
        if (kind == 4)
            gaps[0] = 0;
        if (kind == 5)
            tf1[test_rng() % ACQ_BLOCK_SIZE] = UINT32_MAX;
        uint32_t base = round % 4 == 0 ? 0 : (uint32_t)test_rng();
        uint32_t max_tf = round % 3 == 0 ? UINT32_MAX : 1 + (uint32_t)(test_rng() % 8);
        uint32_t want_d[ACQ_BLOCK_SIZE], want_t[ACQ_BLOCK_SIZE];
        acq_block_check want;
        memcpy(want_d, gaps, sizeof gaps);
        memcpy(want_t, tf1, sizeof tf1);
        cr_assert_eq(acq_unpack_select(ACQ_UNPACK_PORTABLE), 0);
        acq_postings_finish128(want_d, want_t, base, max_tf, &want);
        /* The portable one against a plain reading of the contract. */
        uint64_t gs = 0, ts = 0;
        int zero = 0, over = 0;
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++) {
            gs += gaps[i];
            ts += tf1[i];
            zero |= i > 0 && gaps[i] == 0;
            over |= tf1[i] >= max_tf;
            cr_assert_eq(want_d[i], (uint32_t)(base + gs));
            cr_assert_eq(want_t[i], tf1[i] + 1);
        }
        cr_assert(want.gap_sum == gs && want.tf1_sum == ts && want.zero_gap == zero &&
                  want.first_zero == (gaps[0] == 0) && want.tf_over == over);
        for (int impl = ACQ_UNPACK_SSE41; impl <= ACQ_UNPACK_AVX2; impl++) {
            if (acq_unpack_select(impl) != 0)
                continue;
            uint32_t d[ACQ_BLOCK_SIZE], t[ACQ_BLOCK_SIZE];
            acq_block_check got;
            memcpy(d, gaps, sizeof gaps);
            memcpy(t, tf1, sizeof tf1);
            acq_postings_finish128(d, t, base, max_tf, &got);
            cr_assert_eq(memcmp(d, want_d, sizeof d), 0, "%s round %d: documents", acq_unpack_impl_name(impl), round);
            cr_assert_eq(memcmp(t, want_t, sizeof t), 0, "%s round %d: tfs", acq_unpack_impl_name(impl), round);
            cr_assert(got.gap_sum == want.gap_sum && got.tf1_sum == want.tf1_sum && got.zero_gap == want.zero_gap &&
                          got.first_zero == want.first_zero && got.tf_over == want.tf_over,
                      "%s round %d: checks", acq_unpack_impl_name(impl), round);
        }
    }
    acq_unpack_select(was);
}
