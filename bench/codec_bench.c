/* codec_bench.c: decoding speed of 128-value bit-packed blocks, in million
 * integers per second, per bit width and per implementation (portable C,
 * SSE4.1, AVX2: whichever this CPU runs), beside a memcpy of the same
 * packed bytes into the same output buffer; then the delta prefix sum and
 * varints. Blocks are packed back to back and decoded in sequence, as the
 * search loop does; the working set (256 blocks, at most 131 KB) stays in L2,
 * so this measures the decoder, not memory. Each figure is the best of RUNS
 * runs (the machine is shared: the best run is the one nothing interrupted).
 *
 * With an index directory, it also reports the widths that index's postings
 * blocks use (doc gaps and tf - 1 of every full block, at the width PFor
 * chooses), the per-implementation rate weighted by that mix, and the rate
 * of decoding every block of the lists of more than one block as the search
 * cursor does (PFor with exceptions, the block checks, prefix sums, tf + 1),
 * in postings (two integers each) per second: the dictionary walk and the
 * opening of every list are in the time too, so it is a floor.
 *
 * Run: build/bench/codec_bench [INDEX_DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acquis.h"
#include "codec/bitpack.h"
#include "codec/pfor.h"
#include "codec/varint.h"
#include "index/reader.h"
#include "search/postings.h"

enum { NBLOCKS = 64, REPEAT = 32, RUNS = 60 };

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint32_t sink; /* keeps the decoded values alive */

