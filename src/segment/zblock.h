/* zblock.h: compressing and inflating one stored-field block as raw deflate
 * (no zlib header, no adler32: every index file already carries CRCs per
 * 64 KiB, so zlib's own checksum would be paid twice). Streams are kept and
 * reset between blocks, because initialising one costs more than
 * compressing a small block. */
#ifndef ACQ_SEGMENT_ZBLOCK_H
#define ACQ_SEGMENT_ZBLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

typedef struct acq_zblock {
    z_stream z;
    int ready;   /* 1 deflating, 2 inflating */
} acq_zblock;

/* Compresses src into dst (dst_cap >= acq_zblock_bound(n)); returns the
 * compressed length or 0 on failure. */
size_t acq_zblock_deflate(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap);
size_t acq_zblock_bound(size_t n);
/* Inflates exactly dst_len bytes; returns 0 on success, -1 if the data is
 * damaged or does not fill dst_len, -2 out of memory. */
int acq_zblock_inflate(acq_zblock *zb, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len);
void acq_zblock_end(acq_zblock *zb);

#endif
