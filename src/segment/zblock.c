/* zblock.c: LZ4 and raw-DEFLATE blocks (see zblock.h). */
#include "segment/zblock.h"

#include <libdeflate.h>
#include <lz4.h>

size_t acq_zblock_bound(size_t n)
{
    size_t d = libdeflate_deflate_compress_bound(NULL, n);
    /* LZ4's bound is only defined up to its largest input, over which a
     * block is written as DEFLATE. */
    size_t l = n <= LZ4_MAX_INPUT_SIZE ? (size_t)LZ4_compressBound((int)n) : 0;
    return (d > l ? d : l) + 16;
}

size_t acq_zblock_compress(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap,
                           int *codec)
{
    if (level < 1 || level > 9)
        level = 1;
    if (level == 1 && n <= LZ4_MAX_INPUT_SIZE && dst_cap <= INT32_MAX) {
        *codec = ACQ_ZBLOCK_LZ4;
        /* With dst_cap at the bound LZ4 cannot run out of room; 0 stays
         * the failure value the callers check (an empty block is never
         * written). */
        int got = LZ4_compress_default((const char *)src, (char *)dst, (int)n, (int)dst_cap);
        return got > 0 ? (size_t)got : 0;
    }
    *codec = ACQ_ZBLOCK_DEFLATE;
    if (zb->c != NULL && zb->level != level) {
        libdeflate_free_compressor(zb->c);
        zb->c = NULL;
    }
    if (zb->c == NULL) {
        if ((zb->c = libdeflate_alloc_compressor(level)) == NULL)
            return 0;
        zb->level = level;
    }
    return libdeflate_deflate_compress(zb->c, src, n, dst, dst_cap);
}

int acq_zblock_decompress(acq_zblock *zb, int codec, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len)
{
    if (codec == ACQ_ZBLOCK_LZ4) {
        if (n > INT32_MAX || dst_len > INT32_MAX)
            return -1;
        /* The safe decoder never reads or writes outside the buffers,
         * whatever the bytes. */
        int got = LZ4_decompress_safe((const char *)src, (char *)dst, (int)n, (int)dst_len);
        return got >= 0 && (size_t)got == dst_len ? 0 : -1;
    }
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
