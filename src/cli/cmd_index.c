/* cmd_index.c: `acquis index`: reads inputs through the ingest module and
 * feeds them to a writer, with progress on a terminal and a message with
 * file and line for every skipped document. The index is replaced only when
 * everything went through the commit: a failure leaves the old one as it was. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct index_ctx {
    acq_writer *w;
    uint64_t docs, problems, rejected;
    int tty;
    double started, last_progress;
} index_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int on_doc(void *p, const acq_ingest_doc *d)
{
    index_ctx *c = p;
    int rc = acq_writer_add(c->w, &d->doc);
    if (rc == ACQ_EINPUT) {
        /* A document the writer refuses is reported like a bad line. */
        fprintf(stderr, "%sacquis index: %s:%llu: %s (skipped)\n", c->tty ? "\r\033[K" : "", d->source,
                (unsigned long long)d->line, acq_writer_errmsg(c->w));
        c->rejected++;
        return ACQ_OK;
    }
    if (rc == ACQ_OK)
        c->docs++;
    return rc;
}

static void on_problem(void *p, const char *source, uint64_t line, const char *message)
{
    index_ctx *c = p;
    c->problems++;
    if (line)
        fprintf(stderr, "%sacquis index: %s:%llu: %s (skipped)\n", c->tty ? "\r\033[K" : "", source,
                (unsigned long long)line, message);
    else
        fprintf(stderr, "%sacquis index: %s: %s (skipped)\n", c->tty ? "\r\033[K" : "", source, message);
}

static void on_warning(void *p, const char *source, const char *message)
{
    index_ctx *c = p;
    fprintf(stderr, "%sacquis index: %s: warning: %s\n", c->tty ? "\r\033[K" : "", source, message);
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

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis index [-o DIR] [--append] [--memory MB] [--lang CODE]\n"
            "                    [--keep-stopwords] [--no-stem] [--compression N]\n"
            "                    [--passages act|article] [--quiet] INPUT...\n"
            "\n"
            "Builds an index in DIR (default: index) from each INPUT: a JSON Lines\n"
            "file (plain or .gz; fields id, title, text and optional lang, date, type,\n"
            "celex, url), an act as EUR-Lex publishes it (Official Journal or consolidated\n"
            "XHTML, a EUR-Lex page, Formex), or a folder of any mix of those and .txt,\n"
            ".md and .html files.\n"
            "\n"
            "  -o DIR             the index directory (default: index)\n"
            "  --append           add to the documents already in DIR instead of\n"
            "                     replacing them\n"
            "  --memory MB        memory budget for buffered postings (default 256)\n"
            "  --lang CODE        language of documents without a lang field (default en)\n"
            "  --keep-stopwords   index stopwords too (queries can then drop them or not,\n"
            "                     e.g. acquis batch --stopwords keep|drop)\n"
            "  --no-stem          index words unstemmed (folded only)\n"
            "  --compression N    zlib level of stored texts, 1 fastest (default) to 9\n"
            "  --passages article split EU acts read from EUR-Lex files (XHTML, Formex)\n"
            "                     into recitals, articles and annexes, one document each\n"
            "                     (id 32016L0680@2016-04-27:en#art-5); act (default):\n"
            "                     one document per act\n"
            "  --quiet            no progress display\n"
            "\n"
            "Bad documents (invalid UTF-8, broken JSON) are reported with file and line\n"
            "and skipped; the rest is indexed. Until the final commit, DIR keeps serving\n"
            "its previous contents.\n"
            "\n"
            "examples:\n"
            "  acquis index -o index corpus/jha.jsonl\n"
            "  acquis index -o /tmp/eurlex ../shared/corpus/eurlex-en-passages.jsonl.gz\n");
}

