/* varint.c: LEB128 encoding and bounds-checked decoding (see varint.h). */
#include "codec/varint.h"

size_t acq_varint_encode(uint64_t v, uint8_t *out)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

size_t acq_varint_decode(const uint8_t *in, size_t avail, uint64_t *v)
{
    /* Most varints in postings and positions are small: one byte, one test. */
    if (avail > 0 && in[0] < 0x80) {
        *v = in[0];
        return 1;
    }
    size_t lim = avail < ACQ_VARINT_MAX ? avail : ACQ_VARINT_MAX;
    uint64_t r = 0;
    for (size_t i = 0; i < lim; i++) {
        uint8_t b = in[i];
        /* The tenth byte carries bit 63 only: anything above 1 either sets a
         * bit past 63 or asks for an eleventh byte. Either way it is corrupt. */
        if (i == ACQ_VARINT_MAX - 1 && b > 1)
            return 0;
        r |= (uint64_t)(b & 0x7F) << (7 * i);
        if (b < 0x80) {
            *v = r;
            return i + 1;
        }
    }
    return 0; /* ran out of input before the last byte */
}

size_t acq_varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}
