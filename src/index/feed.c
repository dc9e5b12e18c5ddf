/* feed.c: the segment builder on a thread of its own (see feed.h). */
#include "index/feed.h"

#include "common/alloc.h"
#include "analysis/vocab.h"
#include "segment/format.h"

#include <pthread.h>
#include <string.h>

struct acq_doc_ops {
    acq_token_op *tokens;
    size_t ntokens, tokens_cap;
    uint32_t body_len, title_len, date, text_start;
    size_t meta_off[ACQ_META_COUNT], meta_len[ACQ_META_COUNT], text_off, text_len;
    acq_buf bytes;    /* the stored fields, copied: the caller's are gone by the replay */
    size_t size;      /* bytes of tokens and fields, while in flight */
};

/* The writer waits when the documents in flight hold more than this (a
 * wait changes nothing but the time), and a slot keeps no buffer larger
 * than KEEP_BYTES for the next document: the queue holds ACQ_FEED_SLOTS
 * documents, but never much memory (129 slots keep 16 MB at most; a
 * jha-en act's tokens and text take 13 KB on average). */
#define MAX_QUEUED_BYTES ((size_t)32 << 20)
#define KEEP_BYTES ((size_t)64 << 10)

/* The feed's thread, once it has caught up, sleeps until this many
 * documents wait for it (or the writer waits for one of them): woken for
 * each document, it slept and woke 10,000 times on jha-en, and each wake-up
 * tends to land on the writer's core and pre-empt it while the other core
 * idles (a sixth of the cores sat idle with -j 2). */
#define WAKE_BATCH 16

/* Documents are numbered from 0 in the order they are submitted; document
 * n is recorded into ops[n % ACQ_FEED_SLOTS], and the builder's memory
 * after it lands in memory[n % ACQ_FEED_SLOTS]. */
struct acq_feed {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    acq_doc_ops ops[ACQ_FEED_SLOTS];
    size_t memory[ACQ_FEED_SLOTS];
    size_t queued;          /* bytes of the documents in flight */
    uint64_t submitted;     /* documents handed over */
    uint64_t replayed;      /* documents in their builder (or dropped after a failure) */
    int waiters;            /* writers waiting for a document to be replayed */
    acq_builder *builder;
    int stop;
    int rc;                 /* the first replay error; sticks */
    acq_err err;
    /* the segment being finished */
    pthread_t finisher;
    int finishing, finish_rc;
    acq_builder *finish_builder;  /* a segment to finish, or */
    acq_builder_run *finish_run;  /* a run to write */
    acq_term_bytes_fn finish_term_of;
    acq_vocab *finish_vocab;
    int finish_spill;
    acq_err finish_err;
};

void acq_doc_ops_reset(acq_doc_ops *o)
{
    o->ntokens = 0;
    if (o->tokens_cap * sizeof *o->tokens > KEEP_BYTES) {
        acq_free(o->tokens);
        o->tokens = NULL;
        o->tokens_cap = 0;
    }
    if (o->bytes.cap > KEEP_BYTES)
        acq_buf_free(&o->bytes);
    acq_buf_reset(&o->bytes);
    o->bytes.failed = 0; /* a document that did not fit does not fail the next */
}

int acq_doc_ops_token(acq_doc_ops *o, int field, uint32_t term, uint32_t pos)
{
    if (o->ntokens == o->tokens_cap &&
        acq_grow((void **)&o->tokens, &o->tokens_cap, o->ntokens + 1, sizeof *o->tokens) != 0)
        return -1;
    o->tokens[o->ntokens++] = (acq_token_op){term, pos, (uint32_t)field};
    return 0;
}

size_t acq_doc_ops_tokens(const acq_doc_ops *o) { return o->ntokens; }

int acq_doc_ops_end(acq_doc_ops *o, uint32_t body_len, uint32_t title_len, uint32_t date, uint32_t text_start,
                    const char *const *meta, const size_t *meta_lens, const char *text, size_t text_len)
{
    o->body_len = body_len;
    o->title_len = title_len;
    o->date = date;
    o->text_start = text_start;
    for (int i = 0; i < ACQ_META_COUNT; i++) {
        o->meta_off[i] = o->bytes.len;
        o->meta_len[i] = meta_lens[i];
        acq_buf_put(&o->bytes, meta[i], meta_lens[i]);
    }
    o->text_off = o->bytes.len;
    o->text_len = text ? text_len : 0;
    if (text)
        acq_buf_put(&o->bytes, text, text_len);
    return o->bytes.failed ? -1 : 0;
}

acq_doc_ops *acq_doc_ops_new(void) { return acq_calloc(1, sizeof(acq_doc_ops)); }

void acq_doc_ops_free(acq_doc_ops *o)
{
    if (o == NULL)
        return;
    acq_free(o->tokens);
    acq_buf_free(&o->bytes);
    acq_free(o);
}

