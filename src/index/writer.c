/* writer.c: acq_writer, the public writing API: the lock, the analyzers per
 * language, the in-memory segment and its flushes within the memory budget
 * (a run at each, the segment finished at the commit: builder.h),
 * unique ids (an add replaces the document of the same id), deletions by id
 * and by query, the atomic commit and the merges the policy asks for.
 *
 * Ids are unique per index. Every add and delete since the last commit is
 * remembered: per id (id_table.h) the batch ordinal of the one added
 * document that survives, if any; per added document the entry of its id;
 * per deletion by query the number of documents added before it. At commit,
 * in the segments written since the last commit ("new"), a document is
 * deleted unless it is its id's survivor; in the older segments every
 * document of a touched id is deleted (looked up in the id field); a query
 * deletes its matches among older segments and among the documents added
 * before it. So add, delete and replace cost no flush and no search until
 * the commit, where they cost one dictionary lookup per id and segment.
 *
 * With two threads or more (acq_writer_options.threads), the builder runs on
 * the feed's thread (feed.h): this thread analyses documents while the
 * feed inverts those before (up to ACQ_FLUSH_LAG behind), and full runs
 * are written beside the next documents; the flush decisions, and so the
 * index, are those of one thread (flush_check). */
#include "acquis.h"

#include "analysis/analyzer.h"
#include "analysis/keyword.h"
#include "analysis/langdetect.h"
#include "index/writer_internal.h"
#include "knowledge/cited.h"
#include "knowledge/shared.h"
#include "common/alloc.h"
#include "common/utf8.h"
#include "index/manifest.h"
#include "index/segment.h"
#include "index/token_cache.h"
#include "common/hash.h"
#include "index/id_table.h"
#include "index/merge_policy.h"
#include "index/reader.h"
#include "query/query.h"
#include "search/postings.h"
#include "search/multilang.h"
#include "search/search.h"
#include "segment/builder.h"
#include "index/feed.h"
#include "segment/merge.h"

#include <dirent.h>
#ifdef __GLIBC__
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Analyzers per writer, one per language code met: the 24 official
 * languages and their spellings (pt-PT, EN) with room to spare. Beyond it,
 * documents fall back to the first analyzer. */
#define MAX_LANGS 64

struct acq_writer {
    char *dir;
    int lock_fd;
    acq_writer_options opts;
    acq_manifest manifest;
    acq_vocab *vocab;
    acq_analyzer *analyzers[MAX_LANGS];
    int nanalyzers;
    acq_builder *builder;
    acq_feed *feed;               /* the builder's thread (threads >= 2), or NULL */
    acq_doc_ops *ops;             /* without a feed: the document being recorded */
    /* The flush rule's memory after each of the builder's last documents
     * (ACQ_FEED_SLOTS of them, by number % ACQ_FEED_SLOTS): the writer's
     * and the builder's, or with a feed the writer's alone (the feed keeps
     * the builder's). */
    size_t memory_after[ACQ_FEED_SLOTS];
    uint32_t tokens_of[ACQ_FEED_SLOTS]; /* the tokens of each of those documents */
    uint64_t run_docs;            /* documents in the builder since its last run */
    uint64_t run_seq;             /* with a feed: its number of the first of them */
    acq_token_cache *tokens;      /* analysed tokens of recent texts */
    /* Since the last commit (see the top of this file): */
    acq_id_table *ids;            /* touched ids and their survivors */
    uint32_t *doc_entry;          /* per batch ordinal: the entry of its id */
    size_t doc_entry_cap;
    uint64_t batch_docs;          /* documents added since the last commit */
    uint64_t builder_first;       /* batch ordinal of the builder's document 0 */
    size_t nold;                  /* manifest segments older than the batch */
    uint64_t *seg_first;          /* per newer segment: its first ordinal */
    size_t seg_first_cap;
    struct pending_query { char *text; uint64_t upto; } *queries; /* deletions by query */
    size_t nqueries, queries_cap;
    uint64_t added;
    acq_buf scratch;
    acq_buf extras;               /* the current document's extra fields, encoded */
    acq_cited cited;              /* the acts the current document cites */
    acq_field *all_fields;        /* the caller's fields and "cites" */
    size_t all_fields_cap;
    uint8_t *extra_codes;         /* and their codes */
    size_t extra_codes_cap;
    acq_err err;
    int lost;       /* a failed flush dropped uncommitted documents (its code) */
    int runs_per_segment; /* acq_writer_set_runs_per_segment */
};

void acq_writer_set_runs_per_segment(acq_writer *w, int runs)
{
    w->runs_per_segment = runs < 1 ? 1 : runs > ACQ_BUILDER_MAX_RUNS ? ACQ_BUILDER_MAX_RUNS : runs;
}

size_t acq_writer_runs(const acq_writer *w) { return w && w->builder ? acq_builder_runs(w->builder) : 0; }

const char *acq_writer_errmsg(const acq_writer *w) { return w ? w->err.msg : "no writer"; }
uint64_t acq_writer_doc_count(const acq_writer *w) { return w ? w->added : 0; }

static int is_segment_file(const char *name) { return strncmp(name, "seg-", 4) == 0; }

/* A writer that opens an index removes the files no manifest names: the
 * leftovers of a crash between writing a segment and committing it. Files
 * of the live commit are kept, so readers that map them are safe. */
static void remove_orphans(acq_writer *w)
{
    DIR *d = opendir(w->dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int keep = 1;
        if (strcmp(e->d_name, "MANIFEST.tmp") == 0)
            keep = 0;
        else if (is_segment_file(e->d_name)) {
            keep = 0;
            for (size_t i = 0; i < w->manifest.nsegs && !keep; i++) {
                const acq_manifest_segment *s = &w->manifest.segs[i];
                size_t n = strlen(s->name);
                if (strncmp(e->d_name, s->name, n) == 0 && e->d_name[n] == '.') {
                    const char *ext = e->d_name + n + 1;
                    char del[32];
                    snprintf(del, sizeof del, "del-%u", s->delgen);
                    /* A committed segment's runs were merged into it. */
                    keep = strncmp(ext, "run-", 4) != 0 && (strncmp(ext, "del-", 4) != 0 || strcmp(ext, del) == 0);
                }
            }
        }
        if (!keep) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", w->dir, e->d_name);
            acq_io_unlink(path);
        }
    }
    closedir(d);
}

