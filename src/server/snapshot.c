/* snapshot.c: the reference-counted index snapshots of the server (see
 * snapshot.h). acq_index_changed reads MANIFEST only, so a check per
 * request would be cheap, but check_ms bounds it under load anyway. */
#include "server/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int server_snaps_open(server_snaps *s, const char *dir, long check_ms, char *errmsg, size_t errmsg_size)
{
    memset(s, 0, sizeof *s);
    server_snap *p = calloc(1, sizeof *p);
    s->dir = strdup(dir);
    if (p == NULL || s->dir == NULL) {
        free(p);
        free(s->dir);
        snprintf(errmsg, errmsg_size, "out of memory");
        return ACQ_ENOMEM;
    }
    int rc = acq_index_open(&p->ix, dir, errmsg, errmsg_size);
    if (rc != ACQ_OK) {
        free(p);
        free(s->dir);
        return rc;
    }
    atomic_init(&p->refs, 1); /* the server's own reference */
    pthread_mutex_init(&p->langs_mu, NULL);
    p->generation = 1;
    p->stats = (acq_index_stats)ACQ_INDEX_STATS_INIT;
    p->stats_rc = acq_index_stats_get(p->ix, &p->stats);
    s->cur = p;
    s->check_ms = check_ms;
    atomic_init(&s->last_check, now_ms());
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->reload_mu, NULL);
    return ACQ_OK;
}

static server_snap *take(server_snaps *s)
{
    pthread_mutex_lock(&s->mu);
    server_snap *p = s->cur;
    atomic_fetch_add(&p->refs, 1);
    pthread_mutex_unlock(&s->mu);
    return p;
}

void server_snap_release(server_snap *p)
{
    if (p && atomic_fetch_sub(&p->refs, 1) == 1) {
        acq_index_close(p->ix);
        pthread_mutex_destroy(&p->langs_mu);
        free(p);
    }
}

int server_snap_languages(server_snap *p)
{
    pthread_mutex_lock(&p->langs_mu);
    if (!p->langs_done) {
        p->langs_rc = acq_index_languages(p->ix, p->langs, 64, &p->nlangs, 1, p->langs_msg, sizeof p->langs_msg);
        if (p->nlangs > 64)
            p->nlangs = 64;
        p->langs_done = 1;
    }
    int rc = p->langs_rc;
    pthread_mutex_unlock(&p->langs_mu);
    return rc;
}

/* Opens the new commit if there is one. A failed check or open (the index
 * being rebuilt, damaged, removed) keeps the current snapshot serving and
 * is reported once on stderr until a check succeeds again. */
static void maybe_reload(server_snaps *s, server_snap *held)
{
    char msg[1024];
    int rc = acq_index_changed(held->ix, msg, sizeof msg);
    server_snap *p = NULL;
    if (rc == 1) {
        p = calloc(1, sizeof *p);
        rc = p ? acq_index_open(&p->ix, s->dir, msg, sizeof msg) : ACQ_ENOMEM;
        if (rc != ACQ_OK) {
            if (p == NULL)
                snprintf(msg, sizeof msg, "out of memory");
            free(p);
            p = NULL;
        }
    }
    if (rc < 0) {
        if (!s->warned)
            fprintf(stderr, "acquis serve: cannot open the new commit of %s (%s); still serving the last one\n",
                    s->dir, msg);
        s->warned = 1;
        return;
    }
    s->warned = 0;
    if (p == NULL)
        return;
    atomic_init(&p->refs, 1);
    pthread_mutex_init(&p->langs_mu, NULL);
    p->generation = held->generation + 1;
    p->stats = (acq_index_stats)ACQ_INDEX_STATS_INIT;
    p->stats_rc = acq_index_stats_get(p->ix, &p->stats);
    pthread_mutex_lock(&s->mu);
    server_snap *old = s->cur;
    s->cur = p;
    pthread_mutex_unlock(&s->mu);
    server_snap_release(old);
}

server_snap *server_snap_acquire(server_snaps *s)
{
    long long t = now_ms(), last = atomic_load(&s->last_check);
    if (t - last >= s->check_ms && atomic_compare_exchange_strong(&s->last_check, &last, t) &&
        pthread_mutex_trylock(&s->reload_mu) == 0) {
        server_snap *held = take(s);
        maybe_reload(s, held);
        server_snap_release(held);
        pthread_mutex_unlock(&s->reload_mu);
    }
    return take(s);
}

void server_snaps_close(server_snaps *s)
{
    server_snap_release(s->cur);
    s->cur = NULL;
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->reload_mu);
    free(s->dir);
}
