/* test_writer.c: documents that change, through the library: ids unique per
 * index (an add replaces, last one wins, across batches, flushes, reopened
 * writers and rebuilds), deletions by id and by query and their order with
 * adds, ids the writer refuses, a failed commit retried, and the merge
 * policy (segments stay logarithmic in the number of commits, results equal
 * a single build). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "index/file.h"
#include "index/merge_policy.h"
#include "support.h"

static acq_writer *open_writer_with(const char *dir, size_t budget, int merge_factor, int replace)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    o.merge_factor = merge_factor;
    o.replace = replace;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    return w;
}

static acq_writer *open_writer(const char *dir) { return open_writer_with(dir, 0, 0, 0); }

static void add(acq_writer *w, const char *id, const char *text, const char *type)
{
    acq_document d = {0};
    d.id = id;
    d.title = id;
    d.text = text;
    d.type = type;
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static void commit(acq_writer *w) { cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w)); }

static acq_index *open_index(const char *dir)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

static uint64_t live_docs(const char *dir)
{
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    acq_index_close(ix);
    return st.documents;
}

/* The ids of every match of q, in rank order, joined by spaces. */
static char *ids_of(const char *dir, const char *q)
{
    acq_index *ix = open_index(dir);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 1000;
    o.count = 1;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    static char out[8192];
    out[0] = '\0';
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        strcat(out, i ? " " : "");
        strncat(out, h->id, sizeof out - strlen(out) - 2);
    }
    acq_results_free(r);
    acq_index_close(ix);
    return out;
}

Test(writer, adding_an_existing_id_replaces_the_document_at_the_next_commit)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add(w, "a", "europol regulation first version", "REG");
    add(w, "b", "schengen borders code", "REG");
    commit(w);
    add(w, "a", "europol regulation amended text", "REG");
    /* Until the commit, readers see the first version. */
    cr_assert_str_eq(ids_of(dir, "first"), "a");
    commit(w);
    cr_assert_str_eq(ids_of(dir, "first"), "");
    cr_assert_str_eq(ids_of(dir, "amended"), "a");
    cr_assert_str_eq(ids_of(dir, "id:a"), "a");
    cr_assert_eq(live_docs(dir), 2);
    acq_writer_close(w);
    /* A new writer (an append from the command line) replaces too. */
    w = open_writer(dir);
    add(w, "b", "schengen information system", "DEC");
    commit(w);
    acq_writer_close(w);
    cr_assert_str_eq(ids_of(dir, "borders"), "");
    cr_assert_str_eq(ids_of(dir, "information"), "b");
    cr_assert_str_eq(ids_of(dir, "type:dec"), "b");
    cr_assert_eq(live_docs(dir), 2);
    test_rmrf(dir);
    free(dir);
}

Test(writer, the_last_add_of_an_id_in_one_batch_wins_across_flushes)
{
    char *dir = test_tmpdir();
    /* A tiny budget flushes a segment every ACQ_FLUSH_LAG + 1 documents (the
     * flush rule looks that far back), so the copies of one id land in
     * different uncommitted segments. */
    enum { IDS = 70 };
    acq_writer *w = open_writer_with(dir, 1, 1, 0);
    char id[32], text[128];
    for (int round = 0; round < 5; round++)
        for (int i = 0; i < IDS; i++) {
            snprintf(id, sizeof id, "doc-%d", i);
            snprintf(text, sizeof text, "round%d word%d common", round, i);
            add(w, id, text, "REG");
        }
    cr_assert_gt(acq_writer_segment_count(w), 1, "the copies should be in several uncommitted segments");
    commit(w);
    acq_writer_close(w);
    cr_assert_eq(live_docs(dir), IDS);
    for (int round = 0; round < 4; round++) {
        snprintf(text, sizeof text, "round%d", round);
        cr_assert_str_eq(ids_of(dir, text), "", "%s", text);
    }
    /* Each id once, in the order of the surviving adds. */
    cr_assert_eq(strlen(ids_of(dir, "round4")) > 0, 1);
    char *all = ids_of(dir, "common");
    int n = 0;
    for (char *p = strtok(all, " "); p; p = strtok(NULL, " "))
        n++;
    cr_assert_eq(n, IDS);
    test_rmrf(dir);
    free(dir);
}