int acq_writer_open(acq_writer **out, const char *dir, const acq_writer_options *opts,
                    char *errmsg, size_t errmsg_size)
{
    if (out == NULL || dir == NULL || *dir == '\0') {
        acq_msg_copy(errmsg, errmsg_size, "acq_writer_open: out and dir are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_writer *w = acq_calloc(1, sizeof *w);
    if (w == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "out of memory");
        return ACQ_ENOMEM;
    }
    w->lock_fd = -1;
    w->runs_per_segment = ACQ_BUILDER_MAX_RUNS;
    acq_writer_options def = ACQ_WRITER_OPTIONS_INIT;
    w->opts = def;
    if (opts) {
        size_t n = opts->size < sizeof def ? opts->size : sizeof def;
        memcpy(&w->opts, opts, n);
        w->opts.size = sizeof def;
    }
    if (w->opts.memory_budget == 0)
        w->opts.memory_budget = (size_t)256 << 20;
    acq_err *err = &w->err;
    int rc = ACQ_OK;
    if ((w->dir = acq_strdup(dir)) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && acq_io_mkdir(dir) != 0 && errno != EEXIST)
        rc = acq_err_errno(err, "cannot create the index directory %s", dir);
    if (rc == ACQ_OK) {
        char lock[4096];
        snprintf(lock, sizeof lock, "%s/write.lock", dir);
        w->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (w->lock_fd < 0)
            rc = acq_err_errno(err, "cannot open %s", lock);
        else if (flock(w->lock_fd, LOCK_EX | LOCK_NB) != 0)
            rc = acq_err_set(err, ACQ_ELOCKED, "%s is being written by another process (it holds %s): wait for it to finish", dir, lock);
    }
    if (rc == ACQ_OK) {
        acq_err probe = {0};
        int mr = acq_manifest_read(&w->manifest, dir, &probe);
        if (mr == ACQ_ENOTFOUND) {
            memset(&w->manifest, 0, sizeof w->manifest);
            w->manifest.stopwords = !w->opts.keep_stopwords;
            w->manifest.stem = !w->opts.no_stemming;
            snprintf(w->manifest.lang, sizeof w->manifest.lang, "%s",
                     w->opts.default_lang && *w->opts.default_lang ? w->opts.default_lang : "en");
        } else if (mr != ACQ_OK) {
            rc = acq_err_set(err, mr, "%s", probe.msg);
        } else if (w->opts.replace) {
            /* Keep the name counter so new segments never reuse a live name;
             * the old segments stay on disk until the commit drops them. */
            w->manifest.nsegs = 0;
            w->manifest.nfields = 0; /* the rebuild names its own fields */
            w->manifest.stopwords = !w->opts.keep_stopwords;
            w->manifest.stem = !w->opts.no_stemming;
            if (w->opts.default_lang && *w->opts.default_lang)
                snprintf(w->manifest.lang, sizeof w->manifest.lang, "%s", w->opts.default_lang);
        }
    }
    if (rc == ACQ_OK)
        w->nold = w->manifest.nsegs;
    if (rc == ACQ_OK && (w->ids = acq_id_table_new()) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && (w->vocab = acq_vocab_new()) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    /* Up to 2 M tokens (16 MB) of recent texts, and never more than a
     * sixteenth of the budget. */
    size_t cache_tokens = w->opts.memory_budget / 128 < ((size_t)2 << 20) ? w->opts.memory_budget / 128 : ((size_t)2 << 20);
    if (rc == ACQ_OK && (w->tokens = acq_token_cache_new(cache_tokens)) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && !w->opts.replace)
        remove_orphans(w);
    /* Two threads or more: the builder runs on a thread of its own. */
    if (rc == ACQ_OK && w->opts.threads >= 2)
        rc = acq_feed_start(&w->feed, err);
    else if (rc == ACQ_OK && (w->ops = acq_doc_ops_new()) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc != ACQ_OK) {
        acq_msg_copy(errmsg, errmsg_size, err->msg);
        acq_writer_close(w);
        return rc;
    }
    *out = w;
    return ACQ_OK;
}

static acq_analyzer *analyzer_for(acq_writer *w, const char *lang, size_t n)
{
    char code[16];
    if (lang == NULL || n == 0 || n >= sizeof code)
        snprintf(code, sizeof code, "%s", w->manifest.lang);
    else {
        for (size_t i = 0; i < n; i++)
            code[i] = (char)((lang[i] >= 'A' && lang[i] <= 'Z') ? lang[i] + 32 : lang[i]);
        code[n] = '\0';
    }
    for (int i = 0; i < w->nanalyzers; i++)
        if (strcmp(acq_analyzer_lang(w->analyzers[i]), code) == 0)
            return w->analyzers[i];
    if (w->nanalyzers == MAX_LANGS)
        return w->analyzers[0];
    acq_analyzer_config cfg = {code, w->manifest.stem, w->manifest.stopwords};
    acq_analyzer *a;
    if (acq_analyzer_open(&a, &cfg, w->vocab, &w->err) != ACQ_OK)
        return NULL;
    acq_analyzer_ids_only(a);
    if (!acq_analyzer_has_hot_cache(a)) {
        acq_analyzer_close(a);
        acq_err_set(&w->err, ACQ_ENOMEM, "out of memory creating an analyzer");
        return NULL;
    }
    w->analyzers[w->nanalyzers++] = a;
    return a;
}

static const char *vocab_term(void *ctx, uint32_t term, size_t *len)
{
    return acq_vocab_term((acq_vocab *)ctx, term, len);
}

/* After a flush: the analyzers go on with the vocabulary next (term ids
 * restart, so that memory stays flat however large the input grows), and
 * the tokens cached with the old ids are dropped. malloc keeps the pages
 * of a heap whose top is still in use (the id table, the vocabulary
 * growing again): the process's memory would ratchet up flush after flush
 * (issue 14: 142 MB at 1x, 162 MB at 4x) without giving them back. With a
 * feed, the thread that frees the old postings gives them back. */
static void use_vocab(acq_writer *w, acq_vocab *next)
{
    w->vocab = next;
    acq_token_cache_clear(w->tokens);
    for (int i = 0; i < w->nanalyzers; i++)
        acq_analyzer_use_vocab(w->analyzers[i], w->vocab);
    if (w->feed == NULL)
        acq_release_freed_memory();
}

/* Writes the in-memory segment to disk (not yet committed). The next
 * segment gets a new vocabulary (ids restart, so memory stays flat however
 * large the input grows), and so the same memory whatever the number of
 * threads: with a feed, the full segment is finished on a thread of its
 * own, with its vocabulary, while documents go on into the next; a failure
 * there is met by the next flush or the commit (settle_finish). spill:
 * documents follow (acq_finish_segment), not the commit. */
static int flush_segment(acq_writer *w, int spill)
{
    if (w->builder == NULL)
        return ACQ_OK;
    uint32_t docs = acq_builder_docs(w->builder);
    char name[32];
    snprintf(name, sizeof name, "seg-%06llu", (unsigned long long)w->manifest.next_segment - 1);
    acq_vocab *full = w->vocab, *next = acq_vocab_new();
    acq_builder *b = w->builder;
    w->builder = NULL;
    int rc = ACQ_OK;
    if (next == NULL) {
        acq_builder_abort(b);
        rc = acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
        acq_vocab_clear(full);
        next = full;
    } else if (w->feed) {
        rc = acq_feed_finish(w->feed, b, vocab_term, full, spill, &w->err);
    } else {
        rc = acq_finish_segment(b, vocab_term, full, spill, &w->err);
    }
    use_vocab(w, next);
    size_t nnew = w->manifest.nsegs - w->nold;
    if (rc == ACQ_OK && acq_grow((void **)&w->seg_first, &w->seg_first_cap, nnew + 1, sizeof *w->seg_first) != 0)
        rc = acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK)
        rc = acq_manifest_add(&w->manifest, name, docs, &w->err);
    if (rc == ACQ_OK)
        w->seg_first[nnew] = w->builder_first;
    if (rc != ACQ_OK)
        w->lost = rc;
    return rc;
}


/* The next document is the first of a run (the flush rule counts from
 * there). */
static void start_run(acq_writer *w)
{
    w->run_docs = 0;
    w->run_seq = w->feed ? acq_feed_submitted(w->feed) : 0;
}

/* The flush at the flush point: the builder's postings are written out as
 * a run (builder.h) and the documents go on into empty postings, with a
 * new vocabulary (ids restart, so memory stays flat however large the
 * input grows). With a feed the run is written on a thread of its own
 * while documents go on; a failure there is met by the next flush or the
 * commit (settle_finish). The segment is finished at the commit, or when
 * the builder holds its most runs. */
static int write_run(acq_writer *w)
{
    if (acq_builder_runs(w->builder) + 1 >= (size_t)w->runs_per_segment)
        return flush_segment(w, 1);
    acq_vocab *full = w->vocab, *next = acq_vocab_new();
    acq_builder_run *run = NULL;
    int rc = next == NULL ? acq_err_set(&w->err, ACQ_ENOMEM, "out of memory")
                          : acq_builder_detach_run(w->builder, &run, &w->err);
    if (rc != ACQ_OK) {
        acq_vocab_free(next);
        w->lost = rc;
        return rc;
    }
    if (w->feed) {
        rc = acq_feed_write_run(w->feed, run, vocab_term, full, &w->err);
    } else {
        rc = acq_builder_run_write(run, vocab_term, full, &w->err);
        acq_vocab_free(full);
    }
    use_vocab(w, next);
    start_run(w);
    if (rc != ACQ_OK)
        w->lost = rc;
    return rc;
}

/* The documents of a failed flush are gone: refuse to go on, so that a
 * retried commit cannot succeed without them. */
static int refuse_after_loss(acq_writer *w)
{
    return acq_err_set(&w->err, w->lost, "an earlier write failed and lost the documents added since the last "
                                         "commit: close this writer, open a new one and add them again");
}

/* A run at a quarter of the budget: the budget covers the whole process
 * (the run being written while the next one grows, the stored-field
 * blocks, the mapped input, the merge's buffers at the commit). */
static size_t flush_at(const acq_writer *w) { return w->opts.memory_budget / 4; }

/* The memory of the writer's own thread: vocabulary, caches, analyzers,
 * and the batch's ids, which grow with its documents across runs (so that
 * the flush comes earlier as they grow, and the peak stays the same
 * however large the batch). */
static size_t own_memory(const acq_writer *w)
{
    size_t m = acq_vocab_memory(w->vocab) + acq_token_cache_memory(w->tokens) + acq_id_table_memory(w->ids) +
               w->doc_entry_cap * sizeof *w->doc_entry;
    for (int i = 0; i < w->nanalyzers; i++)
        m += acq_analyzer_memory(w->analyzers[i]);
    return m;
}

static size_t writer_memory(const acq_writer *w)
{
    return own_memory(w) + (w->builder ? acq_builder_memory(w->builder) : 0);
}

/* With a feed: waits for the segment being finished; a failure there
 * loses the batch, as a failed flush does. */
static int settle_finish(acq_writer *w)
{
    if (w->feed == NULL)
        return ACQ_OK;
    int rc = acq_feed_finish_wait(w->feed, &w->err);
    if (rc != ACQ_OK)
        w->lost = rc;
    return rc;
}

/* With a feed: waits until every document is in its builder. A failure of
 * the feed's thread loses the documents of the batch, as a failed flush
 * does. */
static int settle_all(acq_writer *w)
{
    if (w->feed == NULL)
        return ACQ_OK;
    int rc = acq_feed_wait(w->feed, &w->err);
    if (rc != ACQ_OK)
        w->lost = rc;
    return rc;
}

/* How many of the builder's last documents the flush rule looks past: up
 * to ACQ_FLUSH_LAG, fewer when they hold more than ACQ_FLUSH_LAG_TOKENS
 * tokens (feed.h). Counted from the documents alone, so the same with any
 * number of threads. */
static uint64_t look_back(const acq_writer *w)
{
    uint64_t k = 0, tokens = 0;
    while (k < ACQ_FLUSH_LAG && k < w->run_docs) {
        uint32_t t = w->tokens_of[(w->run_docs - 1 - k) % ACQ_FEED_SLOTS];
        if (k >= ACQ_FLUSH_LAG_MIN && tokens + t > ACQ_FLUSH_LAG_TOKENS)
            break;
        tokens += t;
        k++;
    }
    return k;
}

/* The flush rule, made before each document is analysed: flush if the
 * memory after the document look_back() before the builder's last one
 * exceeds the threshold. Looking back lets a feed's thread replay that
 * many documents behind the writer's analysis without either waiting for
 * the other, and the rule is the same for one thread: the index is the
 * same bytes whatever the number. A run holds more documents than it
 * looks past, and overshoots the threshold by those documents at most. */
static int flush_check(acq_writer *w)
{
    if (w->builder == NULL)
        return ACQ_OK;
    uint64_t k = look_back(w);
    if (w->run_docs <= k)
        return ACQ_OK;
    uint64_t d = w->run_docs - 1 - k;
    size_t memory = w->memory_after[d % ACQ_FEED_SLOTS];
    if (w->feed == NULL)
        return memory > flush_at(w) ? write_run(w) : ACQ_OK;
    size_t builder_memory = 0;
    int rc = acq_feed_wait_for(w->feed, w->run_seq + d, &builder_memory, &w->err);
    if (rc != ACQ_OK) {
        w->lost = rc;
        return rc;
    }
    if (memory + builder_memory > flush_at(w))
        return settle_all(w) != ACQ_OK ? w->err.code : write_run(w);
    /* The run being written (or the segment being finished) still holds
     * its memory: the next one may grow beside it to an eighth of the flush
     * point, then waits, so that peak memory does not depend on how fast
     * the writing goes (nor, then, on the input's size). */
    if (builder_memory > flush_at(w) / 8)
        return settle_finish(w);
    return ACQ_OK;
}

static const char *field_ptr(const char *p, size_t *len)
{
    if (p && *len == 0)
        *len = strlen(p);
    return p;
}

/* Where a document's builder calls are recorded: for the feed's thread,
 * or to be replayed on this one when the document is analysed. */
static acq_doc_ops *recording(acq_writer *w) { return w->feed ? acq_feed_ops(w->feed) : w->ops; }

static int put_token(acq_writer *w, int field, uint32_t term, uint32_t pos)
{
    if (acq_doc_ops_token(recording(w), field, term, pos) != 0)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory while indexing: lower the memory budget");
    return ACQ_OK;
}

/* Adds keyword terms: the value folded to lowercase ASCII, not stemmed. */
static int add_keyword(acq_writer *w, int field, const char *v, size_t n)
{
    if (v == NULL || n == 0 || n > ACQ_MAX_KEY - 1)
        return ACQ_OK;
    acq_buf_reset(&w->scratch);
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        acq_buf_putc(&w->scratch, (uint8_t)((field != ACQ_FIELD_ID && c >= 'A' && c <= 'Z') ? c + 32 : c));
    }
    if (w->scratch.failed)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    uint32_t id = acq_vocab_intern(w->vocab, (const char *)w->scratch.data, w->scratch.len);
    if (id == UINT32_MAX)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    return put_token(w, field, id, 0);
}

