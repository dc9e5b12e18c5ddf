/* jsonl.h: a small JSON Lines reader for the peer drivers (C and C++).
 * Reads a .jsonl or .jsonl.gz file (zlib's gzopen reads both) one object per
 * line and extracts the string fields "id", "title" and "text", decoding
 * JSON escapes (\uXXXX with surrogate pairs) to UTF-8. Other fields, of any
 * type, are skipped. The returned strings belong to the reader and stay
 * valid until the next call to jl_next(). */
#ifndef PEERS_JSONL_H
#define PEERS_JSONL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *id;    size_t id_len;
    const char *title; size_t title_len;
    const char *text;  size_t text_len;
} jl_doc;

typedef struct jl_reader jl_reader;

/* Opens PATH ("-" is not supported); NULL with a message on stderr on failure. */
jl_reader *jl_open(const char *path);
/* 1: one document in *doc; 0: end of file; -1: error (message on stderr). */
int jl_next(jl_reader *r, jl_doc *doc);
/* Number of the line last read (1-based). */
long jl_line(const jl_reader *r);
void jl_close(jl_reader *r);

#ifdef __cplusplus
}
#endif
#endif
