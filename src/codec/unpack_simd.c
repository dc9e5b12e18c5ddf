/* unpack_simd.c: SSE4.1 and AVX2 decoders of full 128-value bit-packed
 * blocks (layout in bitpack.h; the dispatch is in bitpack.c).
 *
 * The layout is one LSB-first bit stream, so 8 values of width w always
 * take exactly w bytes and each group of 8 starts on a byte. Value j of a
 * group starts at bit j*w: in byte (j*w)/8, at shift (j*w)%8. For each width
 * a table built once gives, per 32-bit lane, which bytes to gather (a byte
 * shuffle) and the shift that brings the value down:
 *
 *   AVX2: values 0-3 of a group come from a 16-byte load at the group's
 *   start, values 4-7 from a 16-byte load at its byte (4w)/8 (the shuffle
 *   works inside 128-bit halves); gather 4 bytes per lane, shift right by a
 *   per-lane count (vpsrlvd), mask. Widths whose values can span 5 bytes
 *   (shift + w > 32, w >= 26) gather the fifth byte into a second register,
 *   shift it left by 32 - shift (vpsllvd) and OR it in.
 *   SSE4.1: the same per 4 values, with the per-lane shift done as a
 *   multiplication (pmulld) that puts the value's top bit at bit 31, then one
 *   shift right by 32 - w. Values must then fit 4 bytes (shift + w <= 32):
 *   every width but 26-31, which take the portable routine.
 *
 * The 16-byte loads of the last groups reach past the block's data (by up
 * to w/2 + 16 bytes); when the caller's buffer does not hold that much, the
 * block is first copied into a zero-padded local buffer, so nothing is ever
 * read past in[avail - 1]. Results are the portable routine's, bit for bit
 * (tests/test_codec.c checks every width). */
#include "codec/bitpack.h"
#include "codec/unpack_simd.h"

#include <string.h>

#if ACQ_HAVE_X86_SIMD

#include <immintrin.h>

typedef struct lane_tab {
    _Alignas(32) uint8_t lo[32];   /* vpshufb: 4 bytes of each value */
    _Alignas(32) uint8_t hi[32];   /* the fifth byte, or 0x80 (none) */
    _Alignas(32) uint32_t shr[8];  /* right shift of each lane */
    _Alignas(32) uint32_t shl[8];  /* left shift of the fifth byte (32: none) */
    _Alignas(32) uint32_t mul[8];  /* SSE4.1: 2^(32 - shift - w) */
    _Alignas(32) uint8_t one[32];  /* AVX2, w <= 16: the 4 bytes of each value
                                      within one 16-byte load at the group's
                                      start, seen by both halves */
    _Alignas(32) uint32_t shr1[8]; /* and the shift of each lane then */
    unsigned half;                 /* byte of value 4: (4w)/8 */
    int need_hi;                   /* some value spans 5 bytes */
    int avx2_ok, sse_ok;           /* this width has a table */
} lane_tab;

static lane_tab tabs[33];

/* Fills the tables (idempotent: concurrent first calls write the same bytes). */
static void build_tabs(void)
{
    for (unsigned w = 1; w <= 32; w++) {
        lane_tab *t = &tabs[w];
        memset(t, 0, sizeof *t);
        t->half = (4 * w) / 8;
        int avx2_ok = 1, sse_ok = 1;
        for (unsigned j = 0; j < 8; j++) {
            unsigned base = j < 4 ? 0 : t->half;
            unsigned bit = j * w, byte = bit / 8 - base, sh = bit % 8;
            unsigned need = (sh + w + 7) / 8; /* bytes the value touches */
            for (unsigned k = 0; k < 4; k++) {
                unsigned rel = byte + k;
                t->lo[4 * j + k] = rel <= 15 ? (uint8_t)rel : 0x80;
                if (rel > 15 && k < need)
                    avx2_ok = sse_ok = 0;
            }
            t->shr[j] = sh;
            /* The same 8 values from one 16-byte load (w <= 16: they span
             * at most 16 bytes), broadcast to both halves. */
            for (unsigned k = 0; k < 4; k++) {
                unsigned rel = bit / 8 + k;
                t->one[4 * j + k] = rel <= 15 ? (uint8_t)rel : 0x80;
            }
            t->shr1[j] = sh;
            if (sh + w > 32) {
                t->need_hi = 1;
                sse_ok = 0;
                if (byte + 4 > 15)
                    avx2_ok = 0;
                t->hi[4 * j] = (uint8_t)(byte + 4);
                t->hi[4 * j + 1] = t->hi[4 * j + 2] = t->hi[4 * j + 3] = 0x80;
                t->shl[j] = 32 - sh;
                t->mul[j] = 0;
            } else {
                t->hi[4 * j] = t->hi[4 * j + 1] = t->hi[4 * j + 2] = t->hi[4 * j + 3] = 0x80;
                t->shl[j] = 32;
                t->mul[j] = (uint32_t)1 << (32 - sh - w);
            }
        }
        t->avx2_ok = avx2_ok;
        t->sse_ok = sse_ok;
    }
}

