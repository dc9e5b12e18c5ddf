/* textfile.h (private to src/eval): reading a whole text file into memory and
 * walking its lines and whitespace-separated fields in place. The topics,
 * qrels and run readers share it so that they agree on line numbers, line
 * ends (LF or CRLF), a leading UTF-8 byte order mark and NUL bytes. */
#ifndef ACQ_EVAL_TEXTFILE_H
#define ACQ_EVAL_TEXTFILE_H

#include <stddef.h>

#include "common/error.h"

/* Reads path into a fresh NUL-terminated buffer (*data, *len without the
 * NUL; free with acq_free). ACQ_EIO with "cannot read PATH: reason". */
int acq_text_slurp(const char *path, char **data, size_t *len, acq_err *err);
/* Copies data[0..len) into a fresh NUL-terminated buffer. */
int acq_text_copy(const char *data, size_t len, char **out, acq_err *err);
/* ACQ_EINPUT "NAME:LINE: NUL byte in a text file" if data holds a NUL. */
int acq_text_check_nul(const char *name, const char *data, size_t len,
                       acq_err *err);

/* A cursor over the lines of a writable, NUL-terminated buffer. */
typedef struct acq_lines {
    char *p, *end;
    size_t lineno;   /* number of the line last returned, from 1 */
} acq_lines;

/* Starts at data (skipping a UTF-8 byte order mark). */
void acq_lines_init(acq_lines *it, char *data, size_t len);
/* The next line, NUL-terminated in place, without its "\n" or "\r\n"; NULL
 * at the end. */
char *acq_lines_next(acq_lines *it);

/* 1 for the ASCII blanks that separate fields: space, \t, \r, \v, \f, \n. */
static inline int acq_text_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

/* Splits a line in place into whitespace-separated fields, NUL-terminating
 * each. Stores at most max of them and returns how many there are (which
 * may be more than max). */
size_t acq_text_fields(char *line, char **field, size_t max);

/* 1 if the line is empty, blank, or a '#' comment. */
int acq_text_skippable(const char *line);

#endif
