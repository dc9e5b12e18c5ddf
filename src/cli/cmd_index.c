/* cmd_index.c: `acquis index`, and the reading of inputs into a writer that
 * it shares with `acquis add` (cli_ingest): progress on a terminal, a
 * message with file and line for every skipped document, the writer's own
 * message when writing fails. The index changes only when everything went
 * through the commit: a failure, or an input without a single document,
 * leaves it as it was. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "index/writer_internal.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct index_ctx {
    acq_writer *w;
    const char *cmd;
    uint64_t docs, problems, rejected;
    int tty;
    double started, last_progress;
    int writer_rc;        /* the writer's failure that stopped the reading */
    char where[600];      /* the document it was adding then */
} index_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Clears a progress line before a message, on a terminal. */
static const char *clear_line(const index_ctx *c) { return c->tty ? "\r\033[K" : ""; }

static int on_doc(void *p, const acq_ingest_doc *d)
{
    index_ctx *c = p;
    int rc;
    if (d->part_len > 0 && d->nfields < 255) {
        /* A part of an act (--passages article) carries its label as the
         * keyword field "article": article:art-5 finds it, shows it. */
        acq_field f[256];
        if (d->nfields)
            memcpy(f, d->fields, d->nfields * sizeof *f);
        f[d->nfields].name = "article";
        f[d->nfields].value = d->part;
        f[d->nfields].value_len = d->part_len;
        rc = acq_writer_add_fields(c->w, &d->doc, f, d->nfields + 1);
    } else if (d->cited) {
        /* Found where the line was parsed (with -j 2, off this thread). */
        rc = acq_writer_add_fields_cited(c->w, &d->doc, d->fields, d->nfields, d->cited);
    } else {
        rc = acq_writer_add_fields(c->w, &d->doc, d->fields, d->nfields);
    }
    if (rc == ACQ_EINPUT) {
        /* A document the writer refuses is reported like a bad line. */
        fprintf(stderr, "%sacquis %s: %s:%llu: %s (skipped)\n", clear_line(c), c->cmd, d->source,
                (unsigned long long)d->line, acq_writer_errmsg(c->w));
        c->rejected++;
        return ACQ_OK;
    }
    if (rc == ACQ_OK) {
        c->docs++;
    } else {
        /* The writer's message says what failed and why (a full disk names
         * the file and the system's reason); remember where we were, since
         * the ingest module only knows that the callback stopped it. */
        c->writer_rc = rc;
        if (d->line)
            snprintf(c->where, sizeof c->where, "%s line %llu", d->source, (unsigned long long)d->line);
        else
            snprintf(c->where, sizeof c->where, "%s", d->source);
    }
    return rc;
}

static void on_problem(void *p, const char *source, uint64_t line, const char *message)
{
    index_ctx *c = p;
    c->problems++;
    if (line)
        fprintf(stderr, "%sacquis %s: %s:%llu: %s (skipped)\n", clear_line(c), c->cmd, source,
                (unsigned long long)line, message);
    else
        fprintf(stderr, "%sacquis %s: %s: %s (skipped)\n", clear_line(c), c->cmd, source, message);
}

static void on_warning(void *p, const char *source, const char *message)
{
    index_ctx *c = p;
    fprintf(stderr, "%sacquis %s: %s: warning: %s\n", clear_line(c), c->cmd, source, message);
}

static void on_progress(void *p, uint64_t done, uint64_t total)
{
    index_ctx *c = p;
    double t = now();
    if (!c->tty || t - c->last_progress < 0.2)
        return;
    c->last_progress = t;
    char a[32], b[32];
    if (total)
        fprintf(stderr, "\r\033[K%llu documents, %s of %s (%.0f%%)", (unsigned long long)c->docs,
                cli_human_size(done, a, sizeof a), cli_human_size(total, b, sizeof b), 100.0 * (double)done / (double)total);
    else
        fprintf(stderr, "\r\033[K%llu documents, %s", (unsigned long long)c->docs, cli_human_size(done, a, sizeof a));
}