int cli_index(int argc, char **argv)
{
    const char *dir = "index";
    acq_writer_options opts = ACQ_WRITER_OPTIONS_INIT;
    opts.replace = 1;
    int quiet = 0, ninputs = 0;
    acq_ingest_options iopts = {ACQ_INGEST_WHOLE_ACTS};
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (inputs == NULL)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            free(inputs);
            return 0;
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "--append") == 0) {
            opts.replace = 0;
        } else if (strcmp(a, "--memory") == 0 && i + 1 < argc) {
            long mb = atol(argv[++i]);
            if (mb < 8 || mb > 1 << 20) {
                fprintf(stderr, "acquis index: --memory wants a number of MB from 8 up\n");
                free(inputs);
                return 2;
            }
            opts.memory_budget = (size_t)mb << 20;
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            opts.default_lang = argv[++i];
        } else if (strcmp(a, "--compression") == 0 && i + 1 < argc) {
            int level = atoi(argv[++i]);
            if (level < 1 || level > 9) {
                fprintf(stderr, "acquis index: --compression wants a zlib level from 1 (fastest) to 9 (smallest)\n");
                free(inputs);
                return 2;
            }
            opts.compression_level = level;
        } else if (strcmp(a, "--no-stem") == 0) {
            opts.no_stemming = 1;
        } else if (strcmp(a, "--keep-stopwords") == 0) {
            opts.keep_stopwords = 1;
        } else if (strcmp(a, "--passages") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            if (strcmp(m, "article") != 0 && strcmp(m, "act") != 0) {
                fprintf(stderr, "acquis index: --passages wants 'article' (recitals, articles, annexes) or 'act'\n");
                free(inputs);
                return 2;
            }
            iopts.passages = strcmp(m, "article") == 0 ? ACQ_INGEST_ARTICLES : ACQ_INGEST_WHOLE_ACTS;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis index: unknown option '%s' (see acquis index --help)\n", a);
            free(inputs);
            return 2;
        } else {
            inputs[ninputs++] = a;
        }
    }
    if (ninputs == 0) {
        fprintf(stderr, "acquis index: no INPUT given (see acquis index --help)\n");
        free(inputs);
        return 2;
    }
    char msg[1024];
    index_ctx c = {0};
    c.tty = !quiet && isatty(2);
    c.started = now();
    int rc = acq_writer_open(&c.w, dir, &opts, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis index: %s\n", msg);
        free(inputs);
        return 2;
    }
    acq_ingest_callbacks cb = {on_doc, on_problem, on_progress, &c, on_warning};
    acq_ingest_stats st = {0};
    for (int i = 0; i < ninputs && rc == ACQ_OK; i++) {
        acq_err err = {0};
        rc = acq_ingest_path_opts(inputs[i], &iopts, &cb, &st, &err);
        if (rc != ACQ_OK)
            fprintf(stderr, "%sacquis index: %s\n", c.tty ? "\r\033[K" : "",
                    err.msg[0] ? err.msg : acq_writer_errmsg(c.w));
    }
    if (rc == ACQ_OK && (rc = acq_writer_commit(c.w)) != ACQ_OK)
        fprintf(stderr, "%sacquis index: %s\n", c.tty ? "\r\033[K" : "", acq_writer_errmsg(c.w));
    /* Within the memory budget the build may have flushed several segments:
     * merge them (streaming), so that searches read one dictionary. The
     * commit above already made the documents durable. */
    if (rc == ACQ_OK && acq_writer_segment_count(c.w) > 1) {
        if (c.tty)
            fprintf(stderr, "\r\033[Kmerging %zu segments", acq_writer_segment_count(c.w));
        if ((rc = acq_writer_merge(c.w)) != ACQ_OK)
            fprintf(stderr, "%sacquis index: merging segments: %s\n", c.tty ? "\r\033[K" : "", acq_writer_errmsg(c.w));
    }
    acq_writer_close(c.w);
    free(inputs);
    if (c.tty)
        fprintf(stderr, "\r\033[K");
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis index: nothing committed; %s is unchanged\n", dir);
        return 2;
    }
    char sz[32];
    uint64_t skipped = c.problems + c.rejected;
    if (!quiet)
        fprintf(stderr, "indexed %llu documents (%s read) into %s in %.2f s\n",
                (unsigned long long)c.docs, cli_human_size(st.bytes, sz, sizeof sz), dir, now() - c.started);
    if (skipped && !quiet)
        fprintf(stderr, "(%llu documents were skipped: see the messages above)\n", (unsigned long long)skipped);
    return 0;
}
