/* zpipe.c: the stored-field compression thread (see zpipe.h). A ring of
 * ZPIPE_SLOTS jobs under one mutex and two condition variables; each slot
 * owns its buffer for good, so buffers are recycled, not reallocated. A
 * block is copied in (16 KiB: cheap beside compressing it) rather than
 * handed over, so that the caller's buffer grows exactly as without a pipe
 * and the writer's memory count, hence its flushes, stay the same. */
#include "segment/zpipe.h"

#include "common/alloc.h"

#include <pthread.h>
#include <string.h>

/* 32 blocks of 16 KiB: enough to absorb the unevenness of documents of very
 * different lengths, small beside the memory budget. */
#define ZPIPE_SLOTS 32

typedef struct zjob {
    acq_zpipe_fn fn;
    void *ctx;
    acq_buf buf;
    uint32_t tag;
} zjob;

struct acq_zpipe {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t can_take, can_put;
    zjob slots[ZPIPE_SLOTS];
    size_t head, count;   /* next job to run, jobs queued (incl. running) */
    int stop;
    int rc;               /* first failure */
    acq_err err;
};

static void *worker(void *arg)
{
    acq_zpipe *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->count == 0 && !p->stop)
            pthread_cond_wait(&p->can_take, &p->mu);
        if (p->count == 0)
            break; /* stopped and drained */
        zjob *j = &p->slots[p->head];
        int failed = p->rc != ACQ_OK;
        pthread_mutex_unlock(&p->mu);
        acq_err err = {0};
        int rc = failed ? ACQ_OK : j->fn(j->ctx, j->buf.data, j->buf.len, j->tag, &err);
        pthread_mutex_lock(&p->mu);
        if (rc != ACQ_OK && p->rc == ACQ_OK) {
            p->rc = rc;
            p->err = err;
        }
        acq_buf_reset(&j->buf);
        p->head = (p->head + 1) % ZPIPE_SLOTS;
        p->count--;
        pthread_cond_broadcast(&p->can_put);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int acq_zpipe_open(acq_zpipe **out, acq_err *err)
{
    *out = NULL;
    acq_zpipe *p = acq_calloc(1, sizeof *p);
    if (p == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        acq_free(p);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory (a mutex)");
    }
    if (pthread_cond_init(&p->can_take, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        acq_free(p);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory (a condition variable)");
    }
    if (pthread_cond_init(&p->can_put, NULL) != 0) {
        pthread_cond_destroy(&p->can_take);
        pthread_mutex_destroy(&p->mu);
        acq_free(p);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory (a condition variable)");
    }
    int r = pthread_create(&p->thread, NULL, worker, p);
    if (r != 0) {
        pthread_cond_destroy(&p->can_put);
        pthread_cond_destroy(&p->can_take);
        pthread_mutex_destroy(&p->mu);
        acq_free(p);
        return acq_err_set(err, ACQ_EIO, "cannot start a compression thread (%s): index with -j 1",
                           strerror(r));
    }
    *out = p;
    return ACQ_OK;
}

int acq_zpipe_submit(acq_zpipe *p, acq_zpipe_fn fn, void *ctx, const uint8_t *data, size_t len, uint32_t tag,
                     acq_err *err)
{
    pthread_mutex_lock(&p->mu);
    while (p->count == ZPIPE_SLOTS && p->rc == ACQ_OK)
        pthread_cond_wait(&p->can_put, &p->mu);
    int rc = p->rc;
    if (rc != ACQ_OK) {
        *err = p->err;
        pthread_mutex_unlock(&p->mu);
        return rc;
    }
    /* The slot is free: the worker does not touch it until count says so,
     * so the copy can be made outside the lock. */
    zjob *j = &p->slots[(p->head + p->count) % ZPIPE_SLOTS];
    pthread_mutex_unlock(&p->mu);
    acq_buf_reset(&j->buf);
    acq_buf_put(&j->buf, data, len);
    if (j->buf.failed) {
        acq_buf_free(&j->buf);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory queueing stored fields");
    }
    pthread_mutex_lock(&p->mu);
    j->fn = fn;
    j->ctx = ctx;
    j->tag = tag;
    p->count++;
    pthread_cond_signal(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    return ACQ_OK;
}

int acq_zpipe_drain(acq_zpipe *p, acq_err *err)
{
    pthread_mutex_lock(&p->mu);
    while (p->count > 0)
        pthread_cond_wait(&p->can_put, &p->mu);
    int rc = p->rc;
    if (rc != ACQ_OK)
        *err = p->err;
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void acq_zpipe_close(acq_zpipe *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_signal(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    for (size_t i = 0; i < ZPIPE_SLOTS; i++)
        acq_buf_free(&p->slots[i].buf);
    pthread_cond_destroy(&p->can_put);
    pthread_cond_destroy(&p->can_take);
    pthread_mutex_destroy(&p->mu);
    acq_free(p);
}