/* Checks the extra fields, registers their names in the manifest and
 * encodes them as the record's last stored field (segment/format.h) in
 * w->extras; w->extra_codes gets each field's code. */
static int prepare_extras(acq_writer *w, const acq_field *fields, size_t n)
{
    acq_buf_reset(&w->extras);
    if (n > 0 && fields == NULL)
        return acq_err_set(&w->err, ACQ_EARG, "acq_writer_add_fields: fields is NULL but n is %zu", n);
    if (acq_grow((void **)&w->extra_codes, &w->extra_codes_cap, n + 1, sizeof *w->extra_codes) != 0)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *name = fields[i].name;
        size_t nl = name ? strlen(name) : 0;
        if (!acq_field_name_valid(name ? name : "", nl))
            return acq_err_set(&w->err, ACQ_EINPUT,
                               "field name \"%.40s\" is not allowed: a field name is a lowercase letter, then "
                               "letters, digits or '_', at most 31 bytes, and none of body title text id celex "
                               "type lang date url", name ? name : "(null)");
        size_t vl = fields[i].value_len;
        const char *v = field_ptr(fields[i].value, &vl);
        if (v == NULL)
            v = "", vl = 0;
        size_t bad;
        if (!acq_utf8_valid((const uint8_t *)v, vl, &bad))
            return acq_err_set(&w->err, ACQ_EINPUT, "field %s: invalid UTF-8 at byte %zu", name, bad);
        int code = acq_manifest_field(&w->manifest, name, nl);
        if (code == -2)
            return acq_err_set(&w->err, ACQ_ELIMIT, "field %s would be the index's %dth field name: an index holds "
                               "at most %d", name, ACQ_MAX_EXTRA_FIELDS + 1, ACQ_MAX_EXTRA_FIELDS);
        if (code < 0)
            return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
        w->extra_codes[i] = (uint8_t)code;
        acq_buf_put_varint(&w->extras, (uint64_t)code);
        acq_buf_put_varint(&w->extras, vl);
        acq_buf_put(&w->extras, v, vl);
    }
    return w->extras.failed ? acq_err_set(&w->err, ACQ_ENOMEM, "out of memory") : ACQ_OK;
}

