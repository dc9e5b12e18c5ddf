/* snapshot.h: the index a server reads, reopened when another commit
 * appears. A request takes a reference to the current snapshot and keeps
 * it until it ends, so that a commit (or a merge that removes segment
 * files) never changes what one request sees; the old snapshot is closed
 * when its last request releases it. */
#ifndef ACQ_SERVER_SNAPSHOT_H
#define ACQ_SERVER_SNAPSHOT_H

#include "acquis.h"

#include <pthread.h>
#include <stdatomic.h>

typedef struct server_snap {
    acq_index *ix;
    atomic_long refs;
    long generation;      /* 1 for the first snapshot, +1 per reopen */
    acq_index_stats stats;/* computed once at open (it walks every
                             dictionary: tens of ms on 30,000 acts) */
    int stats_rc;         /* its return code */
    /* The languages (acq_index_languages with terms, which reads every
     * postings list once): computed by the first /api/stats that needs
     * them, not at open, so that a reload stays quick. */
    pthread_mutex_t langs_mu;
    int langs_done, langs_rc;
    acq_language_stats langs[64]; /* 64 at most are told apart */
    size_t nlangs;
    char langs_msg[256];
} server_snap;

typedef struct server_snaps {
    char *dir;
    long check_ms;        /* look for a new commit at most this often */
    pthread_mutex_t mu;   /* guards cur */
    pthread_mutex_t reload_mu; /* one reopen at a time */
    server_snap *cur;
    atomic_llong last_check; /* ms, monotonic */
    int warned;           /* a failed check was reported (once) */
} server_snaps;

/* Opens the index in dir; errmsg says why not. */
int server_snaps_open(server_snaps *s, const char *dir, long check_ms, char *errmsg, size_t errmsg_size);
/* The current snapshot, referenced (release it), after looking for a new
 * commit if check_ms have passed since the last look. Never NULL. */
server_snap *server_snap_acquire(server_snaps *s);
void server_snap_release(server_snap *p);
/* The languages of p (computed once, by the first caller); ACQ_OK, or the
 * code with p->langs_msg. */
int server_snap_languages(server_snap *p);
/* Closes the current snapshot (no request may hold one). */
void server_snaps_close(server_snaps *s);

#endif
