/* zblock.c: raw-deflate blocks with reused streams (see zblock.h). */
#include "segment/zblock.h"

#include <string.h>

size_t acq_zblock_bound(size_t n) { return (size_t)compressBound((uLong)n) + 16; }

size_t acq_zblock_deflate(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap)
{
    if (zb->ready == 2)
        acq_zblock_end(zb);
    if (zb->ready == 0) {
        memset(&zb->z, 0, sizeof zb->z);
        if (deflateInit2(&zb->z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return 0;
        zb->ready = 1;
    } else if (deflateReset(&zb->z) != Z_OK) {
        return 0;
    }
    zb->z.next_in = (Bytef *)src;
    zb->z.avail_in = (uInt)n;
    zb->z.next_out = dst;
    zb->z.avail_out = (uInt)dst_cap;
    if (deflate(&zb->z, Z_FINISH) != Z_STREAM_END)
        return 0;
    return dst_cap - zb->z.avail_out;
}

int acq_zblock_inflate(acq_zblock *zb, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len)
{
    if (zb->ready == 1)
        acq_zblock_end(zb);
    if (zb->ready == 0) {
        memset(&zb->z, 0, sizeof zb->z);
        int r = inflateInit2(&zb->z, -15);
        if (r != Z_OK)
            return r == Z_MEM_ERROR ? -2 : -1;
        zb->ready = 2;
    } else if (inflateReset(&zb->z) != Z_OK) {
        return -1;
    }
    zb->z.next_in = (Bytef *)src;
    zb->z.avail_in = (uInt)n;
    zb->z.next_out = dst;
    zb->z.avail_out = (uInt)dst_len;
    int r = inflate(&zb->z, Z_FINISH);
    if (r == Z_MEM_ERROR)
        return -2;
    return (r == Z_STREAM_END && zb->z.avail_out == 0) ? 0 : -1;
}

void acq_zblock_end(acq_zblock *zb)
{
    if (zb->ready == 1)
        deflateEnd(&zb->z);
    else if (zb->ready == 2)
        inflateEnd(&zb->z);
    zb->ready = 0;
}