static int tabs_ready;

void acq_unpack_simd_init(void)
{
    if (!__atomic_load_n(&tabs_ready, __ATOMIC_ACQUIRE)) {
        build_tabs();
        __atomic_store_n(&tabs_ready, 1, __ATOMIC_RELEASE);
    }
}

int acq_unpack_simd_has(int impl, unsigned w)
{
    if (w == 0 || w > 32)
        return 0;
    acq_unpack_simd_init();
    return impl == ACQ_UNPACK_AVX2 ? tabs[w].avx2_ok : impl == ACQ_UNPACK_SSE41 ? tabs[w].sse_ok : 0;
}

/* Bytes a decoder may load from the start of the data: the last group's
 * second 16-byte load ends at 15w + (4w)/8 + 16. */
static inline size_t reach(unsigned w) { return (size_t)15 * w + (4 * w) / 8 + 16; }

/* The data, or a zero-padded copy of it when the loads would leave avail. */
static inline const uint8_t *padded(const uint8_t *in, size_t avail, unsigned w, uint8_t *buf)
{
    if (avail >= reach(w))
        return in;
    size_t n = (size_t)16 * w;
    memcpy(buf, in, n);
    memset(buf + n, 0, reach(w) - n);
    return buf;
}

#define PAD_BYTES (16 * 32 + 32)

__attribute__((target("avx2"))) void acq_unpack128_avx2(const uint8_t *in, size_t avail, uint32_t *out, unsigned w)
{
    const lane_tab *t = &tabs[w];
    _Alignas(32) uint8_t buf[PAD_BYTES];
    in = padded(in, avail, w, buf);
    const __m256i lo = _mm256_load_si256((const __m256i *)(const void *)t->lo);
    const __m256i shr = _mm256_load_si256((const __m256i *)(const void *)t->shr);
    const __m256i mask = _mm256_set1_epi32(w == 32 ? -1 : (int)((1u << w) - 1));
    const size_t half = t->half;
    if (w <= 16) {
        /* One load per group, broadcast (a load, not a shuffle): the byte
         * shuffle is then the loop's only shuffle. */
        const __m256i one = _mm256_load_si256((const __m256i *)(const void *)t->one);
        const __m256i shr1 = _mm256_load_si256((const __m256i *)(const void *)t->shr1);
        for (int g = 0; g < 16; g++) {
            __m256i x = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(in + (size_t)g * w)));
            x = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(x, one), shr1), mask);
            _mm256_storeu_si256((__m256i *)(void *)(out + 8 * g), x);
        }
        return;
    }
    if (!t->need_hi) {
        for (int g = 0; g < 16; g++) {
            const uint8_t *p = in + (size_t)g * w;
            __m256i x = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p)),
                                                _mm_loadu_si128((const __m128i *)(const void *)(p + half)), 1);
            x = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(x, lo), shr), mask);
            _mm256_storeu_si256((__m256i *)(void *)(out + 8 * g), x);
        }
        return;
    }
    const __m256i hi = _mm256_load_si256((const __m256i *)(const void *)t->hi);
    const __m256i shl = _mm256_load_si256((const __m256i *)(const void *)t->shl);
    for (int g = 0; g < 16; g++) {
        const uint8_t *p = in + (size_t)g * w;
        __m256i x = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p)),
                                            _mm_loadu_si128((const __m128i *)(const void *)(p + half)), 1);
        __m256i a = _mm256_srlv_epi32(_mm256_shuffle_epi8(x, lo), shr);
        __m256i b = _mm256_sllv_epi32(_mm256_shuffle_epi8(x, hi), shl);
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * g), _mm256_and_si256(_mm256_or_si256(a, b), mask));
    }
}

