/* test_failures.c: injected failures. For n = 1, 2, ... the n-th allocation
 * (acq_alloc_fail_after) or the n-th file operation (acq_io_fail_after)
 * fails, over writer open / add / delete / commit / merge and index open /
 * search (snippets, explanations, counts, built queries) / stats. Every
 * failure must come back as a negative code (ACQ_ENOMEM, ACQ_EIO), never a
 * crash or a leak (the ASan build checks), and leave the index usable: after
 * a failed commit or merge the previous commit reads exactly as before, and
 * a new writer can write again. The loop ends when a run no longer reaches
 * the n-th operation.
 *
 * Whether the injected failure was reached is found by probing: if the
 * countdown is still running after the run, one of the next n operations
 * fails. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acquis.h"
#include "common/alloc.h"
#include "index/file.h"
#include "support.h"

/* Thousands of indexes are made and thrown away here: on tmpfs when there
 * is one, since fsync on a disk would make the loops take minutes, and
 * removed without a shell. */
static char *scratch_dir(void)
{
    struct stat st;
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        char tmpl[] = "/dev/shm/acquis-failures-XXXXXX";
        if (mkdtemp(tmpl) != NULL)
            return strdup(tmpl);
    }
    return test_tmpdir();
}

/* An index directory is flat: its files, then itself. */
static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

static const char *const TEXTS[][3] = {
    {"d1", "Europol Regulation", "Police cooperation through Europol, the agency for law enforcement cooperation."},
    {"d2", "Prüm Decision", "Cross-border exchange of DNA profiles, fingerprints and vehicle registration data."},
    {"d3", "European Arrest Warrant", "The European arrest warrant replaces extradition; police cooperation is separate."},
    {"d4", "Schengen Borders Code", "Rules on border control of persons crossing the external borders; police checks."},
    {"d5", "Anti-money-laundering directive", "The use of the financial system for money laundering and terrorist financing."},
    {"d6", "Coopération policière", "La coopération policière entre les États membres et Europol."},
};

static int add(acq_writer *w, int i)
{
    acq_document d = {0};
    d.id = TEXTS[i][0];
    d.title = TEXTS[i][1];
    d.text = TEXTS[i][2];
    d.date = i % 2 ? "2016-05-11" : "2008";
    d.type = i % 2 ? "REG" : "DIR";
    d.lang = i == 5 ? "fr" : NULL;
    d.celex = "32016R0794";
    return acq_writer_add(w, &d);
}

/* Did the run reach the injected failure? Clears the countdown either way. */
static int alloc_failure_reached(long n)
{
    int pending = 0;
    for (long i = 0; i < n && !pending; i++) {
        void *p = acq_malloc(1);
        pending = p == NULL;
        acq_free(p);
    }
    acq_alloc_fail_after(0);
    return !pending;
}

static int io_failure_reached(long n)
{
    int pending = 0;
    for (long i = 0; i < n && !pending; i++)
        pending = acq_io_injected_failure();
    acq_io_fail_after(0);
    return !pending;
}

/* Results as one string: total, then id and exact score per hit. */
static char *results_of(acq_index *ix, const char *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    o.k = 100;
    acq_results *r = NULL;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s, cap, "%llu:", (unsigned long long)acq_results_total(r));
    for (size_t i = 0; i < acq_results_count(r) && len < cap; i++)
        len += (size_t)snprintf(s + len, cap - len, " %s %a", acq_results_hit(r, i)->id, acq_results_hit(r, i)->score);
    acq_results_free(r);
    return s;
}

static const char *const PROBES[] = {"police", "europol cooperation", "\"arrest warrant\"", "border* OR laundering",
                                      "date:2016 type:REG", "title:decision"};
#define NPROBES (sizeof PROBES / sizeof PROBES[0])