int acq_doc_ops_add_tokens(const acq_doc_ops *o, acq_builder *b, acq_err *err)
{
    acq_builder_begin_doc(b);
    return acq_builder_add_tokens(b, o->tokens, o->ntokens, err);
}

/* The whole document, its stored fields from the copy acq_doc_ops_end
 * made. */
static int replay(const acq_doc_ops *o, acq_builder *b, acq_err *err)
{
    if (acq_doc_ops_add_tokens(o, b, err) != ACQ_OK)
        return err->code;
    const char *meta[ACQ_META_COUNT];
    const char *base = o->bytes.data ? (const char *)o->bytes.data : "";
    for (int i = 0; i < ACQ_META_COUNT; i++)
        meta[i] = base + o->meta_off[i];
    return acq_builder_end_doc(b, o->body_len, o->title_len, o->date, o->text_start, meta, o->meta_len,
                               base + o->text_off, o->text_len, err);
}

static void *feed_main(void *arg)
{
    acq_feed *f = arg;
    int idle = 1; /* caught up: wait for a batch (WAKE_BATCH) */
    pthread_mutex_lock(&f->mu);
    for (;;) {
        for (;;) {
            uint64_t pending = f->submitted - f->replayed;
            if (pending == 0) {
                if (f->stop)
                    goto out;
                idle = 1;
            } else if (!idle || pending >= WAKE_BATCH || f->waiters > 0 || f->stop) {
                break;
            }
            pthread_cond_wait(&f->wake, &f->mu);
        }
        idle = 0;
        size_t slot = (size_t)(f->replayed % ACQ_FEED_SLOTS);
        acq_doc_ops *o = &f->ops[slot];
        acq_builder *b = f->builder;
        int failed = f->rc != ACQ_OK;
        pthread_mutex_unlock(&f->mu);
        /* After a failure the builder is unusable: later documents are
         * dropped, and the writer reports the failure. */
        acq_err err = {0};
        int rc = failed ? ACQ_OK : replay(o, b, &err);
        size_t memory = failed ? 0 : acq_builder_memory(b);
        pthread_mutex_lock(&f->mu);
        if (rc != ACQ_OK && f->rc == ACQ_OK) {
            f->rc = rc;
            f->err = err;
        }
        f->memory[slot] = memory;
        f->queued -= o->size;
        f->replayed++;
        if (f->waiters > 0)
            pthread_cond_broadcast(&f->done);
    }
out:
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

int acq_feed_start(acq_feed **out, acq_err *err)
{
    *out = NULL;
    acq_feed *f = acq_calloc(1, sizeof *f);
    if (f == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory starting the indexing thread");
    if (pthread_mutex_init(&f->mu, NULL) != 0) {
        acq_free(f);
        return acq_err_set(err, ACQ_ENOMEM, "cannot start the indexing thread");
    }
    int ok = pthread_cond_init(&f->wake, NULL) == 0;
    if (ok && pthread_cond_init(&f->done, NULL) != 0) {
        pthread_cond_destroy(&f->wake);
        ok = 0;
    }
    if (ok && pthread_create(&f->thread, NULL, feed_main, f) != 0) {
        pthread_cond_destroy(&f->wake);
        pthread_cond_destroy(&f->done);
        ok = 0;
    }
    if (!ok) {
        pthread_mutex_destroy(&f->mu);
        acq_free(f);
        return acq_err_set(err, ACQ_ENOMEM, "cannot start the indexing thread");
    }
    *out = f;
    return ACQ_OK;
}

static void *finish_main(void *arg)
{
    acq_feed *f = arg;
    if (f->finish_run) {
        f->finish_rc = acq_builder_run_write(f->finish_run, f->finish_term_of, f->finish_vocab, &f->finish_err);
        acq_vocab_free(f->finish_vocab);
    } else {
        f->finish_rc = acq_finish_segment(f->finish_builder, f->finish_term_of, f->finish_vocab, f->finish_spill,
                                          &f->finish_err);
    }
    acq_release_freed_memory();
    return NULL;
}

int acq_finish_segment(acq_builder *b, acq_term_bytes_fn term_of, acq_vocab *vocab, int spill, acq_err *err)
{
    int all_written = 0;
    int rc = spill ? acq_builder_write_last_run(b, term_of, vocab, &all_written, err) : ACQ_OK;
    if (rc != ACQ_OK) {
        acq_builder_abort(b);
        acq_vocab_free(vocab);
        return rc;
    }
    if (all_written) {
        acq_vocab_free(vocab);
        vocab = NULL;
        term_of = NULL;
        acq_release_freed_memory(); /* the last run's postings and terms, before the merge */
    }
    rc = acq_builder_finish(b, term_of, vocab, err);
    acq_vocab_free(vocab);
    return rc;
}

int acq_feed_finish_wait(acq_feed *f, acq_err *err)
{
    if (!f->finishing)
        return ACQ_OK;
    pthread_join(f->finisher, NULL);
    f->finishing = 0;
    if (f->finish_rc != ACQ_OK)
        *err = f->finish_err;
    return f->finish_rc;
}

/* Starts the finish of b, or the writing of r, on the finisher thread. */
static int start_finish(acq_feed *f, acq_builder *b, acq_builder_run *r, acq_term_bytes_fn term_of, acq_vocab *vocab,
                        int spill, acq_err *err)
{
    int rc = acq_feed_finish_wait(f, err);
    if (rc != ACQ_OK) { /* the batch is lost already: write nothing more */
        acq_builder_abort(b);
        acq_builder_run_free(r);
        acq_vocab_free(vocab);
        return rc;
    }
    f->finish_builder = b;
    f->finish_run = r;
    f->finish_term_of = term_of;
    f->finish_vocab = vocab;
    f->finish_spill = spill;
    f->finish_err = (acq_err){0};
    if (pthread_create(&f->finisher, NULL, finish_main, f) == 0) {
        f->finishing = 1;
        return ACQ_OK;
    }
    finish_main(f); /* no thread: here */
    if (f->finish_rc != ACQ_OK)
        *err = f->finish_err;
    return f->finish_rc;
}

int acq_feed_finish(acq_feed *f, acq_builder *b, acq_term_bytes_fn term_of, acq_vocab *vocab, int spill,
                    acq_err *err)
{
    return start_finish(f, b, NULL, term_of, vocab, spill, err);
}

int acq_feed_write_run(acq_feed *f, acq_builder_run *r, acq_term_bytes_fn term_of, acq_vocab *vocab, acq_err *err)
{
    return start_finish(f, NULL, r, term_of, vocab, 0, err);
}

void acq_feed_stop(acq_feed *f)
{
    if (f == NULL)
        return;
    acq_feed_finish_wait(f, &(acq_err){0});
    pthread_mutex_lock(&f->mu);
    f->stop = 1;
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->mu);
    pthread_join(f->thread, NULL);
    pthread_cond_destroy(&f->wake);
    pthread_cond_destroy(&f->done);
    pthread_mutex_destroy(&f->mu);
    for (int i = 0; i < ACQ_FEED_SLOTS; i++) {
        acq_free(f->ops[i].tokens);
        acq_buf_free(&f->ops[i].bytes);
    }
    acq_free(f);
}

/* The writer alone moves `submitted`: it reads it without the lock. */
acq_doc_ops *acq_feed_ops(acq_feed *f) { return &f->ops[f->submitted % ACQ_FEED_SLOTS]; }

uint64_t acq_feed_submitted(const acq_feed *f) { return f->submitted; }

int acq_feed_wait_for(acq_feed *f, uint64_t n, size_t *builder_memory, acq_err *err)
{
    pthread_mutex_lock(&f->mu);
    if (f->replayed <= n && f->replayed < f->submitted) {
        f->waiters++;
        pthread_cond_signal(&f->wake);
        while (f->replayed <= n && f->replayed < f->submitted)
            pthread_cond_wait(&f->done, &f->mu);
        f->waiters--;
    }
    int rc = f->rc;
    if (rc != ACQ_OK)
        *err = f->err;
    else if (builder_memory && n < f->submitted)
        *builder_memory = f->memory[n % ACQ_FEED_SLOTS];
    pthread_mutex_unlock(&f->mu);
    return rc;
}

int acq_feed_wait(acq_feed *f, acq_err *err)
{
    return f->submitted == 0 ? ACQ_OK : acq_feed_wait_for(f, f->submitted - 1, NULL, err);
}

int acq_feed_submit(acq_feed *f, acq_builder *b, acq_err *err)
{
    acq_doc_ops *o = acq_feed_ops(f);
    o->size = o->ntokens * sizeof *o->tokens + o->bytes.len;
    pthread_mutex_lock(&f->mu);
    f->builder = b;
    f->submitted++;
    f->queued += o->size;
    if (f->submitted - f->replayed >= WAKE_BATCH)
        pthread_cond_signal(&f->wake);
    /* Large documents in flight: wait until they are fewer (or this one
     * is the only one). */
    if (f->queued > MAX_QUEUED_BYTES && f->replayed + 1 < f->submitted) {
        f->waiters++;
        pthread_cond_signal(&f->wake);
        while (f->queued > MAX_QUEUED_BYTES && f->replayed + 1 < f->submitted)
            pthread_cond_wait(&f->done, &f->mu);
        f->waiters--;
    }
    pthread_mutex_unlock(&f->mu);
    /* The next recording's slot is free once the document that used it
     * last, ACQ_FEED_SLOTS back, is replayed. */
    int rc = ACQ_OK;
    if (f->submitted >= ACQ_FEED_SLOTS)
        rc = acq_feed_wait_for(f, f->submitted - ACQ_FEED_SLOTS, NULL, err);
    acq_doc_ops_reset(acq_feed_ops(f));
    return rc;
}
