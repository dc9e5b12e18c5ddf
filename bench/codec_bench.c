/* codec_bench.c: decode speed of 128-value bit-packed blocks per bit width,
 * in million integers per second, best of several runs; plus the delta
 * prefix sum and varint decoding. Blocks are packed back to back and decoded
 * in sequence, as the search loop does; the working set (256 blocks, at most
 * 131 KB) stays in L2, so this measures the decoder, not memory.
 * Run: build/bench/codec_bench */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec/bitpack.h"
#include "codec/varint.h"

enum { NBLOCKS = 256, REPEAT = 40, RUNS = 7 };

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

static uint8_t packed[NBLOCKS * ACQ_PACK_BOUND(ACQ_BLOCK_SIZE)];
static uint32_t out[ACQ_BLOCK_SIZE];

/* Best-of-RUNS rate in million integers per second for REPEAT passes over the
 * packed blocks; `delta` adds the prefix sum after each unpack. */
static double time_unpack(size_t len, int delta)
{
    double best = 1e30;
    for (int r = 0; r < RUNS; r++) {
        uint32_t acc = 0;
        double t0 = now();
        for (int rep = 0; rep < REPEAT; rep++) {
            size_t pos = 0;
            while (pos < len) {
                size_t k = acq_unpack_block(packed + pos, len - pos, out, ACQ_BLOCK_SIZE);
                if (k == 0) {
                    fprintf(stderr, "codec_bench: decode failed at %zu\n", pos);
                    exit(1);
                }
                if (delta)
                    acq_delta_decode(out, ACQ_BLOCK_SIZE, acc);
                acc += out[ACQ_BLOCK_SIZE - 1];
                pos += k;
            }
        }
        double t = now() - t0;
        sink = acc;
        if (t < best)
            best = t;
    }
    return (double)NBLOCKS * ACQ_BLOCK_SIZE * REPEAT / best / 1e6;
}

int main(void)
{
    uint32_t in[ACQ_BLOCK_SIZE];
    printf("acq_unpack_block, 128-value blocks, best of %d runs (Mints/s)\n", RUNS);
    printf("%5s %12s %18s\n", "width", "unpack", "unpack+delta");
    for (unsigned w = 0; w <= 32; w++) {
        uint32_t mask = w == 32 ? UINT32_MAX : (uint32_t)((1ULL << w) - 1);
        size_t len = 0;
        for (int b = 0; b < NBLOCKS; b++) {
            for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
                in[i] = (uint32_t)rng() & mask;
            in[0] = mask; /* pin the width */
            len += acq_pack_block(in, ACQ_BLOCK_SIZE, packed + len);
        }
        double u = time_unpack(len, 0);
        double ud = time_unpack(len, 1);
        printf("%5u %12.0f %18.0f\n", w, u, ud);
    }

    /* Delta prefix sum alone. */
    static uint32_t gaps[NBLOCKS][ACQ_BLOCK_SIZE];
    for (int b = 0; b < NBLOCKS; b++)
        for (int i = 0; i < ACQ_BLOCK_SIZE; i++)
            gaps[b][i] = (uint32_t)(rng() % 64);
    double best = 1e30;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        for (int rep = 0; rep < REPEAT; rep++)
            for (int b = 0; b < NBLOCKS; b++)
                acq_delta_decode(gaps[b], ACQ_BLOCK_SIZE, (uint32_t)rep);
        double t = now() - t0;
        sink = gaps[NBLOCKS - 1][ACQ_BLOCK_SIZE - 1];
        if (t < best)
            best = t;
    }
    printf("acq_delta_decode: %.0f Mints/s\n", (double)NBLOCKS * ACQ_BLOCK_SIZE * REPEAT / best / 1e6);

    /* Varints of typical gap sizes (1-3 bytes). */
    enum { NV = 100000 };
    static uint8_t vbuf[NV * ACQ_VARINT_MAX];
    size_t vlen = 0;
    for (int i = 0; i < NV; i++)
        vlen += acq_varint_encode(rng() % (1u << (1 + rng() % 20)), vbuf + vlen);
    best = 1e30;
    for (int r = 0; r < RUNS; r++) {
        uint64_t acc = 0, v;
        double t0 = now();
        for (size_t pos = 0; pos < vlen;) {
            pos += acq_varint_decode(vbuf + pos, vlen - pos, &v);
            acc += v;
        }
        double t = now() - t0;
        sink = (uint32_t)acc;
        if (t < best)
            best = t;
    }
    printf("acq_varint_decode (1-3 byte values): %.0f Mints/s\n", NV / best / 1e6);
    return 0;
}