/* An input that gave no document is almost always a mistake (a CSV file, an
 * empty file, the wrong folder): say what was expected. */
static void no_documents(const index_ctx *c, const char *input, uint64_t skipped)
{
    struct stat sb;
    const char *why;
    if (skipped)
        why = "everything in it was skipped: see the messages above";
    else if (stat(input, &sb) == 0 && S_ISDIR(sb.st_mode))
        why = "a folder is searched for .txt, .md, .html, .htm, .xml, .jsonl and .jsonl.gz files; hidden ones are "
              "skipped";
    else
        why = "a file is read as JSON Lines, one object with an \"id\" per line, unless its name ends in .txt, .md, "
              ".html, .htm or .xml";
    fprintf(stderr, "%sacquis %s: no documents found in %s (%s)\n", clear_line(c), c->cmd, input, why);
}

/* Live documents in the last commit of dir; 0 if there is no index yet. */
static uint64_t live_documents(const char *dir)
{
    acq_index *ix;
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    if (acq_index_open(&ix, dir, NULL, 0) != ACQ_OK)
        return 0;
    if (acq_index_stats_get(ix, &st) != ACQ_OK)
        st.documents = 0;
    acq_index_close(ix);
    return st.documents;
}

/* A failed run into a directory that did not exist before leaves nothing
 * behind: the writer created the directory and its lock file, nothing
 * else was committed. */
static void remove_new_dir(const char *dir)
{
    char lock[4096];
    snprintf(lock, sizeof lock, "%s/write.lock", dir);
    unlink(lock);
    rmdir(dir); /* fails, harmlessly, if anything else is in it */
}

void cli_ingest_job_init(cli_ingest_job *job, const char *cmd)
{
    acq_writer_options def = ACQ_WRITER_OPTIONS_INIT;
    memset(job, 0, sizeof *job);
    job->cmd = cmd;
    job->dir = "index";
    job->opts = def;
    job->ingest.passages = ACQ_INGEST_WHOLE_ACTS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    job->opts.threads = cores > 0 ? (int)(cores < 64 ? cores : 64) : 1;
}

int cli_ingest_option(cli_ingest_job *job, int argc, char **argv, int *i, int *rc)
{
    const char *a = argv[*i];
    int has_value = *i + 1 < argc;
    if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        job->quiet = 1;
    } else if (strcmp(a, "--memory") == 0 && has_value) {
        long mb = atol(argv[++*i]);
        if (mb < 8 || mb > 1 << 20) {
            fprintf(stderr, "acquis %s: --memory wants a number of MB from 8 up\n", job->cmd);
            *rc = 2;
        }
        job->opts.memory_budget = (size_t)mb << 20;
    } else if (strcmp(a, "--compression") == 0 && has_value) {
        int level = atoi(argv[++*i]);
        if (level < 1 || level > 9) {
            fprintf(stderr, "acquis %s: --compression wants a level from 1 (LZ4, fastest) to 9 (deflate, smallest)\n", job->cmd);
            *rc = 2;
        }
        job->opts.compression_level = level;
    } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--threads") == 0) && has_value) {
        char *end;
        const char *v = argv[++*i];
        long n = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || n < 1 || n > 64) {
            fprintf(stderr, "acquis %s: -j wants a number of threads from 1 to 64\n", job->cmd);
            *rc = 2;
        }
        job->opts.threads = (int)n;
    } else {
        return 0;
    }
    return 1;
}

