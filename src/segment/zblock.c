/* zblock.c: raw-DEFLATE blocks through libdeflate (see zblock.h). */
#include "segment/zblock.h"

#include <libdeflate.h>

size_t acq_zblock_bound(size_t n) { return libdeflate_deflate_compress_bound(NULL, n) + 16; }

size_t acq_zblock_deflate(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap)
{
    if (level < 1 || level > 9)
        level = 1;
    if (zb->c != NULL && zb->level != level) {
        libdeflate_free_compressor(zb->c);
        zb->c = NULL;
    }
    if (zb->c == NULL) {
        if ((zb->c = libdeflate_alloc_compressor(level)) == NULL)
            return 0;
        zb->level = level;
    }
    /* With dst_cap at the bound, 0 (no room) cannot happen: it stays the
     * failure value the callers check. */
    return libdeflate_deflate_compress(zb->c, src, n, dst, dst_cap);
}

int acq_zblock_inflate(acq_zblock *zb, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len)
{
    if (zb->d == NULL && (zb->d = libdeflate_alloc_decompressor()) == NULL)
        return -2;
    /* No actual-size pointer: libdeflate then fails unless the data fills
     * exactly dst_len bytes, which is what the block index promises. */
    return libdeflate_deflate_decompress(zb->d, src, n, dst, dst_len, NULL) == LIBDEFLATE_SUCCESS ? 0 : -1;
}

void acq_zblock_end(acq_zblock *zb)
{
    libdeflate_free_compressor(zb->c);
    libdeflate_free_decompressor(zb->d);
    zb->c = NULL;
    zb->d = NULL;
}
