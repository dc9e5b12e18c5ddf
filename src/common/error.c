/* error.c: sticky error records (see error.h). */
#include "common/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int acq_err_vset(acq_err *e, int code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    if (e->code != ACQ_OK)
        return e->code;
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return code;
}

int acq_err_set(acq_err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = acq_err_vset(e, code, fmt, ap);
    va_end(ap);
    return rc;
}

int acq_err_errno(acq_err *e, const char *fmt, ...)
{
    int saved = errno;
    char head[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    int code = (saved == ENOMEM) ? ACQ_ENOMEM : ACQ_EIO;
    return acq_err_set(e, code, "%s: %s", head, strerror(saved));
}

void acq_msg_copy(char *dst, size_t n, const char *msg)
{
    if (dst && n)
        snprintf(dst, n, "%s", msg);
}

void acq_err_clear(acq_err *e)
{
    e->code = ACQ_OK;
    e->msg[0] = '\0';
}
