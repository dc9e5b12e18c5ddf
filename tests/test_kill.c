/* test_kill.c: a writing process killed with SIGKILL at random moments.
 *
 * A child process loops over random adds, replaces (an id added again),
 * deletes, deletions by query, commits, merges and writer reopenings (some
 * of them rebuilds, with the replace option) on one index. Before each
 * commit or merge it records the state that call will make ("intent"),
 * after the call returns the state it made ("done"), each
 * written to a side file, fsynced and renamed into place; the model is the
 * version of each generated document (snapshot.h), so a state is a short
 * line of numbers. The parent kills the child with SIGKILL after a random
 * delay, then opens the index and checks that it holds exactly the "done"
 * state or, if a call was in flight, exactly its "intent" state: the same
 * documents, the same stored fields, every checksum good, each document
 * found by its own word. The next child starts from what was found. At the
 * end a last writer commits and no file the manifest does not name is left.
 *
 * ACQ_KILL_RUNS (default 60) sets the number of kills, ACQ_KILL_SEED the
 * seed (printed on failure with the run that failed). No timeout of its own,
 * so that a soak run directly is not cut short (CTest's 300 s applies to
 * the suite). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "acquis.h"
#include "index/manifest.h"
#include "snapshot.h"
#include "support.h"

#define NDOCS 48

typedef struct state {
    long seq;              /* calls that changed the model, counted */
    int v[NDOCS];          /* version of each document, 0 = absent */
    int versions[NDOCS];   /* versions handed out so far (a new add gets the next) */
} state;

static uint64_t next_rand(uint64_t *s)
{
    /* splitmix64: good enough, and the same on every platform */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int save_state(const char *path, const state *s)
{
    char line[NDOCS * 24 + 64];
    int n = snprintf(line, sizeof line, "%ld", s->seq);
    for (int i = 0; i < NDOCS; i++)
        n += snprintf(line + n, sizeof line - (size_t)n, " %d/%d", s->v[i], s->versions[i]);
    line[n++] = '\n';
    return test_write_durably(path, line, (size_t)n);
}

static int load_state(const char *path, state *s)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : -1;
    int ok = fscanf(f, "%ld", &s->seq) == 1;
    for (int i = 0; ok && i < NDOCS; i++)
        ok = fscanf(f, " %d/%d", &s->v[i], &s->versions[i]) == 2;
    fclose(f);
    return ok ? 0 : -1;
}

/* ---- the child ---------------------------------------------------------- */

static char side[4096], dir[4096];

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", side, name); }

/* Reports why the child stopped on its own, for the parent to print. */
static void child_fail(const char *fmt, const char *detail)
{
    char p[4200], msg[1024];
    path_of(p, sizeof p, "child-error");
    int n = snprintf(msg, sizeof msg, fmt, detail);
    test_write_durably(p, msg, (size_t)n);
    _exit(1);
}

/* Opens a writer; one in 16 is a rebuild (the replace option: its first
 * commit drops every document already there), which empties the model. */
static acq_writer *child_open(uint64_t *rng, state *s)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.replace = next_rand(rng) % 16 == 0;
    if (o.replace)
        memset(s->v, 0, sizeof s->v);
    o.merge_factor = 2 + (int)(next_rand(rng) % 3);
    /* Small budgets: segments flushed before the commit too, and small
     * caches (a writer opens at every run). */
    o.memory_budget = next_rand(rng) % 2 ? 4 << 20 : 64 << 10;
    acq_writer *w = NULL;
    char msg[512];
    if (acq_writer_open(&w, dir, &o, msg, sizeof msg) != ACQ_OK)
        child_fail("acq_writer_open: %s", msg);
    return w;
}

/* Never returns: loops until killed (or, if the parent is gone, for a few
 * seconds). */