/* The keyword terms of the extra fields: each value whole, folded. */
static int add_extra_terms(acq_writer *w, const acq_field *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t vl = fields[i].value_len;
        const char *v = field_ptr(fields[i].value, &vl);
        if (v == NULL || vl == 0)
            continue;
        if (acq_keyword_fold(v, vl, &w->scratch) != 0)
            return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
        if (w->scratch.len == 0)
            continue;
        uint32_t id = acq_vocab_intern(w->vocab, (const char *)w->scratch.data, w->scratch.len);
        if (id == UINT32_MAX)
            return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
        if (put_token(w, w->extra_codes[i], id, 0) != ACQ_OK)
            return w->err.code;
    }
    return ACQ_OK;
}

int acq_writer_add(acq_writer *w, const acq_document *doc)
{
    return acq_writer_add_fields(w, doc, NULL, 0);
}

/* The caller's fields plus "cites" (knowledge/cited.h): the acts the title
 * and text cite, so that cites:32008D0615 (or cites:2008/615/JHA) finds the
 * acts that cite the Prüm Decision. cited: computed beforehand by the
 * caller (acq_writer_add_fields_cited), or NULL to compute them here.
 * Returns the fields to index. */
static const acq_field *with_citations(acq_writer *w, const char *title, size_t title_len, const char *text,
                                       size_t text_len, const char *celex, size_t celex_len,
                                       const acq_field *fields, size_t *n, const acq_cited *cited)
{
    if (cited == NULL) {
        /* Out of memory, what was found is indexed. */
        acq_cited_collect(&w->cited, title, title_len, text, text_len, celex, celex_len, fields, *n);
        cited = &w->cited;
    }
    size_t found = cited->n;
    if (found == 0)
        return fields;
    if (acq_grow((void **)&w->all_fields, &w->all_fields_cap, *n + found, sizeof *w->all_fields) != 0)
        return fields;
    if (*n)
        memcpy(w->all_fields, fields, *n * sizeof *fields);
    for (size_t j = 0; j < found; j++) {
        acq_field *f = &w->all_fields[*n + j];
        f->name = "cites";
        f->value = cited->celex[j];
        f->value_len = strlen(cited->celex[j]);
    }
    *n += found;
    return w->all_fields;
}

/* Analyses a document into the builder (or, with a feed, into the
 * operations its thread will replay), opening a segment if none is open. */
