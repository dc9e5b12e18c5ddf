/* error.h: the internal error record every fallible routine writes into.
 *
 * An acq_err is "sticky": the first error set wins and later ones are
 * ignored, so a long sequence of calls can run unchecked and be tested once
 * at the end (the SQLite FTS5 pattern). Codes are the public ACQ_E* values
 * from acquis.h; messages are written for a person and say what to do. */
#ifndef ACQ_COMMON_ERROR_H
#define ACQ_COMMON_ERROR_H

#include "acquis.h"
#include <stdarg.h>

typedef struct acq_err {
    int code;            /* ACQ_OK or a negative ACQ_E* code */
    char msg[512];
} acq_err;

#if defined(__GNUC__)
#define ACQ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ACQ_PRINTF(a, b)
#endif

/* Records code and message unless an error is already recorded; returns the
 * code that is now recorded (so `return acq_err_set(...)` reads naturally). */
int acq_err_set(acq_err *e, int code, const char *fmt, ...) ACQ_PRINTF(3, 4);
int acq_err_vset(acq_err *e, int code, const char *fmt, va_list ap);
/* Records an I/O failure, appending strerror(errno) to the message. */
int acq_err_errno(acq_err *e, const char *fmt, ...) ACQ_PRINTF(2, 3);
void acq_err_clear(acq_err *e);
/* Copies msg into a caller's message buffer (the public API's errmsg
 * arguments); dst may be NULL or n 0. */
void acq_msg_copy(char *dst, size_t n, const char *msg);
static inline int acq_ok(const acq_err *e) { return e->code == ACQ_OK; }

#endif