Test(writer, deletes_and_adds_of_one_id_apply_in_the_order_made)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add(w, "x", "alpha", NULL);
    add(w, "y", "alpha", NULL);
    commit(w);
    /* Delete then add in one batch: the new one stays. */
    cr_assert_eq(acq_writer_delete(w, "x"), ACQ_OK);
    add(w, "x", "beta", NULL);
    /* Add then delete in one batch: nothing stays. */
    add(w, "z", "alpha", NULL);
    cr_assert_eq(acq_writer_delete(w, "z"), ACQ_OK);
    cr_assert_eq(acq_writer_delete(w, "y"), ACQ_OK);
    cr_assert_eq(acq_writer_delete(w, "never-there"), ACQ_OK);
    commit(w);
    cr_assert_str_eq(ids_of(dir, "alpha"), "");
    cr_assert_str_eq(ids_of(dir, "beta"), "x");
    cr_assert_eq(live_docs(dir), 1);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

Test(writer, a_rebuild_dedups_its_own_input)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add(w, "old", "stale", NULL);
    commit(w);
    acq_writer_close(w);
    w = open_writer_with(dir, 0, 0, 1);
    add(w, "k", "first", NULL);
    add(w, "k", "second", NULL);
    commit(w);
    acq_writer_close(w);
    cr_assert_str_eq(ids_of(dir, "stale"), "");
    cr_assert_str_eq(ids_of(dir, "first"), "");
    cr_assert_str_eq(ids_of(dir, "second"), "k");
    cr_assert_eq(live_docs(dir), 1);
    test_rmrf(dir);
    free(dir);
}

Test(writer, delete_by_query_takes_what_was_there_before_the_call)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add(w, "d1", "visa code", "DEC");
    add(w, "r1", "visa regulation", "REG");
    commit(w);
    add(w, "d2", "visa list", "DEC");
    cr_assert_eq(acq_writer_delete_query(w, "type:dec visa"), ACQ_OK, "%s", acq_writer_errmsg(w));
    add(w, "d3", "visa waiver", "DEC"); /* after the call: kept */
    commit(w);
    cr_assert_str_eq(ids_of(dir, "visa"), "r1 d3");
    /* A syntax error is reported by the call, with its column. */
    cr_assert_eq(acq_writer_delete_query(w, "\"unclosed"), ACQ_EQUERY);
    cr_assert(strstr(acq_writer_errmsg(w), "column") != NULL, "%s", acq_writer_errmsg(w));
    /* A query matching nothing deletes nothing. */
    cr_assert_eq(acq_writer_delete_query(w, "frontex"), ACQ_OK);
    commit(w);
    cr_assert_eq(live_docs(dir), 2);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

Test(writer, ids_that_cannot_be_looked_up_are_refused)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    char longid[300];
    memset(longid, 'a', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    acq_document d = {0};
    d.id = longid;
    d.text = "text";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "at most 254 bytes") != NULL, "%s", acq_writer_errmsg(w));
    longid[254] = '\0'; /* the longest id accepted */
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    d.id = "abc\0def";
    d.id_len = 7;
    cr_assert_eq(acq_writer_add(w, &d), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "U+0000") != NULL, "%s", acq_writer_errmsg(w));
    commit(w);
    acq_writer_close(w);
    /* The longest id can be replaced like any other. */
    w = open_writer(dir);
    d.id = longid;
    d.id_len = 0;
    d.text = "replacement";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    commit(w);
    acq_writer_close(w);
    cr_assert_eq(live_docs(dir), 1);
    cr_assert_str_eq(ids_of(dir, "replacement"), longid);
    test_rmrf(dir);
    free(dir);
}

Test(writer, a_failed_commit_keeps_the_batch_for_a_retry)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add(w, "a", "one", NULL);
    add(w, "b", "two", NULL);
    commit(w);
    add(w, "a", "uno", NULL);
    cr_assert_eq(acq_writer_delete(w, "b"), ACQ_OK);
    /* Fail each file operation of the commit in turn, then retry. */
    for (long k = 1; k < 40; k++) {
        acq_io_fail_after(k);
        int rc = acq_writer_commit(w);
        acq_io_fail_after(0);
        if (rc == ACQ_OK)
            break;
        cr_assert_eq(rc, ACQ_EIO, "%s", acq_writer_errmsg(w));
        if (acq_writer_commit(w) == ACQ_OK)
            break;
        /* A flush that lost its documents refuses further work. */
        acq_writer_close(w);
        w = open_writer(dir);
        add(w, "a", "uno", NULL);
        cr_assert_eq(acq_writer_delete(w, "b"), ACQ_OK);
    }
    acq_writer_close(w);
    cr_assert_str_eq(ids_of(dir, "uno one two"), "a");
    cr_assert_eq(live_docs(dir), 1);
    test_rmrf(dir);
    free(dir);
}

