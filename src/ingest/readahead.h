/* readahead.h: a gzip (or plain) file read through gunzip.h, either in the
 * caller's thread or, ahead of it, on a thread of its own, so that the
 * second core inflates while the first analyses. */
#ifndef ACQ_INGEST_READAHEAD_H
#define ACQ_INGEST_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct ingest_reader ingest_reader;

/* Takes fd (closed by ingest_reader_close). threaded: read ahead on a
 * thread (if it cannot start, reads in the caller's thread). NULL when out
 * of memory (fd is then closed). */
ingest_reader *ingest_reader_open(int fd, int threaded);
/* Bytes read (0 at the end), or -1 on an error. When it returns
 * 0 or -1, *why says what went wrong (NULL at a clean end) and *serious
 * whether it is an error rather than the end. *offset is the compressed
 * bytes consumed so far (-1 if unknown). */
long ingest_reader_read(ingest_reader *r, char *dst, size_t want, const char **why, int *serious, int64_t *offset);
void ingest_reader_close(ingest_reader *r);

#endif