static int record_document(acq_writer *w, acq_analyzer *a, const char *const *f, const size_t *fl, const char *text,
                           size_t text_len, const acq_field *fields, size_t nfields)
{
    if (w->builder == NULL) {
        char name[32];
        snprintf(name, sizeof name, "seg-%06llu", (unsigned long long)w->manifest.next_segment++);
        /* With two threads, the feed's compresses stored fields too; a
         * third compresses them beside it. */
        int threads = w->feed && w->opts.threads < 3 ? 1 : w->opts.threads;
        if (acq_builder_open(&w->builder, w->dir, name, w->opts.compression_level, threads, &w->err) != ACQ_OK)
            return w->err.code;
        acq_builder_set_flush_threads(w->builder, w->opts.threads);
        w->builder_first = w->batch_docs;
        start_run(w);
    }
    acq_doc_ops_reset(recording(w));
    acq_token_stream s;
    acq_token t;
    int r;
    uint32_t body_len = 0, title_len = 0;
    acq_token_stream_init(&s, f[ACQ_META_TITLE], fl[ACQ_META_TITLE], 0);
    while ((r = acq_analyze_next(a, &s, &t)) == 1) {
        if (put_token(w, ACQ_FIELD_BODY, t.term_id, t.pos) != ACQ_OK ||
            put_token(w, ACQ_FIELD_TITLE, t.term_id, t.pos) != ACQ_OK)
            return w->err.code;
        title_len++;
    }
    uint32_t text_start = s.pos + ACQ_FIELD_GAP;
    body_len = title_len;
    if (r == 0 && text) {
        acq_token_key key = {0, 0, text_len, a};
        const uint32_t *terms, *rel;
        uint32_t n, end_rel;
        int cacheable = text_len >= 256 && acq_token_cache_active(w->tokens);
        if (cacheable)
            acq_hash128(text, text_len, &key.h1, &key.h2);
        if (cacheable && acq_token_cache_find(w->tokens, &key, &terms, &rel, &n, &end_rel)) {
            /* The same text in this segment before: replay its tokens. */
            for (uint32_t i = 0; i < n; i++)
                if (put_token(w, ACQ_FIELD_BODY, terms[i], text_start + rel[i]) != ACQ_OK)
                    return w->err.code;
            body_len += n;
            s.pos = text_start + end_rel;
        } else {
            if (cacheable)
                acq_token_cache_begin(w->tokens);
            acq_token_stream_init(&s, text, text_len, text_start);
            while ((r = acq_analyze_next(a, &s, &t)) == 1) {
                if (put_token(w, ACQ_FIELD_BODY, t.term_id, t.pos) != ACQ_OK)
                    return w->err.code;
                if (cacheable)
                    acq_token_cache_add(w->tokens, t.term_id, t.pos - text_start);
                body_len++;
            }
            if (cacheable && r == 0)
                acq_token_cache_end(w->tokens, &key, s.pos - text_start);
        }
    }
    /* The CELEX number goes into the body too (after a gap), so that a plain
     * query such as 32016R0794 finds the act it names. */
    if (r == 0 && fl[ACQ_META_CELEX] > 0) {
        acq_token_stream_init(&s, f[ACQ_META_CELEX], fl[ACQ_META_CELEX], s.pos + ACQ_FIELD_GAP);
        while ((r = acq_analyze_next(a, &s, &t)) == 1) {
            if (put_token(w, ACQ_FIELD_BODY, t.term_id, t.pos) != ACQ_OK)
                return w->err.code;
            body_len++;
        }
    }
    if (r < 0)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory analysing a document");
    if (add_keyword(w, ACQ_FIELD_ID, f[ACQ_META_ID], fl[ACQ_META_ID]) != ACQ_OK ||
        add_keyword(w, ACQ_FIELD_CELEX, f[ACQ_META_CELEX], fl[ACQ_META_CELEX]) != ACQ_OK ||
        add_keyword(w, ACQ_FIELD_TYPE, f[ACQ_META_TYPE], fl[ACQ_META_TYPE]) != ACQ_OK ||
        add_keyword(w, ACQ_FIELD_LANG, acq_analyzer_lang(a), strlen(acq_analyzer_lang(a))) != ACQ_OK ||
        add_extra_terms(w, fields, nfields) != ACQ_OK)
        return w->err.code;
    uint32_t date = acq_parse_date(f[ACQ_META_DATE], fl[ACQ_META_DATE]);
    if (w->feed) {
        /* The stored fields are copied: the caller's are gone by the replay. */
        if (acq_doc_ops_end(acq_feed_ops(w->feed), body_len, title_len, date, text_start, f, fl, text, text_len) != 0)
            return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory while indexing: lower the memory budget");
        return ACQ_OK;
    }
    if (acq_doc_ops_add_tokens(w->ops, w->builder, &w->err) != ACQ_OK ||
        acq_builder_end_doc(w->builder, body_len, title_len, date, text_start, f, fl, text, text_len, &w->err) != ACQ_OK) {
        /* The builder holds part of the document and cannot go on: the
         * batch is lost, as when the feed's thread fails. */
        w->lost = w->err.code;
        return w->err.code;
    }
    return ACQ_OK;
}

/* acq_writer_add_fields, with the document's citations computed
 * beforehand (cited), or NULL to compute them. */
static int add_document(acq_writer *w, const acq_document *doc, const acq_field *fields, size_t nfields,
                        const acq_cited *cited)
{
    if (w == NULL || doc == NULL)
        return ACQ_EARG;
    acq_err_clear(&w->err);
    if (w->lost)
        return refuse_after_loss(w);
    if (flush_check(w) != ACQ_OK)
        return w->err.code;
    acq_document d = *doc;
    const char *f[ACQ_META_COUNT];
    size_t fl[ACQ_META_COUNT] = {d.id_len, d.title_len, d.lang_len, d.date_len, d.type_len, d.celex_len, d.url_len};
    f[ACQ_META_ID] = field_ptr(d.id, &fl[ACQ_META_ID]);
    f[ACQ_META_TITLE] = field_ptr(d.title, &fl[ACQ_META_TITLE]);
    f[ACQ_META_LANG] = field_ptr(d.lang, &fl[ACQ_META_LANG]);
    f[ACQ_META_DATE] = field_ptr(d.date, &fl[ACQ_META_DATE]);
    f[ACQ_META_TYPE] = field_ptr(d.type, &fl[ACQ_META_TYPE]);
    f[ACQ_META_CELEX] = field_ptr(d.celex, &fl[ACQ_META_CELEX]);
    f[ACQ_META_URL] = field_ptr(d.url, &fl[ACQ_META_URL]);
    f[ACQ_META_EXTRA] = NULL; /* checked and set below */
    size_t text_len = d.text_len;
    const char *text = field_ptr(d.text, &text_len);
    if (f[ACQ_META_ID] == NULL || fl[ACQ_META_ID] == 0)
        return acq_err_set(&w->err, ACQ_EINPUT, "a document needs an id");
    /* The id is looked up as one keyword term, which holds 254 bytes; a NUL
     * would cut it wherever ids are C strings (delete, show). */
    if (fl[ACQ_META_ID] > ACQ_MAX_KEY - 1)
        return acq_err_set(&w->err, ACQ_EINPUT, "document id \"%.40s...\" is %zu bytes long: ids are at most %d bytes",
                           f[ACQ_META_ID], fl[ACQ_META_ID], ACQ_MAX_KEY - 1);
    if (memchr(f[ACQ_META_ID], '\0', fl[ACQ_META_ID]) != NULL)
        return acq_err_set(&w->err, ACQ_EINPUT, "document id \"%s...\" contains U+0000: ids cannot", f[ACQ_META_ID]);
    for (int i = 0; i < ACQ_META_COUNT; i++) {
        size_t bad;
        if (f[i] && !acq_utf8_valid((const uint8_t *)f[i], fl[i], &bad))
            return acq_err_set(&w->err, ACQ_EINPUT, "document %.*s: invalid UTF-8 at byte %zu of a field",
                               (int)(fl[0] < 80 ? fl[0] : 80), f[0], bad);
        if (!f[i])
            fl[i] = 0, f[i] = "";
    }
    size_t bad;
    if (text && !acq_utf8_valid((const uint8_t *)text, text_len, &bad))
        return acq_err_set(&w->err, ACQ_EINPUT, "document %.*s: invalid UTF-8 at byte %zu of the text",
                           (int)(fl[0] < 80 ? fl[0] : 80), f[0], bad);
    /* A stored block's length stays under ACQ_STORE_LZ4, the codec bit of
     * its length word (segment/format.h): a text and the block it ends,
     * 16 KB at most before it, stay under it. */
    if (text_len > ACQ_STORE_LZ4 - ((size_t)1 << 20) || fl[ACQ_META_TITLE] > UINT32_MAX / 4)
        return acq_err_set(&w->err, ACQ_EINPUT, "document %.*s is larger than 2 GB", (int)(fl[0] < 80 ? fl[0] : 80), f[0]);

    fields = with_citations(w, f[ACQ_META_TITLE], fl[ACQ_META_TITLE], text, text_len, f[ACQ_META_CELEX],
                            fl[ACQ_META_CELEX], fields, &nfields, cited);
    if (prepare_extras(w, fields, nfields) != ACQ_OK)
        return w->err.code;
    f[ACQ_META_EXTRA] = (const char *)w->extras.data;
    fl[ACQ_META_EXTRA] = w->extras.len;
    if (f[ACQ_META_EXTRA] == NULL)
        f[ACQ_META_EXTRA] = "";

    /* A document without a language gets the one its text is written in
     * (stored, so that hits and lang: filters show it), or the index's
     * default when the detector is unsure. */
    char detected[3];
    if (fl[ACQ_META_LANG] == 0 && !w->opts.no_lang_detect && text_len > 0) {
        double confidence;
        acq_err derr = {0};
        int dr = acq_lang_detect_err(text, text_len, detected, &confidence, &derr);
        if (dr == ACQ_OK) {
            f[ACQ_META_LANG] = detected;
            fl[ACQ_META_LANG] = strlen(detected);
        } else if (dr != ACQ_ENOTFOUND && dr != ACQ_EINPUT)
            return acq_err_set(&w->err, dr, "detecting the language of document %.*s: %s",
                               (int)(fl[0] < 80 ? fl[0] : 80), f[0], derr.msg);
    }
    acq_analyzer *a = analyzer_for(w, fl[ACQ_META_LANG] ? f[ACQ_META_LANG] : NULL, fl[ACQ_META_LANG]);
    if (a == NULL)
        return w->err.code ? w->err.code : acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    if (acq_grow((void **)&w->doc_entry, &w->doc_entry_cap, w->batch_docs + 1, sizeof *w->doc_entry) != 0)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    if (record_document(w, a, f, fl, text, text_len, fields, nfields) != ACQ_OK)
        return w->err.code;
    size_t tokens = acq_doc_ops_tokens(recording(w));
    w->tokens_of[w->run_docs % ACQ_FEED_SLOTS] = tokens > UINT32_MAX ? UINT32_MAX : (uint32_t)tokens;
    if (w->feed) {
        int rc = acq_feed_submit(w->feed, w->builder, &w->err);
        if (rc != ACQ_OK) {
            w->lost = rc;
            return rc;
        }
        w->memory_after[w->run_docs % ACQ_FEED_SLOTS] = own_memory(w);
    } else
        w->memory_after[w->run_docs % ACQ_FEED_SLOTS] = writer_memory(w);
    w->run_docs++;
    /* This document now survives for its id; an earlier one of the same id
     * (in the index or in this batch) goes at the commit. The id is touched
     * only now: an add that failed before leaves that one in place. */
    uint32_t entry = acq_id_table_put(w->ids, f[ACQ_META_ID], fl[ACQ_META_ID]);
    if (entry == UINT32_MAX) {
        w->lost = ACQ_ENOMEM; /* the document is in, without its id's entry */
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    }
    w->doc_entry[w->batch_docs] = entry;
    acq_id_table_set_keep(w->ids, entry, w->batch_docs);
    w->batch_docs++;
    w->added++;
    return ACQ_OK;
}

