/* checksum.c: CRC-32 through libdeflate (see checksum.h). */
#include "common/checksum.h"

#include <libdeflate.h>

uint32_t acq_crc32(uint32_t crc, const void *p, size_t n)
{
    return n ? libdeflate_crc32(crc, p, n) : crc;
}