int cli_ingest(const cli_ingest_job *job)
{
    const char *dir = job->dir;
    struct stat sb;
    int existed = stat(dir, &sb) == 0;
    char msg[1024];
    index_ctx c = {0};
    c.cmd = job->cmd;
    c.tty = !job->quiet && isatty(2);
    c.started = now();
    int rc = acq_writer_open(&c.w, dir, &job->opts, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", c.cmd, msg);
        return 2;
    }
    int rebuild = job->opts.replace;
    /* Counted under the writer's lock: nobody else commits meanwhile. */
    uint64_t before = rebuild ? 0 : live_documents(dir);
    acq_ingest_callbacks cb = {on_doc, on_problem, on_progress, &c, on_warning};
    acq_ingest_stats st = {0};
    for (int i = 0; i < job->ninputs && rc == ACQ_OK; i++) {
        acq_err err = {0};
        uint64_t docs0 = c.docs, skipped0 = c.problems + c.rejected;
        /* A second core reads and inflates the input ahead of the analysis. */
        acq_ingest_options io = job->ingest;
        io.read_ahead = job->opts.threads >= 2;
        io.citations = 1;
        rc = acq_ingest_path_opts(job->inputs[i], &io, &cb, &st, &err);
        if (rc != ACQ_OK && c.writer_rc != ACQ_OK)
            fprintf(stderr, "%sacquis %s: %s (while adding the document at %s)\n", clear_line(&c), c.cmd,
                    acq_writer_errmsg(c.w), c.where);
        else if (rc != ACQ_OK)
            fprintf(stderr, "%sacquis %s: %s\n", clear_line(&c), c.cmd, err.msg[0] ? err.msg : acq_writer_errmsg(c.w));
        else if (c.docs == docs0) {
            no_documents(&c, job->inputs[i], c.problems + c.rejected - skipped0);
            rc = ACQ_EINPUT;
        }
    }
    if (rc == ACQ_OK && (rc = acq_writer_commit(c.w)) != ACQ_OK)
        fprintf(stderr, "%sacquis %s: %s\n", clear_line(&c), c.cmd, acq_writer_errmsg(c.w));
    /* A rebuild may have finished several segments (64 runs each) within
     * the memory budget:
     * merge them (streaming), so that searches read one dictionary. The
     * commit above already made the documents durable. An append leaves
     * that to the merge policy the commit applied, so that it costs what it
     * adds rather than rewriting the whole index. */
    size_t segments = acq_writer_segment_count(c.w);
    if (rc == ACQ_OK && rebuild && segments > 1) {
        if (c.tty)
            fprintf(stderr, "\r\033[Kmerging %zu segments", segments);
        if (acq_writer_merge(c.w) != ACQ_OK) {
            /* Not "unchanged": the new index is in place, only unmerged. */
            fprintf(stderr, "%sacquis %s: merging the segments: %s\n", clear_line(&c), c.cmd, acq_writer_errmsg(c.w));
            fprintf(stderr, "acquis %s: the %llu documents were committed to %s in %zu segments and can be searched; "
                            "run `acquis optimize -i %s` once the cause is fixed\n",
                    c.cmd, (unsigned long long)c.docs, dir, segments, dir);
            acq_writer_close(c.w);
            return 2;
        }
    }
    acq_writer_close(c.w);
    if (c.tty)
        fprintf(stderr, "\r\033[K");
    if (rc != ACQ_OK) {
        if (!existed) {
            remove_new_dir(dir);
            fprintf(stderr, "acquis %s: nothing committed; no index was created in %s\n", c.cmd, dir);
        } else {
            fprintf(stderr, "acquis %s: nothing committed; %s is unchanged\n", c.cmd, dir);
        }
        return 2;
    }
    char sz[32];
    uint64_t skipped = c.problems + c.rejected;
    if (job->quiet)
        return 0;
    if (rebuild) {
        fprintf(stderr, "indexed %llu documents (%s read) into %s in %.2f s\n", (unsigned long long)c.docs,
                cli_human_size(st.bytes, sz, sizeof sz), dir, now() - c.started);
    } else {
        uint64_t after = live_documents(dir);
        uint64_t replaced = before + c.docs > after ? before + c.docs - after : 0;
        fprintf(stderr, "added %llu document%s (%s read) to %s in %.2f s", (unsigned long long)c.docs,
                c.docs == 1 ? "" : "s", cli_human_size(st.bytes, sz, sizeof sz), dir, now() - c.started);
        if (replaced)
            fprintf(stderr, ", %llu replacing documents with the same id", (unsigned long long)replaced);
        fprintf(stderr, "; it holds %llu\n", (unsigned long long)after);
    }
    if (skipped)
        fprintf(stderr, "(%llu documents were skipped: see the messages above)\n", (unsigned long long)skipped);
    return 0;
}

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis index [-o DIR] [--append] [--memory MB] [--lang CODE]\n"
            "                    [--keep-stopwords] [--no-stem] [--compression N]\n"
            "                    [--passages act|article] [-j N] [--quiet] INPUT...\n"
            "\n"
            "Builds an index in DIR (default: index) from each INPUT: a JSON Lines\n"
            "file (plain or .gz; fields id, title, text and optional lang, date, type,\n"
            "celex, url), an act as EUR-Lex publishes it (Official Journal or consolidated\n"
            "XHTML, a EUR-Lex page, Formex), or a folder of any mix of those and .txt,\n"
            ".md and .html files.\n"
            "\n"
            "  -o DIR             the index directory (default: index)\n"
            "  --append           add to the documents already in DIR instead of\n"
            "                     replacing them (as `acquis add`): a document whose id\n"
            "                     is in DIR replaces it\n"
            "  --lang CODE        language of documents without a lang field (default en)\n"
            "  --keep-stopwords   index stopwords too (queries can then drop them or not,\n"
            "                     e.g. acquis batch --stopwords keep|drop)\n"
            "  --no-stem          index words unstemmed (folded only)\n"
            "  --passages article split EU acts read from EUR-Lex files (XHTML, Formex)\n"
            "                     into recitals, articles and annexes, one document each\n"
            "                     (id 32016L0680@2016-04-27:en#art-5); act (default):\n"
            "                     one document per act\n"
            CLI_INGEST_OPTIONS_HELP
            "\n"
            "Bad documents (invalid UTF-8, broken JSON) are reported with file and line\n"
            "and skipped; the rest is indexed. An INPUT without a single document is an\n"
            "error (exit status 2). Until the final commit, DIR keeps serving its\n"
            "previous contents; after a failure it is left as it was. A rebuild ends\n"
            "with one segment; an append leaves merging to the merge policy (see\n"
            "acquis optimize).\n"
            "\n"
            "examples:\n"
            "  acquis index -o index corpus/jha.jsonl\n"
            "  acquis index -o /tmp/eurlex ../shared/corpus/eurlex-en-passages.jsonl.gz\n");
}

