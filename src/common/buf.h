/* buf.h: a growable byte buffer for building file contents and strings.
 *
 * A buffer remembers an allocation failure (`failed`) instead of reporting
 * each append, so encoders can append freely and check once at the end. */
#ifndef ACQ_COMMON_BUF_H
#define ACQ_COMMON_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct acq_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    int failed;
} acq_buf;

void acq_buf_free(acq_buf *b);
/* Ensures room for `extra` more bytes; returns 0 or -1 (and sets failed). */
int acq_buf_reserve(acq_buf *b, size_t extra);
void acq_buf_put(acq_buf *b, const void *p, size_t n);
void acq_buf_putc(acq_buf *b, uint8_t c);
void acq_buf_puts(acq_buf *b, const char *s);
void acq_buf_printf(acq_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void acq_buf_put_varint(acq_buf *b, uint64_t v);
void acq_buf_put_u32(acq_buf *b, uint32_t v);   /* little endian */
void acq_buf_put_u64(acq_buf *b, uint64_t v);   /* little endian */
/* Makes data a NUL-terminated string (the NUL is not counted in len). */
const char *acq_buf_cstr(acq_buf *b);

static inline void acq_buf_reset(acq_buf *b) { b->len = 0; }

#endif