/* What every probe query returns from the index in dir. */
static char *state_of(const char *dir)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    size_t cap = NPROBES * 4096 + 64, len = 0;
    char *all = malloc(cap);
    all[0] = '\0';
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    len += (size_t)snprintf(all, cap, "docs %llu deleted %llu\n", (unsigned long long)st.documents,
                            (unsigned long long)st.deleted);
    for (size_t i = 0; i < NPROBES; i++) {
        char *s = results_of(ix, PROBES[i]);
        len += (size_t)snprintf(all + len, cap - len, "%s\n", s);
        free(s);
    }
    acq_index_close(ix);
    return all;
}

/* A fresh writer can open the index, write and commit, and the result reads. */
static void expect_writable(const char *dir)
{
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(add(w, 3), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    free(state_of(dir));
}

/* ---- allocation failures ------------------------------------------------------------- */

/* The whole writing life of an index; returns the first failing code. */
static int write_session(const char *dir)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = 4096; /* the smallest segments: a flush at each commit */
    acq_writer *w = NULL;
    int rc = acq_writer_open(&w, dir, &o, NULL, 0);
    if (rc != ACQ_OK) {
        cr_assert_null(w);
        return rc;
    }
    for (int i = 0; i < 3 && rc == ACQ_OK; i++)
        rc = add(w, i);
    if (rc == ACQ_OK)
        rc = acq_writer_commit(w);
    if (rc == ACQ_OK)
        rc = acq_writer_delete(w, "d2");
    for (int i = 3; i < 6 && rc == ACQ_OK; i++)
        rc = add(w, i);
    if (rc == ACQ_OK)
        rc = acq_writer_commit(w);
    if (rc == ACQ_OK)
        rc = acq_writer_merge(w);
    if (rc != ACQ_OK)
        cr_assert_not_null(acq_writer_errmsg(w));
    acq_writer_close(w);
    return rc;
}

Test(failures, allocation_failures_while_writing)
{
    char *ref = scratch_dir();
    cr_assert_eq(write_session(ref), ACQ_OK);
    char *want = state_of(ref);
    long n = 1;
    for (;; n++) {
        char *dir = scratch_dir();
        acq_alloc_fail_after(n);
        int rc = write_session(dir);
        int reached = alloc_failure_reached(n);
        if (rc != ACQ_OK) {
            cr_assert_eq(rc, ACQ_ENOMEM, "allocation %ld: rc %d (%s)", n, rc, acq_strerror(rc));
            cr_assert(reached, "allocation %ld: a failure without the injected one", n);
            /* Whatever was committed stays readable; the index is writable. */
            acq_index *ix = NULL;
            if (acq_index_open(&ix, dir, NULL, 0) == ACQ_OK) {
                acq_index_close(ix);
                free(state_of(dir));
            }
            expect_writable(dir);
        } else {
            char *got = state_of(dir);
            cr_assert_str_eq(got, want, "allocation %ld failed silently and changed the index", n);
            free(got);
        }
        remove_dir(dir);
        if (!reached)
            break;
    }
    cr_assert_gt(n, 50, "only %ld allocations", n);
    free(want);
    remove_dir(ref);
}

/* Replacing d1 (ids are unique: the add takes the committed d1's place at
 * the commit) while the n-th allocation from the add on fails, for every
 * n: the add and the commit succeed and d1 is replaced; or the add fails
 * and the index stays as it was, d1 included (a failed add never costs
 * the document it was to replace: its id is touched only once it is in;
 * nor commits part of itself: a builder that failed mid-document loses
 * the batch); or the commit fails, and the index reads as before or as
 * replaced, nothing between. With one thread and with two (the feed's
 * failures surface at the commit). */
/* A writer on dir after one commit of d1..d3 (budget 0: the default). */
static acq_writer *writer_after_first_commit(const char *dir, int threads, size_t budget)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.threads = threads;
    o.memory_budget = budget;
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(add(w, i), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    return w;
}

static void replace_committed(const char *dir, int threads, long n, int *add_rc, int *commit_rc)
{
    acq_writer *w = writer_after_first_commit(dir, threads, 0);
    acq_document d = {0};
    d.id = "d1";
    d.title = TEXTS[4][1];
    d.text = TEXTS[4][2];
    acq_alloc_fail_after(n);
    *add_rc = acq_writer_add(w, &d);
    *commit_rc = acq_writer_commit(w);
    acq_writer_close(w);
}