int acq_writer_add_fields(acq_writer *w, const acq_document *doc, const acq_field *fields, size_t nfields)
{
    return add_document(w, doc, fields, nfields, NULL);
}

int acq_writer_add_fields_cited(acq_writer *w, const acq_document *doc, const acq_field *fields, size_t nfields,
                                const acq_cited *cited)
{
    if (cited == NULL)
        return ACQ_EARG;
    return add_document(w, doc, fields, nfields, cited);
}

int acq_writer_delete(acq_writer *w, const char *id)
{
    if (w == NULL || id == NULL || *id == '\0')
        return ACQ_EARG;
    acq_err_clear(&w->err);
    if (w->lost)
        return refuse_after_loss(w);
    size_t n = strlen(id);
    if (n > ACQ_MAX_KEY - 1)
        return ACQ_OK; /* no document can have it */
    uint32_t entry = acq_id_table_put(w->ids, id, n);
    if (entry == UINT32_MAX)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    acq_id_table_set_keep(w->ids, entry, ACQ_ID_NONE);
    return ACQ_OK;
}

int acq_writer_delete_query(acq_writer *w, const char *query)
{
    if (w == NULL || query == NULL)
        return ACQ_EARG;
    acq_err_clear(&w->err);
    if (w->lost)
        return refuse_after_loss(w);
    /* Parsed now, with the index's analysis, so that a syntax error is
     * reported by this call; analysed again and run at the commit. */
    acq_analyzer_config cfg = {w->manifest.lang, w->manifest.stem, w->manifest.stopwords};
    acq_analyzer *a = NULL;
    acq_qnode *q = NULL;
    uint32_t col = 0;
    int rc = acq_analyzer_open(&a, &cfg, NULL, &w->err);
    if (rc == ACQ_OK)
    {
        acq_query_fields fields = {(const char (*)[32])w->manifest.fields, w->manifest.nfields};
        rc = acq_query_parse_fields(&q, query, a, &fields, &col, &w->err);
    }
    acq_analyzer_close(a);
    if (rc == ACQ_OK && acq_grow((void **)&w->queries, &w->queries_cap, w->nqueries + 1, sizeof *w->queries) != 0)
        rc = acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    /* Kept as text: it is analysed at the commit, in the languages the
     * index then holds. */
    acq_query_free(q);
    char *text = rc == ACQ_OK ? acq_strndup(query, strlen(query)) : NULL;
    if (rc == ACQ_OK && text == NULL)
        rc = acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    if (rc != ACQ_OK)
        return rc;
    w->queries[w->nqueries].text = text;
    w->queries[w->nqueries].upto = w->batch_docs;
    w->nqueries++;
    return ACQ_OK;
}

/* ---- applying the batch's deletions at commit ----------------------------- */

/* An acq_ml_analyse_fn: a deletion query (ctx is its text) parsed with a. */
typedef struct deletion_query {
    const acq_manifest *m;
    const char *text;
} deletion_query;

static int parse_deletion(void *ctx, acq_analyzer *a, acq_qnode **out, acq_err *err)
{
    const deletion_query *dq = ctx;
    acq_query_fields fields = {(const char (*)[32])dq->m->fields, dq->m->nfields};
    uint32_t col = 0;
    return acq_query_parse_fields(out, dq->text, a, &fields, &col, err);
}

typedef struct deletions {
    acq_writer *w;
    acq_index *ix;            /* the writer's manifest, opened */
    uint8_t **bits;           /* per segment: deletion bitset, or NULL if untouched */
    uint32_t *marked;         /* per segment: documents newly deleted */
    uint64_t upto;            /* the running query's limit in new segments */
} deletions;