int cli_index(int argc, char **argv)
{
    cli_ingest_job job;
    cli_ingest_job_init(&job, "index");
    job.opts.replace = 1;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (inputs == NULL)
        return 2;
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            rc = 0;
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            job.dir = argv[++i];
        } else if (strcmp(a, "--append") == 0) {
            job.opts.replace = 0;
        } else if (cli_ingest_option(&job, argc, argv, &i, &rc)) {
            continue;
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            job.opts.default_lang = argv[++i];
        } else if (strcmp(a, "--no-stem") == 0) {
            job.opts.no_stemming = 1;
        } else if (strcmp(a, "--keep-stopwords") == 0) {
            job.opts.keep_stopwords = 1;
        } else if (strcmp(a, "--passages") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            if (strcmp(m, "article") != 0 && strcmp(m, "act") != 0) {
                fprintf(stderr, "acquis index: --passages wants 'article' (recitals, articles, annexes) or 'act'\n");
                rc = 2;
            }
            job.ingest.passages = strcmp(m, "article") == 0 ? ACQ_INGEST_ARTICLES : ACQ_INGEST_WHOLE_ACTS;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis index: unknown option '%s' (see acquis index --help)\n", a);
            rc = 2;
        } else {
            inputs[job.ninputs++] = a;
        }
    }
    if (rc < 0 && job.ninputs == 0) {
        fprintf(stderr, "acquis index: no INPUT given (see acquis index --help)\n");
        rc = 2;
    }
    if (rc < 0) {
        job.inputs = inputs;
        rc = cli_ingest(&job);
    }
    free(inputs);
    return rc;
}
