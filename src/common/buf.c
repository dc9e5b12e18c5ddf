/* buf.c: growable byte buffer (see buf.h). */
#include "common/buf.h"
#include "common/alloc.h"

#include <stdarg.h>
#include <stdio.h>

void acq_buf_free(acq_buf *b)
{
    acq_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

int acq_buf_reserve(acq_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    uint8_t *p = acq_realloc(b->data, ncap);
    if (p == NULL) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

void acq_buf_put(acq_buf *b, const void *p, size_t n)
{
    if (n == 0 || acq_buf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void acq_buf_putc(acq_buf *b, uint8_t c)
{
    if (acq_buf_reserve(b, 1) != 0)
        return;
    b->data[b->len++] = c;
}

void acq_buf_puts(acq_buf *b, const char *s) { acq_buf_put(b, s, strlen(s)); }

void acq_buf_printf(acq_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || acq_buf_reserve(b, (size_t)n + 1) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void acq_buf_put_varint(acq_buf *b, uint64_t v)
{
    if (acq_buf_reserve(b, 10) != 0)
        return;
    while (v >= 0x80) {
        b->data[b->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (uint8_t)v;
}

void acq_buf_put_u32(acq_buf *b, uint32_t v)
{
    uint8_t t[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    acq_buf_put(b, t, 4);
}

void acq_buf_put_u64(acq_buf *b, uint64_t v)
{
    acq_buf_put_u32(b, (uint32_t)v);
    acq_buf_put_u32(b, (uint32_t)(v >> 32));
}

const char *acq_buf_cstr(acq_buf *b)
{
    if (acq_buf_reserve(b, 1) != 0)
        return "";
    b->data[b->len] = '\0';
    return (const char *)b->data;
}
