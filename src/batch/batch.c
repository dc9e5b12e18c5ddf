/* batch.c: a topic set against an index, written as a TREC run ("qid Q0
 * docid rank score tag"), for `acquis batch` and acq_batch_run; lines are
 * written by acq_run_format_query (src/eval/run.c), so the rank column
 * agrees with trec_eval's own ranking of the printed scores.
 *
 * The run is a function of the index's contents and the settings only:
 * every topic is searched on its own, its lines land in its slot, and the
 * slots are joined in topic order once all are done, so the number of
 * threads changes the wall time and nothing else. Documents tied at the
 * k-th place (as printed, to six decimals) are chosen the way trec_eval
 * orders ties, by docid descending, not by the engine's internal document
 * order, so the run does not depend on how the index is cut into segments.
 * The threads are the library's own, so that a binding holding a lock of
 * its own (Python's GIL) makes one call for the whole set. */
#include "batch/batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"

struct acq_batch {
    acq_buf text;          /* the whole run */
    size_t count;          /* topics */
    size_t *lines;         /* per topic */
    unsigned char *status; /* per topic: 0 lines, 1 empty query, 2 no match */
    uint64_t duplicates;
};

/* ---- One topic ------------------------------------------------------------ */

typedef struct batch_slot {
    acq_buf lines;     /* the topic's run lines */
    acq_err err;       /* its failure, if any */
    size_t nlines;
    size_t duplicates; /* hits dropped because their id was already listed */
    int empty;         /* no lines: 1 empty topic, 2 nothing matched (or
                          only stopwords) */
} batch_slot;

typedef struct batch_job {
    acq_index *ix;
    const acq_topics *topics;
    const char *name;          /* the topics file, or NULL */
    acq_search_options opts;   /* k is the per-topic cut, not the request */
    const char *tag;
    batch_slot *slots;
    atomic_size_t next;        /* the next topic to take */
    atomic_size_t first_fail;  /* lowest failed topic, SIZE_MAX if none */
} batch_job;

/* "NAME:LINE: " before a topic's message when the topics came from a file. */
static int topic_fail(const batch_job *job, const acq_topic *t, batch_slot *slot, int code, const char *what,
                      const char *msg)
{
    if (job->name != NULL)
        return acq_err_set(&slot->err, code, "%s:%zu: topic %.100s: %s%s", job->name, t->line, t->qid, what, msg);
    return acq_err_set(&slot->err, code, "topic %.100s: %s%s", t->qid, what, msg);
}

/* The score as trec_eval reads it back from the run (see run.c). */
static double printed_score(double score)
{
    char text[512];
    snprintf(text, sizeof text, ACQ_RUN_SCORE_FORMAT, score);
    double v = strtod(text, NULL);
    return v == 0.0 ? 0.0 : v;
}

/* Docid ascending, better printed score first: duplicates end up adjacent
 * with the one to keep in front. */
static int cmp_docno_score(const void *a, const void *b)
{
    const acq_run_doc *x = a, *y = b;
    int c = strcmp(x->docno, y->docno);
    if (c != 0)
        return c;
    return (x->score < y->score) - (x->score > y->score);
}

/* Searches one topic and formats its lines into its slot.
 *
 * The engine's top k is exact by score but breaks ties by internal document
 * order, and trec_eval ranks ties (at six decimals) by docid: so ask for one
 * hit more than k, and if the printed scores at the cut are still tied ask
 * for twice as many, until every document that could belong in trec_eval's
 * top k is in hand. Usually that costs one extra hit. */
static int run_topic(batch_job *job, size_t ti)
{
    const acq_topic *t = &job->topics->items[ti];
    batch_slot *slot = &job->slots[ti];
    size_t k = job->opts.k ? job->opts.k : 10, want = k + 1;
    acq_run_doc *docs = NULL;
    acq_results *r = NULL;
    int rc = ACQ_OK;
    for (;;) {
        acq_search_options o = job->opts;
        o.k = want;
        char msg[512];
        acq_results_free(r);
        r = NULL;
        acq_free(docs);
        docs = NULL;
        rc = acq_search(&r, job->ix, t->query, &o, msg, sizeof msg);
        if (rc != ACQ_OK) {
            topic_fail(job, t, slot, rc, "", msg);
            break;
        }
        size_t n = acq_results_count(r);
        if (n == 0) {
            slot->empty = acq_results_total(r) == 0 && t->query[strspn(t->query, " \t\r\n")] == '\0' ? 1 : 2;
            break;
        }
        docs = acq_malloc(n * sizeof *docs);
        if (docs == NULL) {
            rc = acq_err_set(&slot->err, ACQ_ENOMEM, "out of memory");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            const acq_hit *h = acq_results_hit(r, i);
            docs[i] = (acq_run_doc){h->id, printed_score(h->score)};
        }
        double last = docs[n - 1].score;
        /* An index may hold one id twice; a run may not (trec_eval refuses
         * it): keep the better-scored copy. */
        qsort(docs, n, sizeof *docs, cmp_docno_score);
        size_t m = 0, dups = 0;
        for (size_t i = 0; i < n; i++) {
            if (m > 0 && strcmp(docs[i].docno, docs[m - 1].docno) == 0)
                dups++;
            else
                docs[m++] = docs[i];
        }
        acq_run_sort(docs, m);
        /* Complete when the engine ran out of matches, or when nothing it
         * did not return can print as high as the k-th document. */
        if (n < want || (m > k && last < docs[k - 1].score)) {
            slot->duplicates = dups;
            if (m > k)
                m = k;
            acq_err ferr = {0};
            rc = acq_run_format_query(&slot->lines, t->qid, docs, m, job->tag, &ferr);
            if (rc != ACQ_OK) {
                if (job->name != NULL)
                    acq_err_set(&slot->err, rc, "%s:%zu: %s", job->name, t->line, ferr.msg);
                else
                    acq_err_set(&slot->err, rc, "%s", ferr.msg);
            }
            slot->nlines = m;
            break;
        }
        if (want > 100000000 / 2) {
            rc = topic_fail(job, t, slot, ACQ_ELIMIT, "too many tied scores", "");
            break;
        }
        want *= 2;
    }
    acq_free(docs);
    acq_results_free(r);
    return rc;
}

