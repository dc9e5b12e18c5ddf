/* ingest.c: acq_ingest_path(), which decides what kind of input a path is
 * and hands it to jsonl.c, file.c or folder.c, plus the run-wide helpers they
 * all use to deliver documents, report problems, warnings and progress, and
 * fail. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char ingest_empty[1] = "";

int ingest_emit(ingest_run *r, acq_ingest_doc *d)
{
    r->stats.documents++;
    int rc = r->cb->doc(r->cb->ctx, d);
    if (rc < 0 && r->rc == ACQ_OK) {
        char where[48] = "";
        if (d->line != 0)
            snprintf(where, sizeof where, " line %llu", (unsigned long long)d->line);
        r->rc = rc;
        /* The callback knows why (a writer names the file and the system's
         * reason): this only says where, for a caller that has nothing better. */
        acq_err_set(r->err, rc, "stopped at %s%s: the document could not be added (%s)", d->source, where,
                    acq_strerror(rc));
    }
    return r->rc;
}

void ingest_problem(ingest_run *r, const char *source, uint64_t line, const char *fmt, ...)
{
    r->stats.skipped++;
    if (r->cb->problem == NULL)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cb->problem(r->cb->ctx, source, line, msg);
}

void ingest_warning(ingest_run *r, const char *source, const char *fmt, ...)
{
    r->stats.warnings++;
    if (r->cb->warning == NULL)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cb->warning(r->cb->ctx, source, msg);
}

int ingest_fail(ingest_run *r, int code, const char *fmt, ...)
{
    if (r->rc != ACQ_OK)
        return r->rc;
    r->rc = code;
    va_list ap;
    va_start(ap, fmt);
    acq_err_vset(r->err, code, fmt, ap);
    va_end(ap);
    return r->rc;
}

int ingest_fail_errno(ingest_run *r, const char *fmt, ...)
{
    int e = errno;
    char head[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    int code = e == ENOENT || e == ENOTDIR ? ACQ_ENOTFOUND : e == ENOMEM ? ACQ_ENOMEM : ACQ_EIO;
    return ingest_fail(r, code, "%s: %s", head, strerror(e));
}

int ingest_nomem(ingest_run *r) { return ingest_fail(r, ACQ_ENOMEM, "out of memory while reading documents"); }

static void report_progress(ingest_run *r, uint64_t done)
{
    r->last_progress = done;
    r->cb->progress(r->cb->ctx, done, r->total);
}

void ingest_progress(ingest_run *r, uint64_t done_in_file)
{
    uint64_t done = r->done_before + done_in_file;
    if (r->cb->progress != NULL && done >= r->last_progress + INGEST_PROGRESS_STEP)
        report_progress(r, done);
}

void ingest_file_done(ingest_run *r, uint64_t size)
{
    r->stats.files++;
    r->stats.bytes += size;
    r->done_before += size;
    ingest_progress(r, 0);
}

static int ends_with(const char *name, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strcasecmp(name + n - k, suffix) == 0;
}

ingest_kind ingest_kind_of(const char *name)
{
    size_t n = strlen(name);
    if (ends_with(name, n, ".jsonl") || ends_with(name, n, ".jsonl.gz"))
        return KIND_JSONL;
    if (ends_with(name, n, ".txt"))
        return KIND_TXT;
    if (ends_with(name, n, ".md"))
        return KIND_MD;
    if (ends_with(name, n, ".html") || ends_with(name, n, ".htm") || ends_with(name, n, ".xhtml"))
        return KIND_HTML;
    if (ends_with(name, n, ".xml"))
        return KIND_XML;
    return KIND_OTHER;
}

static void run_free(ingest_run *r)
{
    acq_buf_free(&r->file);
    acq_buf_free(&r->path);
    act_free(r->act);
    sidecar_free(r);
}

int acq_ingest_path(const char *path, const acq_ingest_callbacks *cb, acq_ingest_stats *stats, acq_err *err)
{
    return acq_ingest_path_opts(path, NULL, cb, stats, err);
}

int acq_ingest_path_opts(const char *path, const acq_ingest_options *opts, const acq_ingest_callbacks *cb,
                         acq_ingest_stats *stats, acq_err *err)
{
    if (path == NULL || cb == NULL || cb->doc == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_ingest_path: path, callbacks and the doc callback are required");
    if (opts != NULL && opts->passages != ACQ_INGEST_WHOLE_ACTS && opts->passages != ACQ_INGEST_ARTICLES)
        return acq_err_set(err, ACQ_EARG, "acq_ingest_path: passages is ACQ_INGEST_WHOLE_ACTS or ACQ_INGEST_ARTICLES");
    ingest_run r;
    memset(&r, 0, sizeof r);
    r.cb = cb;
    r.err = err;
    r.passages = opts != NULL ? opts->passages : ACQ_INGEST_WHOLE_ACTS;
    r.read_ahead = opts != NULL && opts->read_ahead;
    r.citations = opts != NULL && opts->citations;

    struct stat st;
    if (stat(path, &st) != 0) {
        ingest_fail_errno(&r, "cannot open %s", path);
    } else if (S_ISDIR(st.st_mode)) {
        acq_buf_puts(&r.path, path);
        if (acq_buf_cstr(&r.path) == NULL || r.path.failed)
            ingest_nomem(&r);
        else
            ingest_folder(&r);
    } else {
        r.total = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
        ingest_kind kind = ingest_kind_of(path);
        const char *slash = strrchr(path, '/');
        sniff sn;
        if (kind == KIND_TXT || kind == KIND_MD || kind == KIND_HTML || kind == KIND_XML) {
            ingest_file(&r, path, slash ? slash + 1 : path, kind, 1);
        } else if (kind == KIND_OTHER && S_ISREG(st.st_mode) && ingest_sniff_path(path, &sn) == 0 &&
                   (sn.kind == SNIFF_HTML || sn.kind == SNIFF_FORMEX || sn.kind == SNIFF_XML)) {
            /* markup under another name (a page saved without an extension) */
            ingest_file(&r, path, slash ? slash + 1 : path, KIND_OTHER, 1);
        } else {
            ingest_jsonl(&r, path, 1);
        }
    }
    /* A last report so that a progress display ends at its true figure. */
    if (cb->progress != NULL && r.rc == ACQ_OK && r.done_before != r.last_progress)
        report_progress(&r, r.done_before);

    run_free(&r);
    if (stats != NULL) {
        stats->documents += r.stats.documents;
        stats->skipped += r.stats.skipped;
        stats->files += r.stats.files;
        stats->bytes += r.stats.bytes;
        stats->warnings += r.stats.warnings;
    }
    return r.rc;
}