static int mark(deletions *d, size_t si, uint32_t doc)
{
    acq_segment *s = &d->ix->segs[si];
    if (doc >= s->doc_count)
        return acq_err_set(&d->w->err, ACQ_ECORRUPT, "%s is damaged (a document number out of range): rebuild the index",
                           s->doc.path);
    if (d->bits[si] == NULL) {
        size_t bytes = ((size_t)s->doc_count + 7) / 8;
        if ((d->bits[si] = acq_calloc(bytes + 1, 1)) == NULL)
            return acq_err_set(&d->w->err, ACQ_ENOMEM, "out of memory");
        if (s->deleted)
            memcpy(d->bits[si], s->deleted, bytes);
    }
    uint8_t bit = (uint8_t)(1u << (doc & 7));
    if (!(d->bits[si][doc >> 3] & bit)) {
        d->bits[si][doc >> 3] |= bit;
        d->marked[si]++;
    }
    return ACQ_OK;
}

static int mark_query_match(void *ctx, size_t si, uint32_t doc)
{
    deletions *d = ctx;
    acq_writer *w = d->w;
    if (si >= w->nold && w->seg_first[si - w->nold] + doc >= d->upto)
        return ACQ_OK; /* added after the deletion was asked for */
    return mark(d, si, doc);
}

/* Every document of a touched id in an older segment. */
static int mark_old_ids(deletions *d, size_t si)
{
    acq_writer *w = d->w;
    acq_segment *seg = &d->ix->segs[si];
    size_t nids = acq_id_table_count(w->ids);
    for (uint32_t e = 0; e < nids; e++) {
        size_t n;
        const char *id = acq_id_table_id(w->ids, e, &n);
        uint8_t key[ACQ_MAX_KEY + 1];
        key[0] = ACQ_FIELD_ID;
        memcpy(key + 1, id, n);
        acq_term_meta meta;
        int r = acq_segment_lookup(seg, key, n + 1, &meta, &w->err);
        if (r < 0)
            return r;
        if (r == 0)
            continue;
        acq_postings p;
        if (acq_postings_open(&p, seg, &meta, &w->err) != ACQ_OK)
            return w->err.code;
        for (uint32_t doc = acq_postings_next(&p); doc != ACQ_NO_DOC; doc = acq_postings_next(&p))
            if (mark(d, si, doc) != ACQ_OK)
                return w->err.code;
        if (p.corrupt)
            return acq_err_set(&w->err, ACQ_ECORRUPT, "%s is damaged: rebuild the index", seg->doc.path);
    }
    return ACQ_OK;
}

/* In a segment of this batch, every document that is not its id's survivor. */
static int mark_replaced(deletions *d, size_t si)
{
    acq_writer *w = d->w;
    uint64_t first = w->seg_first[si - w->nold];
    uint32_t docs = d->ix->segs[si].doc_count;
    for (uint32_t doc = 0; doc < docs; doc++)
        if (acq_id_table_keep(w->ids, w->doc_entry[first + doc]) != first + doc && mark(d, si, doc) != ACQ_OK)
            return w->err.code;
    return ACQ_OK;
}

static int write_deletions(acq_writer *w, acq_manifest_segment *ms, const uint8_t *bits, uint32_t doc_count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.del-%u", w->dir, ms->name, ms->delgen + 1);
    acq_fwriter fw;
    uint8_t cnt[4] = {(uint8_t)doc_count, (uint8_t)(doc_count >> 8), (uint8_t)(doc_count >> 16),
                      (uint8_t)(doc_count >> 24)};
    int rc = acq_fwriter_open(&fw, path, ACQ_KIND_DEL, &w->err);
    if (rc == ACQ_OK && (rc = acq_fwriter_write(&fw, cnt, 4, &w->err)) == ACQ_OK &&
        (rc = acq_fwriter_write(&fw, bits, ((size_t)doc_count + 7) / 8, &w->err)) == ACQ_OK)
        rc = acq_fwriter_finish(&fw, &w->err);
    else
        acq_fwriter_abort(&fw);
    return rc;
}

/* Applies the batch's deletions and replacements: for each segment with a
 * newly deleted document, a deletions file of the next generation. */
static int apply_deletes(acq_writer *w)
{
    size_t n = w->manifest.nsegs;
    if (n == 0 || (acq_id_table_count(w->ids) == 0 && w->nqueries == 0))
        return ACQ_OK;
    deletions d = {w, NULL, NULL, NULL, 0};
    int rc = acq_index_open_manifest(&d.ix, w->dir, &w->manifest, &w->err);
    if (rc == ACQ_OK) {
        d.bits = acq_calloc(n, sizeof *d.bits);
        d.marked = acq_calloc(n, sizeof *d.marked);
        if (d.bits == NULL || d.marked == NULL)
            rc = acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < w->nqueries && rc == ACQ_OK; k++) {
        d.upto = w->queries[k].upto;
        /* As acq_search matches it: analysed in each language the index
         * holds now, each document through its own (search/multilang.c). */
        acq_qnode *q = NULL;
        deletion_query dq = {&w->manifest, w->queries[k].text};
        rc = acq_multilang_query(&q, d.ix, NULL, w->manifest.stem, w->manifest.stopwords, 0, parse_deletion,
                                 &dq, &w->err);
        if (rc == ACQ_OK)
            rc = acq_search_each_match(d.ix, q, mark_query_match, &d, &w->err);
        acq_query_free(q);
    }
    for (size_t si = 0; si < n && rc == ACQ_OK && acq_id_table_count(w->ids) > 0; si++)
        rc = si < w->nold ? mark_old_ids(&d, si) : mark_replaced(&d, si);
    for (size_t si = 0; si < n && rc == ACQ_OK; si++) {
        if (d.marked[si] == 0)
            continue;
        acq_manifest_segment *ms = &w->manifest.segs[si];
        rc = write_deletions(w, ms, d.bits[si], d.ix->segs[si].doc_count);
        if (rc == ACQ_OK) {
            ms->delgen++;
            ms->deleted = d.ix->segs[si].deleted_count + d.marked[si];
        }
    }
    for (size_t si = 0; d.bits && si < n; si++)
        acq_free(d.bits[si]);
    acq_free(d.bits);
    acq_free(d.marked);
    acq_index_close(d.ix);
    return rc;
}

/* After a commit, everything written is older than the next batch. */
static void end_batch(acq_writer *w)
{
    acq_id_table_clear(w->ids);
    for (size_t k = 0; k < w->nqueries; k++)
        acq_free(w->queries[k].text);
    w->nqueries = 0;
    w->batch_docs = 0;
    w->nold = w->manifest.nsegs;
}

/* Segments whose documents are all deleted leave the manifest (their files
 * become orphans, removed once no commit names them). */
static void drop_empty_segments(acq_writer *w)
{
    size_t out = 0;
    for (size_t i = 0; i < w->manifest.nsegs; i++)
        if (w->manifest.segs[i].deleted < w->manifest.segs[i].docs)
            w->manifest.segs[out++] = w->manifest.segs[i];
    w->manifest.nsegs = out;
}

static int merge_by_policy(acq_writer *w);