__attribute__((target("sse4.1"))) void acq_unpack128_sse41(const uint8_t *in, size_t avail, uint32_t *out, unsigned w)
{
    const lane_tab *t = &tabs[w];
    _Alignas(16) uint8_t buf[PAD_BYTES];
    in = padded(in, avail, w, buf);
    const __m128i lo0 = _mm_load_si128((const __m128i *)(const void *)t->lo);
    const __m128i lo1 = _mm_load_si128((const __m128i *)(const void *)(t->lo + 16));
    const __m128i mul0 = _mm_load_si128((const __m128i *)(const void *)t->mul);
    const __m128i mul1 = _mm_load_si128((const __m128i *)(const void *)(t->mul + 4));
    const __m128i down = _mm_cvtsi32_si128((int)(32 - w));
    const size_t half = t->half;
    for (int g = 0; g < 16; g++) {
        const uint8_t *p = in + (size_t)g * w;
        __m128i x0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), lo0);
        __m128i x1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + half)), lo1);
        x0 = _mm_srl_epi32(_mm_mullo_epi32(x0, mul0), down);
        x1 = _mm_srl_epi32(_mm_mullo_epi32(x1, mul1), down);
        _mm_storeu_si128((__m128i *)(void *)(out + 8 * g), x0);
        _mm_storeu_si128((__m128i *)(void *)(out + 8 * g + 4), x1);
    }
}

/* ---- finishing a block of postings (bitpack.h) ---- */

/* Horizontal sums of the 64-bit lanes, and the flags from lane masks. */
static inline void finish_st(acq_block_check *st, const uint64_t *g2, const uint64_t *t2, size_t lanes, int zmask,
                             int omask)
{
    st->gap_sum = st->tf1_sum = 0;
    for (size_t i = 0; i < lanes; i++) {
        st->gap_sum += g2[i];
        st->tf1_sum += t2[i];
    }
    st->zero_gap = zmask != 0;
    st->tf_over = omask != 0;
}

/* SSE2 (in every x86-64), for the machines whose choice is SSE4.1. */
__attribute__((target("sse2"))) void acq_finish128_sse2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, acq_block_check *st)
{
    const __m128i zero = _mm_setzero_si128(), flip = _mm_set1_epi32((int)0x80000000u), one = _mm_set1_epi32(1);
    const __m128i maxf = _mm_xor_si128(_mm_set1_epi32((int)max_tf), flip);
    /* Lane 0 of the first group is the first gap: excluded from the
     * zero-gap test, reported on its own. */
    __m128i zeros = _mm_setzero_si128(), over = _mm_setzero_si128(), gs = zero, ts = zero;
    __m128i prev = _mm_set1_epi32((int)base);
    st->first_zero = docs[0] == 0;
    for (int k = 0; k < ACQ_BLOCK_SIZE; k += 4) {
        __m128i g = _mm_loadu_si128((const __m128i *)(const void *)(docs + k));
        __m128i t = _mm_loadu_si128((const __m128i *)(const void *)(tfs + k));
        __m128i z = _mm_cmpeq_epi32(g, zero);
        if (k == 0)
            z = _mm_and_si128(z, _mm_set_epi32(-1, -1, -1, 0));
        zeros = _mm_or_si128(zeros, z);
        gs = _mm_add_epi64(gs, _mm_add_epi64(_mm_unpacklo_epi32(g, zero), _mm_unpackhi_epi32(g, zero)));
        ts = _mm_add_epi64(ts, _mm_add_epi64(_mm_unpacklo_epi32(t, zero), _mm_unpackhi_epi32(t, zero)));
        /* t >= max_tf (unsigned): not (max_tf > t). */
        over = _mm_or_si128(over, _mm_andnot_si128(_mm_cmpgt_epi32(maxf, _mm_xor_si128(t, flip)), _mm_set1_epi32(-1)));
        _mm_storeu_si128((__m128i *)(void *)(tfs + k), _mm_add_epi32(t, one));
        g = _mm_add_epi32(g, _mm_slli_si128(g, 4));
        g = _mm_add_epi32(g, _mm_slli_si128(g, 8));
        g = _mm_add_epi32(g, prev);
        _mm_storeu_si128((__m128i *)(void *)(docs + k), g);
        prev = _mm_shuffle_epi32(g, 0xFF);
    }
    uint64_t g2[2], t2[2];
    _mm_storeu_si128((__m128i *)(void *)g2, gs);
    _mm_storeu_si128((__m128i *)(void *)t2, ts);
    finish_st(st, g2, t2, 2, _mm_movemask_epi8(zeros), _mm_movemask_epi8(over));
}

