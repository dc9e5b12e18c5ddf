/* readahead.h: a producer of items run in the caller's thread or, ahead of
 * it, on a thread of its own. jsonl.c's items are batches of lines read,
 * inflated and parsed: with a thread, reading and parsing a JSON Lines
 * file (a tenth of the writer's thread on jha-en) moves off the thread
 * that analyses, which is what limits acquis index -j 2. */
#ifndef ACQ_INGEST_READAHEAD_H
#define ACQ_INGEST_READAHEAD_H

typedef struct ingest_reader ingest_reader;

/* Fills item; returns 1 when more items may follow, 0 when this one is the
 * last (the end, or an error that the item records). */
typedef int (*ingest_fill_fn)(void *ctx, void *item);

/* items: nitems (at least 1) items of the caller's, filled in turn, in
 * order. threaded: fill ahead on a thread (if it cannot start, in the
 * caller's thread, with the first item only). NULL when out of memory. */
ingest_reader *ingest_reader_open(ingest_fill_fn fill, void *ctx, void *const *items, int nitems, int threaded);
/* The next filled item, or NULL after the last. The item is the caller's
 * until ingest_reader_next is called again. */
void *ingest_reader_next(ingest_reader *r);
/* Stops the thread (an item being filled is finished first) and frees the
 * reader; not the items or ctx. */
void ingest_reader_close(ingest_reader *r);

#endif
