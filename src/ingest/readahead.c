/* readahead.c: items filled in the caller's thread or ahead of it
 * (readahead.h). The thread fills a ring of the caller's items in order;
 * the caller takes them one at a time, and an item goes back to the ring
 * when the caller asks for the next. */
#include "ingest/readahead.h"

#include "common/alloc.h"

#include <pthread.h>

#define MAX_ITEMS 8

struct ingest_reader {
    ingest_fill_fn fill;
    void *ctx;
    void *items[MAX_ITEMS];
    int nitems;
    int threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    unsigned long head, tail;   /* items filled and not yet taken: tail - head */
    int holding;                /* the caller holds items[head % nitems] */
    int last_filled;            /* the producer filled the last item */
    int stop;
    int ended;                  /* unthreaded: the last item was filled */
};

static void *reader_main(void *arg)
{
    ingest_reader *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->tail - r->head == (unsigned long)r->nitems)
            pthread_cond_wait(&r->emptied, &r->mu);
        if (r->stop)
            break;
        void *item = r->items[r->tail % (unsigned long)r->nitems];
        pthread_mutex_unlock(&r->mu);
        int more = r->fill(r->ctx, item);
        pthread_mutex_lock(&r->mu);
        r->tail++;
        if (!more)
            r->last_filled = 1;
        pthread_cond_signal(&r->filled);
        if (!more)
            break;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

ingest_reader *ingest_reader_open(ingest_fill_fn fill, void *ctx, void *const *items, int nitems, int threaded)
{
    ingest_reader *r = acq_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->fill = fill;
    r->ctx = ctx;
    r->nitems = nitems < 1 ? 1 : nitems > MAX_ITEMS ? MAX_ITEMS : nitems;
    for (int i = 0; i < r->nitems; i++)
        r->items[i] = items[i];
    if (!threaded || r->nitems < 2)
        return r;
    if (pthread_mutex_init(&r->mu, NULL) != 0)
        return r;
    if (pthread_cond_init(&r->filled, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        return r;
    }
    if (pthread_cond_init(&r->emptied, NULL) != 0) {
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->mu);
        return r;
    }
    if (pthread_create(&r->thread, NULL, reader_main, r) != 0) {
        pthread_cond_destroy(&r->emptied);
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->mu);
        return r;
    }
    r->threaded = 1;
    return r;
}

void *ingest_reader_next(ingest_reader *r)
{
    if (!r->threaded) {
        if (r->ended)
            return NULL;
        r->ended = !r->fill(r->ctx, r->items[0]);
        return r->items[0];
    }
    pthread_mutex_lock(&r->mu);
    if (r->holding) { /* the item taken last goes back to the ring */
        r->head++;
        r->holding = 0;
        pthread_cond_signal(&r->emptied);
    }
    while (r->tail == r->head && !r->last_filled)
        pthread_cond_wait(&r->filled, &r->mu);
    void *item = NULL;
    if (r->tail != r->head) {
        item = r->items[r->head % (unsigned long)r->nitems];
        r->holding = 1;
    }
    pthread_mutex_unlock(&r->mu);
    return item;
}

void ingest_reader_close(ingest_reader *r)
{
    if (r == NULL)
        return;
    if (r->threaded) {
        pthread_mutex_lock(&r->mu);
        r->stop = 1;
        pthread_cond_signal(&r->emptied);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->thread, NULL);
        pthread_cond_destroy(&r->emptied);
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->mu);
    }
    acq_free(r);
}
