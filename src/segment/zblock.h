/* zblock.h: compressing and inflating one stored-field block as raw DEFLATE
 * (no zlib header, no adler32: every index file already carries CRCs per
 * 64 KiB, so a second checksum would be paid twice).
 *
 * The codec is libdeflate, whole-buffer: at level 1 it compresses the
 * stored text of jha-en about twice as fast as zlib did and a little
 * smaller, and inflates faster (bench/README.md, "Indexing"). Its output is
 * standard DEFLATE, so files written by the zlib versions of acquis read as
 * before and the format keeps its version. A compressor or decompressor is
 * allocated once per zblock and kept, because allocating one costs more
 * than compressing a small block. */
#ifndef ACQ_SEGMENT_ZBLOCK_H
#define ACQ_SEGMENT_ZBLOCK_H

#include <stddef.h>
#include <stdint.h>

struct libdeflate_compressor;
struct libdeflate_decompressor;

typedef struct acq_zblock {
    struct libdeflate_compressor *c;
    struct libdeflate_decompressor *d;
    int level;   /* of c */
} acq_zblock;

/* Compresses src into dst (dst_cap >= acq_zblock_bound(n)) at level 1..9;
 * returns the compressed length or 0 on failure (out of memory). */
size_t acq_zblock_deflate(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap);
size_t acq_zblock_bound(size_t n);
/* Inflates exactly dst_len bytes; returns 0 on success, -1 if the data is
 * damaged or does not fill dst_len, -2 out of memory. */
int acq_zblock_inflate(acq_zblock *zb, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len);
void acq_zblock_end(acq_zblock *zb);

#endif