static void child(uint64_t seed)
{
    state s;
    char done_path[4200], intent_path[4200];
    path_of(done_path, sizeof done_path, "done");
    path_of(intent_path, sizeof intent_path, "intent");
    if (load_state(done_path, &s) != 0)
        child_fail("%s: cannot read the model", done_path);
    uint64_t rng = seed;
    acq_writer *w = child_open(&rng, &s);
    time_t start = time(NULL);
    while (time(NULL) - start < 10) {
        uint64_t r = next_rand(&rng) % 100;
        int n = (int)(next_rand(&rng) % NDOCS);
        char id[16];
        snprintf(id, sizeof id, "d%03d", n);
        if (r < 45) { /* add, or replace if it is there */
            s.v[n] = ++s.versions[n];
            if (test_gen_add(w, n, s.v[n]) != ACQ_OK)
                child_fail("acq_writer_add: %s", acq_writer_errmsg(w));
        } else if (r < 62) {
            s.v[n] = 0;
            if (acq_writer_delete(w, id) != ACQ_OK)
                child_fail("acq_writer_delete: %s", acq_writer_errmsg(w));
        } else if (r < 67 && s.v[n]) { /* by its own word: only this version */
            char q[32];
            snprintf(q, sizeof q, "u%dv%d", n, s.v[n]);
            s.v[n] = 0;
            if (acq_writer_delete_query(w, q) != ACQ_OK)
                child_fail("acq_writer_delete_query: %s", acq_writer_errmsg(w));
        } else if (r < 84) {
            int merge = r >= 81;
            s.seq++;
            if (save_state(intent_path, &s) != 0)
                child_fail("%s: cannot write the model", intent_path);
            int rc = merge ? acq_writer_merge(w) : acq_writer_commit(w);
            if (rc != ACQ_OK)
                child_fail(merge ? "acq_writer_merge: %s" : "acq_writer_commit: %s", acq_writer_errmsg(w));
            if (save_state(done_path, &s) != 0)
                child_fail("%s: cannot write the model", done_path);
        } else if (r < 86) {
            /* Uncommitted work is rolled back by a close. */
            acq_writer_close(w);
            if (load_state(done_path, &s) != 0)
                child_fail("%s: cannot read the model", done_path);
            w = child_open(&rng, &s);
        }
    }
    _exit(0);
}

/* ---- the parent ---------------------------------------------------------- */

static char *scratch_dir(void)
{
    struct stat st;
    /* Many commits: on tmpfs when there is one (SIGKILL spares the page
     * cache, so a disk would add only time). */
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        char tmpl[] = "/dev/shm/acquis-kill-XXXXXX";
        if (mkdtemp(tmpl) != NULL)
            return strdup(tmpl);
    }
    return test_tmpdir();
}

/* 0 if the index holds exactly state s, else -1 with why. */
static int holds(const state *s, char *why, size_t n)
{
    acq_index *ix = NULL;
    char msg[512] = "";
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (rc == ACQ_ENOTFOUND && s->seq == 0) {
        int any = 0;
        for (int i = 0; i < NDOCS; i++)
            any |= s->v[i] != 0;
        if (!any)
            return 0;
    }
    if (rc != ACQ_OK) {
        snprintf(why, n, "acq_index_open: %s (%s)", acq_strerror(rc), msg);
        return -1;
    }
    test_docs docs;
    int res = -1;
    if ((rc = acq_index_verify(ix, msg, sizeof msg)) != ACQ_OK)
        snprintf(why, n, "acq_index_verify: %s (%s)", acq_strerror(rc), msg);
    else if ((rc = test_docs_read(ix, 0, &docs, msg, sizeof msg)) != ACQ_OK)
        snprintf(why, n, "reading the stored documents: %s (%s)", acq_strerror(rc), msg);
    else {
        res = test_docs_match(&docs, s->v, NDOCS, why, n) == 0 && test_search_match(ix, s->v, NDOCS, why, n) == 0 ? 0 : -1;
        test_docs_free(&docs);
    }
    acq_index_close(ix);
    return res;
}

static long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : def;
}