static void failed_replacement_keeps_the_document(int threads)
{
    char *ref = scratch_dir();
    int add_rc, commit_rc;
    replace_committed(ref, threads, 0, &add_rc, &commit_rc);
    cr_assert_eq(add_rc, ACQ_OK);
    cr_assert_eq(commit_rc, ACQ_OK);
    char *replaced = state_of(ref);
    remove_dir(ref);
    /* The index as committed before the replacement. */
    ref = scratch_dir();
    acq_writer_close(writer_after_first_commit(ref, threads, 0));
    char *before = state_of(ref);
    remove_dir(ref);
    int failed = 0;
    for (long n = 1;; n++) {
        char *dir = scratch_dir();
        replace_committed(dir, threads, n, &add_rc, &commit_rc);
        int reached = alloc_failure_reached(n);
        char *got = state_of(dir);
        if (add_rc == ACQ_OK && commit_rc == ACQ_OK) {
            cr_assert_str_eq(got, replaced, "allocation %ld: the replacement succeeded but reads otherwise", n);
        } else if (add_rc != ACQ_OK) {
            cr_assert_eq(add_rc, ACQ_ENOMEM, "allocation %ld: rc %d", n, add_rc);
            cr_assert_str_eq(got, before, "allocation %ld: a failed add changed the index", n);
            failed++;
        } else {
            /* A commit fails before its manifest (nothing changed) or in
             * the policy's merge after it (the replacement is in). */
            cr_assert_eq(commit_rc, ACQ_ENOMEM, "allocation %ld: rc %d", n, commit_rc);
            cr_assert(strcmp(got, before) == 0 || strcmp(got, replaced) == 0,
                      "allocation %ld: a failed commit left half a replacement:\n%s", n, got);
            failed++;
        }
        free(got);
        remove_dir(dir);
        if (!reached)
            break;
    }
    cr_assert_gt(failed, 10);
    free(replaced);
    free(before);
}

Test(failures, failed_replacement_keeps_the_document_one_thread) { failed_replacement_keeps_the_document(1); }
Test(failures, failed_replacement_keeps_the_document_two_threads) { failed_replacement_keeps_the_document(2); }

/* Everything a reader does; returns the first failing code. */
static int read_session(const char *dir, char **summary)
{
    acq_index *ix = NULL;
    char msg[512];
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (rc != ACQ_OK) {
        cr_assert_null(ix);
        return rc;
    }
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.snippets = o.explain = o.count = 1;
    size_t len = 0, cap = 1 << 16;
    char *s = summary ? calloc(1, cap) : NULL;
    for (size_t i = 0; i < NPROBES && rc == ACQ_OK; i++) {
        acq_results *r = NULL;
        rc = acq_search(&r, ix, PROBES[i], &o, msg, sizeof msg);
        if (rc != ACQ_OK)
            cr_assert_null(r);
        for (size_t k = 0; s && k < acq_results_count(r); k++) {
            const acq_hit *h = acq_results_hit(r, k);
            len += (size_t)snprintf(s + len, cap - len, "%s %a %s|%s\n", h->id, h->score, h->snippet, h->explanation);
        }
        acq_results_free(r);
    }
    /* A built query: (europol OR "police cooperation") -title:schengen */
    acq_query *q = NULL, *a = NULL, *b = NULL, *c = NULL;
    if (rc == ACQ_OK)
        rc = acq_query_new_bool(&q);
    if (rc == ACQ_OK && (rc = acq_query_new_term(&a, "body", "europol")) == ACQ_OK &&
        (rc = acq_query_add(q, a, ACQ_OCCUR_SHOULD)) != ACQ_OK)
        acq_query_destroy(a);
    if (rc == ACQ_OK && (rc = acq_query_new_phrase(&b, NULL, "police cooperation", 0)) == ACQ_OK &&
        (rc = acq_query_add(q, b, ACQ_OCCUR_SHOULD)) != ACQ_OK)
        acq_query_destroy(b);
    if (rc == ACQ_OK && (rc = acq_query_new_term(&c, "title", "schengen")) == ACQ_OK &&
        (rc = acq_query_add(q, c, ACQ_OCCUR_MUST_NOT)) != ACQ_OK)
        acq_query_destroy(c);
    if (rc == ACQ_OK) {
        acq_results *r = NULL;
        rc = acq_search_query(&r, ix, q, &o, msg, sizeof msg);
        for (size_t k = 0; s && k < acq_results_count(r); k++)
            len += (size_t)snprintf(s + len, cap - len, "%s %a\n", acq_results_hit(r, k)->id, acq_results_hit(r, k)->score);
        acq_results_free(r);
    }
    acq_query_destroy(q);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    if (rc == ACQ_OK)
        rc = acq_index_stats_get(ix, &st);
    acq_index_close(ix);
    if (summary)
        *summary = s;
    return rc;
}