__attribute__((target("avx2"))) void acq_finish128_avx2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf,
                                                         acq_block_check *st)
{
    const __m256i zero = _mm256_setzero_si256(), flip = _mm256_set1_epi32((int)0x80000000u);
    const __m256i one = _mm256_set1_epi32(1), ones = _mm256_set1_epi32(-1);
    const __m256i maxf = _mm256_xor_si256(_mm256_set1_epi32((int)max_tf), flip);
    const __m256i last = _mm256_set1_epi32(7);
    __m256i zeros = zero, over = zero, gs = zero, ts = zero;
    __m256i prev = _mm256_set1_epi32((int)base);
    st->first_zero = docs[0] == 0;
    for (int k = 0; k < ACQ_BLOCK_SIZE; k += 8) {
        __m256i g = _mm256_loadu_si256((const __m256i *)(const void *)(docs + k));
        __m256i t = _mm256_loadu_si256((const __m256i *)(const void *)(tfs + k));
        __m256i z = _mm256_cmpeq_epi32(g, zero);
        if (k == 0)
            z = _mm256_and_si256(z, _mm256_set_epi32(-1, -1, -1, -1, -1, -1, -1, 0));
        zeros = _mm256_or_si256(zeros, z);
        gs = _mm256_add_epi64(gs, _mm256_add_epi64(_mm256_unpacklo_epi32(g, zero), _mm256_unpackhi_epi32(g, zero)));
        ts = _mm256_add_epi64(ts, _mm256_add_epi64(_mm256_unpacklo_epi32(t, zero), _mm256_unpackhi_epi32(t, zero)));
        over = _mm256_or_si256(over, _mm256_andnot_si256(_mm256_cmpgt_epi32(maxf, _mm256_xor_si256(t, flip)), ones));
        _mm256_storeu_si256((__m256i *)(void *)(tfs + k), _mm256_add_epi32(t, one));
        /* Prefix sum of 8: within each 128-bit half, then the low half's
         * total into the high half, then the running total. */
        g = _mm256_add_epi32(g, _mm256_slli_si256(g, 4));
        g = _mm256_add_epi32(g, _mm256_slli_si256(g, 8));
        __m256i lo_total = _mm256_permute2x128_si256(g, g, 0x08); /* (0, low half) */
        g = _mm256_add_epi32(g, _mm256_shuffle_epi32(lo_total, 0xFF));
        g = _mm256_add_epi32(g, prev);
        _mm256_storeu_si256((__m256i *)(void *)(docs + k), g);
        prev = _mm256_permutevar8x32_epi32(g, last);
    }
    uint64_t g4[4], t4[4];
    _mm256_storeu_si256((__m256i *)(void *)g4, gs);
    _mm256_storeu_si256((__m256i *)(void *)t4, ts);
    finish_st(st, g4, t4, 4, _mm256_movemask_epi8(zeros), _mm256_movemask_epi8(over));
}

int acq_cpu_has(int impl)
{
    if (impl == ACQ_UNPACK_PORTABLE)
        return 1;
    __builtin_cpu_init();
    if (impl == ACQ_UNPACK_SSE41)
        return __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
    if (impl == ACQ_UNPACK_AVX2)
        return __builtin_cpu_supports("avx2");
    return 0;
}

#else /* no x86 SIMD: only the portable decoder exists */

void acq_unpack_simd_init(void) {}
int acq_unpack_simd_has(int impl, unsigned w) { (void)impl; (void)w; return 0; }
int acq_cpu_has(int impl) { return impl == ACQ_UNPACK_PORTABLE; }
void acq_finish128_sse2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st)
{
    (void)docs; (void)tfs; (void)base; (void)max_tf; (void)st;
}
void acq_finish128_avx2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st)
{
    (void)docs; (void)tfs; (void)base; (void)max_tf; (void)st;
}

#endif
