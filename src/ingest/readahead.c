/* readahead.c: gunzip.h in the caller's thread or ahead of it (readahead.h).
 * The thread fills a ring of chunks in file order; the reader copies out of
 * them and hands each back when it is read through. */
#include "ingest/readahead.h"

#include "common/alloc.h"
#include "ingest/gunzip.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CHUNK ((size_t)1 << 20)
#define RING 4

typedef struct chunk {
    char *data;
    long n;                /* bytes, 0 at the end, -1 on an error */
    const char *why;
    int serious;
    int64_t offset;
} chunk;

struct ingest_reader {
    ingest_gunzip *gz;
    int threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    chunk ring[RING];
    size_t head, tail;     /* chunks filled = tail - head */
    size_t at;             /* bytes of ring[head] already read */
    int stop, ended;
};

static void read_chunk(ingest_reader *r, chunk *c, char *dst, size_t want)
{
    const char *why;
    size_t n = ingest_gunzip_read(r->gz, dst, want, &why);
    c->n = (long)n;
    c->why = why;
    c->serious = why != NULL;
    if (why != NULL)
        c->n = -1;
    c->offset = ingest_gunzip_offset(r->gz);
}

static void *reader_main(void *arg)
{
    ingest_reader *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->tail - r->head == RING)
            pthread_cond_wait(&r->emptied, &r->mu);
        if (r->stop)
            break;
        chunk *c = &r->ring[r->tail % RING];
        pthread_mutex_unlock(&r->mu);
        read_chunk(r, c, c->data, CHUNK);
        pthread_mutex_lock(&r->mu);
        r->tail++;
        pthread_cond_signal(&r->filled);
        if (c->n <= 0)
            break; /* the end, or an error: nothing more to read */
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

ingest_reader *ingest_reader_open(int fd, int threaded)
{
    ingest_gunzip *gz = ingest_gunzip_open(fd); /* closes fd if it fails */
    if (gz == NULL)
        return NULL;
    ingest_reader *r = acq_calloc(1, sizeof *r);
    if (r == NULL) {
        ingest_gunzip_close(gz);
        return NULL;
    }
    r->gz = gz;
    if (!threaded)
        return r;
    for (int i = 0; i < RING; i++)
        if ((r->ring[i].data = acq_malloc(CHUNK)) == NULL)
            goto single;
    if (pthread_mutex_init(&r->mu, NULL) != 0)
        goto single;
    if (pthread_cond_init(&r->filled, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        goto single;
    }
    if (pthread_cond_init(&r->emptied, NULL) != 0) {
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->mu);
        goto single;
    }
    if (pthread_create(&r->thread, NULL, reader_main, r) != 0) {
        pthread_cond_destroy(&r->emptied);
        pthread_cond_destroy(&r->filled);
        pthread_mutex_destroy(&r->mu);
        goto single;
    }
    r->threaded = 1;
    return r;
single:
    for (int i = 0; i < RING; i++) {
        acq_free(r->ring[i].data);
        r->ring[i].data = NULL;
    }
    return r;
}

long ingest_reader_read(ingest_reader *r, char *dst, size_t want, const char **why, int *serious, int64_t *offset)
{
    if (!r->threaded) {
        chunk c;
        read_chunk(r, &c, dst, want);
        *why = c.why;
        *serious = c.serious;
        *offset = c.offset;
        return c.n;
    }
    pthread_mutex_lock(&r->mu);
    while (r->tail == r->head)
        pthread_cond_wait(&r->filled, &r->mu);
    chunk *c = &r->ring[r->head % RING];
    pthread_mutex_unlock(&r->mu);
    *offset = c->offset;
    if (c->n <= 0) {
        /* The end or an error stays at the head: every later read says it. */
        *why = c->why;
        *serious = c->serious;
        return c->n;
    }
    size_t n = (size_t)c->n - r->at;
    if (n > want)
        n = want;
    memcpy(dst, c->data + r->at, n);
    r->at += n;
    if (r->at == (size_t)c->n) {
        r->at = 0;
        pthread_mutex_lock(&r->mu);
        r->head++;
        pthread_cond_signal(&r->emptied);
        pthread_mutex_unlock(&r->mu);
    }
    *why = NULL;
    *serious = 0;
    return (long)n;
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
    for (int i = 0; i < RING; i++)
        acq_free(r->ring[i].data);
    ingest_gunzip_close(r->gz);
    acq_free(r);
}
