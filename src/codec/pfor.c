/* pfor.c: patched frame-of-reference blocks (see pfor.h). */
#include "codec/pfor.h"
#include "codec/varint.h"

static unsigned width_of(uint32_t v) { return v ? 32u - (unsigned)__builtin_clz(v) : 0u; }

size_t acq_pfor_encode(const uint32_t *in, size_t n, uint8_t *out)
{
    /* Histogram of widths, then the width with the smallest total: packed
     * bits plus about 1 + ceil((w - b) / 7) bytes per exception. At most
     * 255 exceptions fit the count byte, which n <= 128 guarantees. */
    if (n == 0 || n > ACQ_BLOCK_SIZE)
        return 0;
    size_t count[33] = {0};
    for (size_t i = 0; i < n; i++)
        count[width_of(in[i])]++;
    unsigned maxw = 32;
    while (maxw > 0 && count[maxw] == 0)
        maxw--;
    /* Walk b down from the largest width, keeping the number of values
     * above b; an exception costs its index byte plus its high bits, at
     * most ceil((maxw - b) / 7) varint bytes (a bound, cheap to compute). */
    size_t best_cost = (size_t)-1, above = 0;
    unsigned best = maxw;
    for (unsigned b = maxw + 1; b-- > 0;) {
        if (b < maxw)
            above += count[b + 1];
        size_t cost = (n * b + 7) / 8 + above * (1 + (maxw - b + 6) / 7);
        if (cost < best_cost) {
            best_cost = cost;
            best = b;
        }
        if (above * 2 > n)
            break; /* most values would be exceptions: no better b below */
    }
    uint32_t low[ACQ_BLOCK_SIZE];
    uint32_t mask = best >= 32 ? 0xFFFFFFFFu : ((1u << best) - 1);
    uint8_t exc = 0;
    for (size_t i = 0; i < n; i++) {
        low[i] = in[i] & mask;
        exc += in[i] > mask;
    }
    size_t len = acq_pack_block(low, n, out);
    /* acq_pack_block picks the width of the low bits, which may be below
     * `best`; exceptions are relative to the width it recorded. */
    unsigned used = out[0];
    uint32_t used_mask = used >= 32 ? 0xFFFFFFFFu : ((1u << used) - 1);
    exc = 0;
    for (size_t i = 0; i < n; i++)
        exc += in[i] > used_mask;
    out[len++] = exc;
    for (size_t i = 0; i < n && exc; i++) {
        if (in[i] > used_mask) {
            out[len++] = (uint8_t)i;
            len += acq_varint_encode(in[i] >> used, out + len);
        }
    }
    return len;
}

size_t acq_pfor_decode(const uint8_t *in, size_t avail, uint32_t *out, size_t n)
{
    size_t len = acq_unpack_block(in, avail, out, n);
    if (len == 0 || len >= avail)
        return 0;
    unsigned b = in[0];
    unsigned exc = in[len++];
    for (unsigned k = 0; k < exc; k++) {
        if (len >= avail)
            return 0;
        unsigned idx = in[len++];
        uint64_t hi;
        size_t m;
        if (len < avail && in[len] < 0x80) { /* one byte: most exceptions */
            hi = in[len];
            m = 1;
        } else {
            m = acq_varint_decode(in + len, avail - len, &hi);
        }
        if (m == 0 || idx >= n || b >= 32 || (hi << b) > 0xFFFFFFFFu)
            return 0;
        len += m;
        out[idx] |= (uint32_t)(hi << b);
    }
    return len;
}

size_t acq_pfor_size(const uint8_t *in, size_t avail, size_t n)
{
    size_t len = acq_packed_size(in, avail, n);
    if (len == 0 || len >= avail)
        return 0;
    unsigned exc = in[len++];
    for (unsigned k = 0; k < exc; k++) {
        uint64_t hi;
        if (len >= avail)
            return 0;
        len++;
        size_t m = acq_varint_decode(in + len, avail - len, &hi);
        if (m == 0)
            return 0;
        len += m;
    }
    return len;
}
