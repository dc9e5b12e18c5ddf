/* date.c: dates as the .len file stores them (see format.h). */
#include "segment/format.h"

#include <stddef.h>

static int digits(const char *s, size_t n, size_t at, size_t count, uint32_t *out)
{
    uint32_t v = 0;
    if (at + count > n)
        return 0;
    for (size_t i = 0; i < count; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (uint32_t)(c - '0');
    }
    *out = v;
    return 1;
}

uint32_t acq_parse_date(const char *s, size_t n)
{
    uint32_t y, m = 0, d = 0;
    if (s == NULL || !digits(s, n, 0, 4, &y) || y == 0)
        return 0;
    if (n > 4 && s[4] == '-') {
        if (!digits(s, n, 5, 2, &m) || m < 1 || m > 12)
            return 0;
        if (n > 7 && s[7] == '-' && (!digits(s, n, 8, 2, &d) || d < 1 || d > 31))
            return 0;
    }
    return y * 10000 + m * 100 + d;
}
