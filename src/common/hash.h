/* hash.h: a fast non-cryptographic hash for short byte strings (terms,
 * surface forms, ids). Reads 8 bytes at a time and mixes with multiplies;
 * quality is enough for open-addressing tables with linear probing. */
#ifndef ACQ_COMMON_HASH_H
#define ACQ_COMMON_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t acq_hash_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static inline uint64_t acq_hash_bytes(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0x100000001b3ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    /* The 0..7 tail bytes, assembled without a variable-length memcpy
     * (which compilers turn into a libc call). */
    uint64_t w = 0;
    switch (n) {
    case 7: w |= (uint64_t)p[6] << 48; /* fall through */
    case 6: w |= (uint64_t)p[5] << 40; /* fall through */
    case 5: w |= (uint64_t)p[4] << 32; /* fall through */
    case 4: w |= (uint64_t)p[3] << 24; /* fall through */
    case 3: w |= (uint64_t)p[2] << 16; /* fall through */
    case 2: w |= (uint64_t)p[1] << 8;  /* fall through */
    case 1: w |= (uint64_t)p[0];       /* fall through */
    default: break;
    }
    h = (h ^ w) * 0x100000001b3ULL;
    return acq_hash_mix(h);
}

/* Two independent 64-bit hashes of the same bytes in one pass: a 128-bit
 * content key for deduplicating stored texts. */
static inline void acq_hash128(const void *data, size_t n, uint64_t *h1, uint64_t *h2)
{
    const uint8_t *p = data;
    uint64_t a = 0x9E3779B97F4A7C15ULL ^ n, b = 0xC2B2AE3D27D4EB4FULL ^ (n << 1);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        a = (a ^ w) * 0x100000001b3ULL;
        a ^= a >> 29;
        b = (b + w) * 0xff51afd7ed558ccdULL;
        b ^= b >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    *h1 = acq_hash_mix((a ^ w) * 0x100000001b3ULL);
    *h2 = acq_hash_mix((b + w) * 0xc4ceb9fe1a85ec53ULL);
}

#endif