/* ---- the merge policy ---------------------------------------------------- */

Test(writer, the_policy_keeps_segments_logarithmic_and_rewrites_little)
{
    /* Simulates 20,000 commits of 3 documents each under the policy alone. */
    enum { COMMITS = 20000, PER = 3 };
    uint32_t docs[512], deleted[512] = {0};
    size_t n = 0, most = 0;
    uint64_t rewritten = 0;
    acq_merge_range r[512];
    for (int c = 0; c < COMMITS; c++) {
        docs[n++] = PER;
        for (;;) {
            size_t k = acq_merge_policy(docs, deleted, n, 10, r, 512);
            if (k == 0)
                break;
            for (size_t i = k; i-- > 0;) {
                uint32_t sum = 0;
                for (size_t j = 0; j < r[i].count; j++)
                    sum += docs[r[i].first + j];
                rewritten += sum;
                docs[r[i].first] = sum;
                memmove(&docs[r[i].first + 1], &docs[r[i].first + r[i].count],
                        (n - r[i].first - r[i].count) * sizeof docs[0]);
                n -= r[i].count - 1;
            }
        }
        if (n > most)
            most = n;
    }
    /* 60,000 documents: a few levels of at most 9 segments each. */
    cr_assert_leq(most, 40, "%zu segments", most);
    /* Each document rewritten about once per level above the floor. */
    cr_assert_leq(rewritten, (uint64_t)COMMITS * PER * 6, "%llu", (unsigned long long)rewritten);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += docs[i];
    cr_assert_eq(total, (uint64_t)COMMITS * PER);
}

Test(writer, a_segment_mostly_deleted_is_rewritten)
{
    uint32_t docs[] = {50000, 4000, 3000}, deleted[] = {30000, 0, 0};
    acq_merge_range r[4];
    size_t k = acq_merge_policy(docs, deleted, 3, 10, r, 4);
    cr_assert_eq(k, 1);
    cr_assert_eq(r[0].first, 0);
    cr_assert_eq(r[0].count, 1);
    deleted[0] = 20000;
    cr_assert_eq(acq_merge_policy(docs, deleted, 3, 10, r, 4), 0);
}

Test(writer, many_small_commits_keep_few_segments_and_the_same_results)
{
    char *dir = test_tmpdir(), *one = test_tmpdir();
    acq_writer *w = open_writer(dir);
    acq_writer *b = open_writer_with(one, 0, 1, 0);
    char id[32], text[160];
    size_t most = 0;
    for (int c = 0; c < 150; c++) {
        for (int i = 0; i < 2; i++) {
            snprintf(id, sizeof id, "c%d-%d", c, i);
            snprintf(text, sizeof text, "commit%d member%d shared words %s", c, i, c % 7 ? "often" : "rarely");
            add(w, id, text, "REG");
            add(b, id, text, "REG");
        }
        if (c % 5 == 4) { /* replace an earlier document now and then */
            snprintf(id, sizeof id, "c%d-0", c / 2);
            add(w, id, "replaced shared words", "DEC");
            add(b, id, "replaced shared words", "DEC");
        }
        commit(w);
        if (acq_writer_segment_count(w) > most)
            most = acq_writer_segment_count(w);
    }
    commit(b);
    acq_writer_close(w);
    acq_writer_close(b);
    cr_assert_leq(most, 12, "%zu segments", most);
    cr_assert_eq(live_docs(dir), live_docs(one));
    const char *queries[] = {"shared", "often rarely", "replaced", "type:dec shared", "commit77", "\"shared words\""};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        char *a = strdup(ids_of(dir, queries[q]));
        cr_assert_str_eq(a, ids_of(one, queries[q]), "%s", queries[q]);
        free(a);
    }
    test_rmrf(dir);
    test_rmrf(one);
    free(dir);
    free(one);
}