int acq_writer_commit(acq_writer *w)
{
    if (w == NULL)
        return ACQ_EARG;
    acq_err_clear(&w->err);
    if (w->lost)
        return refuse_after_loss(w);
    if (settle_all(w) != ACQ_OK || flush_segment(w, 0) != ACQ_OK || settle_finish(w) != ACQ_OK ||
        apply_deletes(w) != ACQ_OK)
        return w->err.code;
    /* A failed manifest write leaves the batch as it was, so that a retry
     * commits the same thing; the deletion files already written are
     * named by the in-memory manifest and simply written again. */
    acq_manifest next;
    if (acq_manifest_copy(&next, &w->manifest, &w->err) != ACQ_OK)
        return w->err.code;
    acq_manifest saved = w->manifest;
    w->manifest = next;
    drop_empty_segments(w);
    if (acq_manifest_write(&w->manifest, w->dir, &w->err) != ACQ_OK) {
        acq_manifest_free(&w->manifest);
        w->manifest = saved;
        return w->err.code;
    }
    acq_manifest_free(&saved);
    end_batch(w);
    /* Deletion files of older generations are no longer named. */
    remove_orphans(w);
    return merge_by_policy(w);
}

size_t acq_writer_segment_count(const acq_writer *w) { return w ? w->manifest.nsegs : 0; }

/* Merges segments [first, first + count) of m into one new segment (its
 * files written and synced) and puts it in their place in m; not committed. */
static int merge_range(acq_writer *w, acq_manifest *m, size_t first, size_t count)
{
    acq_release_freed_memory(); /* what indexing freed, before the merge's own */
    acq_segment *segs = acq_calloc(count, sizeof *segs);
    if (segs == NULL)
        return acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
    int rc = ACQ_OK;
    size_t opened = 0;
    for (; opened < count && rc == ACQ_OK; opened++) {
        const acq_manifest_segment *ms = &m->segs[first + opened];
        rc = acq_segment_open(&segs[opened], w->dir, ms->name, ms->delgen, &w->err);
        if (rc != ACQ_OK)
            break;
    }
    char name[32];
    snprintf(name, sizeof name, "seg-%06llu", (unsigned long long)m->next_segment);
    uint32_t docs = 0;
    if (rc == ACQ_OK)
        rc = acq_merge_segments(segs, count, w->dir, name, w->opts.compression_level, w->opts.threads, &docs, &w->err);
    for (size_t i = 0; i < opened; i++)
        acq_segment_close(&segs[i]);
    acq_free(segs);
    if (rc != ACQ_OK)
        return rc;
    m->next_segment++;
    acq_manifest_replace(m, first, count, name, docs);
    return ACQ_OK;
}

/* Commits a manifest prepared on a copy: on success it becomes the
 * writer's, on failure the writer keeps the last committed one (the new
 * files become orphans). */
static int commit_manifest(acq_writer *w, acq_manifest *next)
{
    if (acq_manifest_write(next, w->dir, &w->err) != ACQ_OK) {
        acq_manifest_free(next);
        return w->err.code;
    }
    acq_manifest_free(&w->manifest);
    w->manifest = *next;
    w->nold = w->manifest.nsegs;
    remove_orphans(w);
    return ACQ_OK;
}

/* The merges the policy asks for, each round committed; a merge's output
 * may ask for the next level's merge, hence the rounds. */
static int merge_by_policy(acq_writer *w)
{
    unsigned factor = w->opts.merge_factor ? (unsigned)w->opts.merge_factor : 10;
    if (w->opts.merge_factor < 0 || factor < 2)
        return ACQ_OK;
    for (int round = 0; round < 64; round++) {
        size_t n = w->manifest.nsegs;
        uint32_t *docs = acq_calloc(n + 1, sizeof *docs);
        uint32_t *deleted = acq_calloc(n + 1, sizeof *deleted);
        acq_merge_range *ranges = acq_calloc(n + 1, sizeof *ranges);
        size_t nranges = 0;
        int rc = docs && deleted && ranges ? ACQ_OK : acq_err_set(&w->err, ACQ_ENOMEM, "out of memory");
        if (rc == ACQ_OK) {
            for (size_t i = 0; i < n; i++) {
                docs[i] = w->manifest.segs[i].docs;
                deleted[i] = w->manifest.segs[i].deleted;
            }
            nranges = acq_merge_policy(docs, deleted, n, factor, ranges, n + 1);
        }
        acq_manifest next;
        if (rc == ACQ_OK && nranges > 0)
            rc = acq_manifest_copy(&next, &w->manifest, &w->err);
        /* From the last range back, so that earlier indexes stay valid. */
        for (size_t r = nranges; r-- > 0 && rc == ACQ_OK;)
            rc = merge_range(w, &next, ranges[r].first, ranges[r].count);
        if (rc == ACQ_OK && nranges > 0)
            rc = commit_manifest(w, &next);
        else if (nranges > 0)
            acq_manifest_free(&next);
        acq_free(docs);
        acq_free(deleted);
        acq_free(ranges);
        if (rc != ACQ_OK) {
            /* The documents are committed; only the merge failed. */
            char msg[sizeof w->err.msg];
            snprintf(msg, sizeof msg, "%s", w->err.msg);
            return acq_err_set(&w->err, rc, "the commit succeeded, but merging segments afterwards failed: %s", msg);
        }
        if (nranges == 0)
            return ACQ_OK;
    }
    return ACQ_OK;
}

int acq_writer_merge(acq_writer *w)
{
    if (w == NULL)
        return ACQ_EARG;
    if (acq_writer_commit(w) != ACQ_OK)
        return w->err.code;
    size_t n = w->manifest.nsegs;
    int any_deleted = 0;
    for (size_t i = 0; i < n; i++)
        any_deleted |= w->manifest.segs[i].delgen > 0;
    if (n == 0 || (n == 1 && !any_deleted))
        return ACQ_OK;
    acq_manifest next;
    if (acq_manifest_copy(&next, &w->manifest, &w->err) != ACQ_OK)
        return w->err.code;
    if (merge_range(w, &next, 0, n) != ACQ_OK) {
        acq_manifest_free(&next);
        return w->err.code;
    }
    return commit_manifest(w, &next);
}

void acq_writer_close(acq_writer *w)
{
    if (w == NULL)
        return;
    if (w->feed) {
        acq_feed_wait(w->feed, &(acq_err){0});
        acq_feed_stop(w->feed);
    }
    if (w->builder)
        acq_builder_abort(w->builder);
    for (int i = 0; i < w->nanalyzers; i++)
        acq_analyzer_close(w->analyzers[i]);
    acq_vocab_free(w->vocab);
    acq_token_cache_free(w->tokens);
    acq_doc_ops_free(w->ops);
    for (size_t k = 0; k < w->nqueries; k++)
        acq_free(w->queries[k].text);
    acq_free(w->queries);
    acq_id_table_free(w->ids);
    acq_free(w->doc_entry);
    acq_free(w->seg_first);
    acq_manifest_free(&w->manifest);
    acq_buf_free(&w->scratch);
    acq_buf_free(&w->extras);
    acq_cited_free(&w->cited);
    acq_free(w->all_fields);
    acq_free(w->extra_codes);
    if (w->lock_fd >= 0)
        close(w->lock_fd); /* releases the flock */
    acq_free(w->dir);
    acq_free(w);
}