Test(kill, sigkill_at_random_moments_leaves_a_committed_state)
{
    long runs = env_long("ACQ_KILL_RUNS", 60);
    uint64_t seed = (uint64_t)env_long("ACQ_KILL_SEED", (long)time(NULL) ^ (long)getpid());
    char *work = scratch_dir();
    cr_assert_not_null(work);
    snprintf(side, sizeof side, "%s", work);
    snprintf(dir, sizeof dir, "%s/index", work);
    char done_path[4200], intent_path[4200], err_path[4200];
    path_of(done_path, sizeof done_path, "done");
    path_of(intent_path, sizeof intent_path, "intent");
    path_of(err_path, sizeof err_path, "child-error");
    state zero = {0};
    cr_assert_eq(save_state(done_path, &zero), 0);
    cr_assert_eq(save_state(intent_path, &zero), 0);

    uint64_t rng = seed;
    long in_flight = 0, took_new = 0, commits = 0;
    for (long run = 0; run < runs; run++) {
        uint64_t child_seed = next_rand(&rng);
        /* From 0 to 40 ms, then one run in 8 longer: kills while a writer
         * opens, while it adds, while it commits, after many commits. */
        long delay_us = (long)(next_rand(&rng) % 40000);
        if (next_rand(&rng) % 8 == 0)
            delay_us += 100000;
        fflush(NULL);
        pid_t pid = fork();
        cr_assert_neq(pid, -1, "fork: %s", strerror(errno));
        if (pid == 0)
            child(child_seed);
        usleep((useconds_t)delay_us);
        kill(pid, SIGKILL);
        int st = 0;
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)) {
            char *msg = test_read_file(err_path, NULL);
            cr_assert_fail("seed %llu, run %ld: the child stopped by itself (status %d): %s", (unsigned long long)seed,
                           run, st, msg ? msg : "no message");
        }
        state done, intent;
        cr_assert_eq(load_state(done_path, &done), 0, "seed %llu, run %ld: cannot read %s", (unsigned long long)seed,
                     run, done_path);
        cr_assert_eq(load_state(intent_path, &intent), 0);
        cr_assert(intent.seq == done.seq || intent.seq == done.seq + 1, "seed %llu, run %ld: model files out of step",
                  (unsigned long long)seed, run);
        char why_done[1024] = "", why_intent[1024] = "";
        if (holds(&done, why_done, sizeof why_done) == 0) {
            /* the last call that returned */
        } else if (intent.seq == done.seq + 1 && holds(&intent, why_intent, sizeof why_intent) == 0) {
            /* the call in flight had renamed its manifest: the next child
             * starts from it */
            took_new++;
            cr_assert_eq(save_state(done_path, &intent), 0);
        } else if (intent.seq == done.seq + 1) {
            cr_assert_fail("seed %llu, run %ld (killed after %ld us, call %ld in flight): the index is at neither the "
                           "last committed state (%s) nor the one in flight (%s)",
                           (unsigned long long)seed, run, delay_us, intent.seq, why_done, why_intent);
        } else {
            cr_assert_fail("seed %llu, run %ld (killed after %ld us, no call in flight): the index is not at the last "
                           "committed state: %s", (unsigned long long)seed, run, delay_us, why_done);
        }
        in_flight += intent.seq == done.seq + 1;
        commits = intent.seq;
        /* The next child starts from what the index holds. */
        cr_assert_eq(load_state(done_path, &done), 0);
        cr_assert_eq(save_state(intent_path, &done), 0);
    }

    /* A last writer takes over, removes what the kills left behind and
     * commits; then only files of that commit are left. */
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "seed %llu: %s", (unsigned long long)seed, msg);
    cr_assert_eq(test_gen_add(w, 0, 1000), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "seed %llu: %s", (unsigned long long)seed, acq_writer_errmsg(w));
    acq_writer_close(w);
    acq_manifest m;
    acq_err err = {0};
    cr_assert_eq(acq_manifest_read(&m, dir, &err), ACQ_OK, "%s", err.msg);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "seg-", 4) != 0 && strcmp(e->d_name, "MANIFEST.tmp") != 0)
            continue;
        int named = 0;
        for (size_t i = 0; i < m.nsegs && !named; i++) {
            size_t l = strlen(m.segs[i].name);
            char del[32];
            snprintf(del, sizeof del, "del-%u", m.segs[i].delgen);
            named = strncmp(e->d_name, m.segs[i].name, l) == 0 && e->d_name[l] == '.' &&
                    (strncmp(e->d_name + l + 1, "del-", 4) != 0 || strcmp(e->d_name + l + 1, del) == 0);
        }
        cr_assert(named, "seed %llu: %s is left in the index; its manifest does not name it", (unsigned long long)seed,
                  e->d_name);
    }
    closedir(d);
    acq_manifest_free(&m);
    fprintf(stderr, "kill: %ld SIGKILLs survived (%ld with a commit or merge in flight, %ld of those already at its new "
            "state), %ld commits and merges (seed %llu)\n",
            runs, in_flight, took_new, commits, (unsigned long long)seed);
    test_rmrf(work);
    free(work);
}