/* Lowers job->first_fail to ti if it is higher. */
static void note_failure(batch_job *job, size_t ti)
{
    size_t cur = atomic_load(&job->first_fail);
    while (ti < cur && !atomic_compare_exchange_weak(&job->first_fail, &cur, ti)) {
    }
}

/* Takes topics in order until none is left. After a failure, topics after
 * the failed one are skipped, but every topic before it still runs: the
 * error reported is then the first in topic order whatever the threads. */
static void *worker(void *p)
{
    batch_job *job = p;
    for (;;) {
        size_t ti = atomic_fetch_add(&job->next, 1);
        if (ti >= job->topics->count || ti > atomic_load(&job->first_fail))
            break;
        if (run_topic(job, ti) != ACQ_OK)
            note_failure(job, ti);
    }
    return NULL;
}

/* ---- The whole set ------------------------------------------------------------ */

int acq_batch_topics(acq_batch **out, acq_index *ix, const acq_topics *topics, const char *name,
                     const acq_search_options *opts, int threads, const char *tag, acq_err *err)
{
    *out = NULL;
    acq_batch *b = acq_calloc(1, sizeof *b);
    size_t n = topics->count;
    batch_job job = {ix, topics, name, *opts, tag, NULL, 0, SIZE_MAX};
    if (b != NULL && n > 0) {
        job.slots = acq_calloc(n, sizeof *job.slots);
        b->lines = acq_calloc(n, sizeof *b->lines);
        b->status = acq_calloc(n, sizeof *b->status);
    }
    if (b == NULL || (n > 0 && (job.slots == NULL || b->lines == NULL || b->status == NULL))) {
        acq_free(job.slots);
        acq_batch_free(b);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    b->count = n;
    if (n > 0) {
        if (threads < 1)
            threads = 1;
        if (threads > ACQ_BATCH_MAX_THREADS)
            threads = ACQ_BATCH_MAX_THREADS;
        if ((size_t)threads > n)
            threads = (int)n;
        pthread_t tid[ACQ_BATCH_MAX_THREADS];
        int started = 0;
        for (; started < threads - 1; started++)
            if (pthread_create(&tid[started], NULL, worker, &job) != 0)
                break; /* fewer threads: slower, same run */
        worker(&job);
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        size_t ff = atomic_load(&job.first_fail);
        if (ff != SIZE_MAX)
            acq_err_set(err, job.slots[ff].err.code, "%s", job.slots[ff].err.msg);
    }
    for (size_t i = 0; acq_ok(err) && i < n; i++) {
        acq_buf_put(&b->text, job.slots[i].lines.data, job.slots[i].lines.len);
        b->lines[i] = job.slots[i].nlines;
        b->status[i] = (unsigned char)job.slots[i].empty;
        b->duplicates += job.slots[i].duplicates;
    }
    acq_buf_cstr(&b->text);
    if (acq_ok(err) && b->text.failed)
        acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        acq_buf_free(&job.slots[i].lines);
    acq_free(job.slots);
    if (!acq_ok(err)) {
        acq_batch_free(b);
        return err->code;
    }
    *out = b;
    return ACQ_OK;
}

const char *acq_batch_text(const acq_batch *b, size_t *len)
{
    if (len != NULL)
        *len = b ? b->text.len : 0;
    if (b == NULL)
        return NULL;
    return b->text.data ? (const char *)b->text.data : "";
}

size_t acq_batch_topic(const acq_batch *b, size_t i, int *status)
{
    if (b == NULL || i >= b->count) {
        if (status != NULL)
            *status = 1;
        return 0;
    }
    if (status != NULL)
        *status = b->status[i];
    return b->lines[i];
}

uint64_t acq_batch_duplicates(const acq_batch *b)
{
    return b ? b->duplicates : 0;
}

void acq_batch_free(acq_batch *b)
{
    if (b == NULL)
        return;
    acq_buf_free(&b->text);
    acq_free(b->lines);
    acq_free(b->status);
    acq_free(b);
}