/* The packed blocks of every width (64 blocks each: at most 33 KB, in L2). */
static uint8_t packed[33][NBLOCKS * ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
static size_t packed_len[33];
static uint32_t out[ACQ_BLOCK_SIZE];

/* Seconds for REPEAT passes over the packed blocks of width w. mode 0:
 * unpack; 1: unpack + delta; 2: memcpy of each block's packed bytes into
 * out (the same bytes, the same destination). */
static double time_blocks(unsigned w, int mode)
{
    const uint8_t *pk = packed[w];
    size_t len = packed_len[w];
    uint32_t acc = 0;
    double t0 = now();
    for (int rep = 0; rep < REPEAT; rep++) {
        size_t pos = 0;
        while (pos < len) {
            size_t k;
            if (mode == 2) {
                k = acq_packed_size(pk + pos, len - pos, ACQ_BLOCK_SIZE);
                memcpy(out, pk + pos + 1, k - 1);
                __asm__ volatile("" : : "r"(out) : "memory"); /* the copy happens */
            } else {
                k = acq_unpack_block(pk + pos, len - pos, out, ACQ_BLOCK_SIZE);
                if (k == 0) {
                    fprintf(stderr, "codec_bench: decode failed at %zu\n", pos);
                    exit(1);
                }
                if (mode == 1)
                    acq_delta_decode(out, ACQ_BLOCK_SIZE, acc);
            }
            acc += out[ACQ_BLOCK_SIZE - 1];
            pos += k;
        }
    }
    double t = now() - t0;
    sink = acc;
    return t;
}

static double rate(double secs) { return (double)NBLOCKS * ACQ_BLOCK_SIZE * REPEAT / secs / 1e6; }

static void pack_width(unsigned w)
{
    uint32_t in[ACQ_BLOCK_SIZE];
    uint32_t mask = w == 32 ? UINT32_MAX : (uint32_t)((1ULL << w) - 1);
    size_t len = 0;
    for (int b = 0; b < NBLOCKS; b++) {
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
            in[i] = (uint32_t)rng() & mask;
        in[0] = mask; /* pin the width */
        len += acq_pack_block(in, ACQ_BLOCK_SIZE, packed[w] + len);
    }
    packed_len[w] = len;
}

/* Widths of an index's full postings blocks (doc gaps and tf - 1). */
static uint64_t width_count[33];

static int index_widths(const char *dir, double *postings_per_s, int impl)
{
    acq_index *ix;
    char msg[256];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "codec_bench: %s\n", msg);
        return -1;
    }
    int count = postings_per_s == NULL;
    uint64_t postings = 0;
    double t0 = now();
    for (size_t si = 0; si < ix->nsegs; si++) {
        acq_segment *s = &ix->segs[si];
        acq_dict_iter it;
        acq_err err = {0};
        if (acq_dict_iter_seek(&it, s, (const uint8_t *)"", 0, &err) != ACQ_OK)
            break;
        static acq_postings p;
        while (acq_dict_iter_next(&it, &err) == 1) {
            if (acq_postings_open(&p, s, &it.meta, &err) != ACQ_OK)
                break;
            if (!count) {
                /* Decoding alone: every block of the lists of more than one
                 * block (the lists a search spends its time in), as a search
                 * that needs it decodes it (PFor with its exceptions, checks,
                 * prefix sums, tf + 1), its postings not walked one by one. */
                for (uint32_t b = 0; p.skip && b < p.nblocks; b++)
                    if (acq_postings_seek_block(&p, b) != ACQ_NO_DOC)
                        postings += p.n;
                continue;
            }
            uint32_t docs[ACQ_BLOCK_SIZE], tfs[ACQ_BLOCK_SIZE], n = 0, prev = 0;
            for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p)) {
                postings++;
                docs[n] = d - prev;
                tfs[n] = acq_postings_tf(&p) - 1;
                prev = d;
                if (++n == ACQ_BLOCK_SIZE) {
                    uint8_t buf[ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE)];
                    acq_pfor_encode(docs, n, buf);
                    width_count[buf[0]]++;
                    acq_pfor_encode(tfs, n, buf);
                    width_count[buf[0]]++;
                    n = 0;
                }
            }
        }
    }
    double t = now() - t0;
    if (postings_per_s)
        *postings_per_s = (double)postings / t;
    (void)impl;
    acq_index_close(ix);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NULL;
    int impls[3], nimpl = 0;
    int was = acq_unpack_impl();
    for (int i = ACQ_UNPACK_PORTABLE; i <= ACQ_UNPACK_AVX2; i++)
        if (acq_unpack_select(i) == 0)
            impls[nimpl++] = i;
    acq_unpack_select(was);
    printf("128-value blocks, best of %d runs, million integers per second (default: %s)\n", RUNS,
           acq_unpack_impl_name(was));
    printf("%5s", "width");
    for (int i = 0; i < nimpl; i++)
        printf(" %10s", acq_unpack_impl_name(impls[i]));
    printf(" %10s", "memcpy");
    printf(" %14s\n", "best+delta");
    /* Every (width, implementation) timed once per round, RUNS rounds, the
     * best kept: all figures sample the same stretch of a shared machine's
     * time, rather than one width meeting a busy moment and another not. */
    double speed[3][33], best[5][33];
    for (unsigned w = 0; w <= 32; w++) {
        pack_width(w);
        for (int i = 0; i < 5; i++)
            best[i][w] = 1e30;
    }
    for (int r = 0; r < RUNS; r++)
        for (unsigned w = 0; w <= 32; w++) {
            for (int i = 0; i < nimpl; i++) {
                acq_unpack_select(impls[i]);
                double t = time_blocks(w, 0);
                best[i][w] = t < best[i][w] ? t : best[i][w];
            }
            acq_unpack_select(was);
            double t = time_blocks(w, 1);
            best[3][w] = t < best[3][w] ? t : best[3][w];
            t = time_blocks(w, 2);
            best[4][w] = t < best[4][w] ? t : best[4][w];
        }
    for (unsigned w = 0; w <= 32; w++) {
        printf("%5u", w);
        for (int i = 0; i < nimpl; i++) {
            speed[i][w] = rate(best[i][w]);
            printf(" %10.0f", speed[i][w]);
        }
        printf(" %10.0f", w ? rate(best[4][w]) : 0.0);
        printf(" %14.0f\n", rate(best[3][w]));
    }

    /* Delta prefix sum alone. */
    static uint32_t gaps[NBLOCKS][ACQ_BLOCK_SIZE];
    double best_t;
    for (int b = 0; b < NBLOCKS; b++)
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
            gaps[b][i] = (uint32_t)(rng() % 64);
    best_t = 1e30;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        for (int rep = 0; rep < REPEAT; rep++)
            for (int b = 0; b < NBLOCKS; b++)
                acq_delta_decode(gaps[b], ACQ_BLOCK_SIZE, (uint32_t)rep);
        double t = now() - t0;
        sink = gaps[NBLOCKS - 1][ACQ_BLOCK_SIZE - 1];
        if (t < best_t)
            best_t = t;
    }
    printf("acq_delta_decode: %.0f Mints/s\n", rate(best_t));

    /* Varints of typical gap sizes (1-3 bytes). */
    enum { NV = 100000 };
    static uint8_t vbuf[NV * ACQ_VARINT_MAX];
    size_t vlen = 0;
    for (int i = 0; i < NV; i++)
        vlen += acq_varint_encode(rng() % (1u << (1 + rng() % 20)), vbuf + vlen);
    best_t = 1e30;
    for (int r = 0; r < RUNS; r++) {
        uint64_t acc = 0, v;
        double t0 = now();
        for (size_t pos = 0; pos < vlen;) {
            pos += acq_varint_decode(vbuf + pos, vlen - pos, &v);
            acc += v;
        }
        double t = now() - t0;
        sink = (uint32_t)acc;
        if (t < best_t)
            best_t = t;
    }
    printf("acq_varint_decode (1-3 byte values): %.0f Mints/s\n", NV / best_t / 1e6);

    if (dir == NULL)
        return 0;
    if (index_widths(dir, NULL, was) != 0)
        return 1;
    uint64_t total = 0;
    for (unsigned w = 0; w <= 32; w++)
        total += width_count[w];
    printf("\n%s: widths of %llu full postings blocks (doc gaps and tf - 1)\n", dir, (unsigned long long)total);
    for (unsigned w = 0; w <= 32; w++)
        if (width_count[w])
            printf("  width %2u: %5.1f%%\n", w, 100.0 * (double)width_count[w] / (double)(total ? total : 1));
    for (int i = 0; i < nimpl; i++) {
        /* Harmonic mean: the time to decode the index's mix of widths. */
        double secs = 0;
        for (unsigned w = 0; w <= 32; w++)
            secs += (double)width_count[w] / speed[i][w];
        printf("%-9s at this mix of widths: %.0f Mints/s\n", acq_unpack_impl_name(impls[i]),
               secs > 0 ? (double)total / secs : 0.0);
    }
    for (int i = 0; i < nimpl; i++) {
        acq_unpack_select(impls[i]);
        double b = 0;
        for (int r = 0; r < 5; r++) {
            double pps;
            if (index_widths(dir, &pps, impls[i]) != 0)
                return 1;
            b = pps > b ? pps : b;
        }
        printf("%-9s every block of the lists of more than one block (PFor, checks, prefix sums, tf + 1): %.0f M postings/s "
               "(%.0f M integers/s), best of 5\n", acq_unpack_impl_name(impls[i]), b / 1e6, 2 * b / 1e6);
    }
    acq_unpack_select(was);
    return 0;
}