Test(failures, allocation_failures_while_reading)
{
    char *dir = scratch_dir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = 4096;
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(add(w, i), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_writer_delete(w, "d4"), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    char *want = NULL;
    cr_assert_eq(read_session(dir, &want), ACQ_OK);
    long n = 1;
    for (;; n++) {
        acq_alloc_fail_after(n);
        char *got = NULL;
        int rc = read_session(dir, &got);
        int reached = alloc_failure_reached(n);
        if (rc != ACQ_OK) {
            cr_assert_eq(rc, ACQ_ENOMEM, "allocation %ld: rc %d (%s)", n, rc, acq_strerror(rc));
            cr_assert(reached);
        } else {
            cr_assert_str_eq(got, want, "allocation %ld failed silently and changed the results:\n%s\n---\n%s", n, got, want);
        }
        free(got);
        if (!reached)
            break;
    }
    cr_assert_gt(n, 50, "only %ld allocations", n);
    free(want);
    remove_dir(dir);
}

/* ---- I/O failures ---------------------------------------------------------------------------- */

/* An index with one commit of d1..d3 (the smallest budget). */
static char *first_commit(void)
{
    char *dir = scratch_dir();
    acq_writer_close(writer_after_first_commit(dir, 0, 4096));
    return dir;
}

/* The second commit: three more documents and a deletion, the first
 * `steps` of them (4: all); *done counts the calls that succeeded. */
static int second_commit_part(acq_writer *w, int steps, int *done)
{
    int rc = ACQ_OK;
    *done = 0;
    for (int i = 3; i < 6 && *done < steps && rc == ACQ_OK; i++)
        if ((rc = add(w, i)) == ACQ_OK)
            ++*done;
    if (rc == ACQ_OK && *done < steps && (rc = acq_writer_delete(w, "d1")) == ACQ_OK)
        ++*done;
    if (rc == ACQ_OK)
        rc = acq_writer_commit(w);
    return rc;
}

static int second_commit(acq_writer *w)
{
    int done;
    return second_commit_part(w, 4, &done);
}

/* The state after the first commit and then the first `steps` calls of the
 * second one, committed. */
static char *state_after_steps(int steps, const acq_writer_options *o)
{
    char *dir = first_commit();
    acq_writer *w = NULL;
    int done;
    cr_assert_eq(acq_writer_open(&w, dir, o, NULL, 0), ACQ_OK);
    cr_assert_eq(second_commit_part(w, steps, &done), ACQ_OK);
    acq_writer_close(w);
    char *s = state_of(dir);
    remove_dir(dir);
    return s;
}

Test(failures, io_failures_during_commit_keep_the_previous_commit)
{
    char *dir = first_commit();
    char *before = state_of(dir);
    /* The default budget: the second commit's documents stay in memory
     * until the deletion or the commit writes them out. */
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
    cr_assert_eq(second_commit(w), ACQ_OK);
    acq_writer_close(w);
    char *after = state_of(dir);
    cr_assert_str_neq(before, after);
    remove_dir(dir);

    long n = 1;
    for (;; n++) {
        dir = first_commit();
        cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
        acq_io_fail_after(n);
        int done;
        int rc = second_commit_part(w, 4, &done);
        int reached = io_failure_reached(n);
        int complete = 1; /* the index should end as `after` */
        char *got;
        if (rc != ACQ_OK) {
            cr_assert_eq(rc, ACQ_EIO, "operation %ld: rc %d (%s)", n, rc, acq_strerror(rc));
            cr_assert(reached);
            cr_assert(strlen(acq_writer_errmsg(w)) > 0);
            got = state_of(dir);
            cr_assert_str_eq(got, before, "operation %ld: the failed commit changed the index", n);
            free(got);
            /* The same writer commits again: every call that succeeded is
             * in, or it refuses (documents it held were lost), never less. */
            int again = acq_writer_commit(w);
            got = state_of(dir);
            if (again == ACQ_OK) {
                char *want = done == 4 ? strdup(after) : state_after_steps(done, &o);
                cr_assert_str_eq(got, want, "operation %ld: the retried commit lost documents (%d calls done)", n, done);
                free(want);
                complete = done == 4;
            } else {
                cr_assert_eq(again, ACQ_EIO, "operation %ld: retry rc %d", n, again);
                cr_assert_str_eq(got, before, "operation %ld", n);
            }
            free(got);
            acq_writer_close(w);
            if (again != ACQ_OK) {
                /* A new writer redoes the commit. */
                cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
                cr_assert_eq(second_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
                acq_writer_close(w);
            }
        } else {
            acq_writer_close(w);
        }
        got = state_of(dir);
        if (complete)
            cr_assert_str_eq(got, after, "operation %ld", n);
        free(got);
        remove_dir(dir);
        if (!reached)
            break;
    }
    cr_assert_gt(n, 10, "only %ld file operations", n);
    free(before);
    free(after);
}

/* An index of three commits with a deletion: several segments to merge. */
static char *before_merge(void)
{
    char *dir = first_commit();
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, NULL, 0), ACQ_OK);
    cr_assert_eq(second_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

Test(failures, io_failures_during_merge_keep_the_previous_commit)
{
    char *dir = before_merge();
    char *before = state_of(dir);
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, NULL, 0), ACQ_OK);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK);
    cr_assert_eq(acq_writer_segment_count(w), 1);
    acq_writer_close(w);
    char *after = state_of(dir);
    remove_dir(dir);

    long n = 1;
    for (;; n++) {
        dir = before_merge();
        cr_assert_eq(acq_writer_open(&w, dir, NULL, NULL, 0), ACQ_OK);
        /* A reader of the old commit open across the failure. */
        acq_index *old = NULL;
        cr_assert_eq(acq_index_open(&old, dir, NULL, 0), ACQ_OK);
        acq_io_fail_after(n);
        int rc = acq_writer_merge(w);
        int reached = io_failure_reached(n);
        char *got = results_of(old, "police OR europol");
        acq_index_close(old);
        free(got);
        if (rc != ACQ_OK) {
            cr_assert_eq(rc, ACQ_EIO, "operation %ld: rc %d (%s)", n, rc, acq_strerror(rc));
            cr_assert(reached);
            cr_assert(strlen(acq_writer_errmsg(w)) > 0);
            got = state_of(dir);
            cr_assert_str_eq(got, before, "operation %ld: the failed merge changed the index", n);
            free(got);
            /* The same writer can merge again. */
            cr_assert_eq(acq_writer_merge(w), ACQ_OK, "operation %ld: %s", n, acq_writer_errmsg(w));
        }
        cr_assert_eq(acq_writer_segment_count(w), 1);
        acq_writer_close(w);
        got = state_of(dir);
        cr_assert_str_eq(got, after, "operation %ld", n);
        free(got);
        remove_dir(dir);
        if (!reached)
            break;
    }
    cr_assert_gt(n, 10, "only %ld file operations", n);
    free(before);
    free(after);
}
