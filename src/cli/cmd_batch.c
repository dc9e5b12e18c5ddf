/* cmd_batch.c: `acquis batch`, a whole topics file against an index in one
 * process, written as a TREC run ("qid Q0 docid rank score tag") for
 * `acquis eval` or trec_eval, plus RUN.settings.json recording the settings
 * behind the figures. Topics are read by src/eval/topics.c; the run is made
 * by src/batch (the code of acq_batch_run, so the Python package's
 * acquis.batch gives the same run), a function of the index's contents and
 * the settings only: -j changes the wall time and nothing else. Exit
 * status: 0 run written, 2 error. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/relevance.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/error.h"
#include "eval/eval.h"


static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis batch [-i DIR] --topics FILE [--fields LIST] [-k N]\n"
            "                    [--k1 X] [--b Y] [--lang CODE] [--tag NAME]\n"
            "                    [-o RUN] [-j N] [--syntax]\n"
            "\n"
            "Runs every topic of FILE against the index and writes a TREC run,\n"
            "one line \"qid Q0 docid rank score tag\" per hit, ranks from 1, scores\n"
            "with six decimals and never increasing down a topic; documents whose\n"
            "printed scores tie are ordered by docid descending, as trec_eval ranks\n"
            "them. The run is the same to the byte whatever -j and however the index\n"
            "is split into segments. A topic whose words are all stopwords gets no\n"
            "lines. With -o, RUN.settings.json records the index, topics, fields,\n"
            "k, k1, b, lang and acquis version behind the run.\n"
            "\n"
            "  -i DIR         the index (default: index)\n"
            "  --topics FILE  one \"qid<TAB>query\" per line, or classic TREC topics\n"
            "                 (<top> <num> <title> <desc> <narr> ... </top>)\n"
            "  --fields LIST  TREC topic fields making the query: title, desc, narr,\n"
            "                 all, or a list such as title,desc (default: title)\n"
            "  -k N           hits per topic (default 1000)\n"
            "  --k1 X         BM25 k1 (default 0.9)\n"
            "  --b Y          BM25 b (default 0.4)\n"
            "  --lang CODE    analyse the queries in this language only (default: in\n"
            "                 each language of the index, each document matched\n"
            "                 through its own); the index's stemming and stopwords\n"
            "                 are kept\n"
            "  --tag NAME     the run's tag, last column (default: acquis)\n"
            "  -o RUN         write the run to RUN (default: standard output)\n"
            "  -j N           search with N threads (default 1); same output\n"
            "  --stopwords keep|drop   stopwords in the queries (an index built with\n"
            "                 --keep-stopwords allows both; default: as the index)\n"
            "  --syntax       read topics as acquis query syntax (\"phrases\", AND,\n"
            "                 field:...); by default a topic is plain text whose\n"
            "                 words make a ranked OR (a word n times weighs n times)\n");
    cli_relevance_help(f);
    fprintf(f,
            "\n"
            "A topic that is empty, or empty once analysed (only stopwords), gets a\n"
            "warning naming it and no lines; the run goes on (acquis eval -c counts\n"
            "it as 0, as trec_eval -c does).\n"
            "\n"
            "Exit status: 0 run written, 2 error (\"acquis batch: FILE:LINE: message\"\n"
            "for a bad topics file).\n"
            "\n"
            "examples:\n"
            "  acquis batch -i index --topics jha-topics.tsv -o bm25.run\n"
            "  acquis eval jha-qrels.txt bm25.run\n"
            "  acquis batch --topics schengen.trec --fields title,desc --k1 1.2 --b 0.75 \\\n"
            "               --tag bm25-td -j 2 -o td.run\n");
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* A run field must be non-empty and free of blanks, or the line would not
 * read back as six fields. */
static int valid_tag(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
            return 0;
    return 1;
}

static int takes_value(const char *a)
{
    static const char *const opts[] = {"-i", "--topics", "--fields", "-k", "--k1", "--b",
                                       "--lang", "--tag", "-o", "-j", "--stopwords"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (strcmp(a, opts[i]) == 0)
            return 1;
    return 0;
}

/* ---- Output --------------------------------------------------------------- */

static int write_run(const char *path, const char *text, size_t len)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (f == NULL)
        return -1;
    int bad = len > 0 && fwrite(text, 1, len, f) != len;
    bad |= path ? fclose(f) != 0 : fflush(f) != 0;
    return bad ? -1 : 0;
}

typedef struct batch_settings {
    const char *index, *topics, *fields, *lang, *tag;
    size_t k, topic_count, topics_with_hits;
    double k1, b;
    int syntax;
    int query_stopwords;
    acq_index_stats stats;
    const acq_search_options *opts;
} batch_settings;

/* RUN.settings.json: everything a figure computed from RUN depends on.
 * Deterministic too (no time, no thread count), so it can be diffed. */
static int write_settings(const char *path, const batch_settings *s)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    fprintf(f, "{\n  \"acquis_version\": ");
    json_string(f, acq_version());
    fprintf(f, ",\n  \"index\": ");
    json_string(f, s->index);
    fprintf(f, ",\n  \"index_documents\": %llu,\n  \"index_segments\": %llu",
            (unsigned long long)s->stats.documents, (unsigned long long)s->stats.segments);
    fprintf(f, ",\n  \"topics\": ");
    json_string(f, s->topics);
    fprintf(f, ",\n  \"topic_fields\": ");
    json_string(f, s->fields);
    fprintf(f, ",\n  \"topic_count\": %zu,\n  \"topics_with_hits\": %zu", s->topic_count,
            s->topics_with_hits);
    fprintf(f, ",\n  \"k\": %zu,\n  \"k1\": %g,\n  \"b\": %g", s->k, s->k1, s->b);
    fprintf(f, ",\n  \"query_lang\": ");
    json_string(f, s->lang ? s->lang : "index default");
    /* The library does not tell which stemmer and stopword list the index
     * was built with; what the queries get is the index's own chain. */
    fprintf(f, ",\n  \"analysis\": {\"stemming\": %s, \"index_stopwords\": \"%s\", \"query_stopwords\": \"%s\", \"index_lang\": ",
            s->stats.stemming ? "true" : "false", s->stats.stopwords_dropped ? "dropped" : "kept",
            s->query_stopwords == 2 ? "kept" : s->query_stopwords == 1 ? "dropped"
                                     : (s->stats.stopwords_dropped ? "dropped" : "kept"));
    json_string(f, s->stats.lang);
    fprintf(f, "}");
    fprintf(f, ",\n  \"ranking\": \"%s\"", s->syntax ? "topics read as acquis query syntax"
                                                    : "ranked OR of the query words, each weighted by its "
                                                      "count in the topic");
    cli_relevance_settings(f, s->opts);
    fprintf(f, ",\n  \"tag\": ");
    json_string(f, s->tag);
    fprintf(f, ",\n  \"score_format\": \"%s\",\n  \"ties\": \"docid descending (trec_eval)\"\n}\n",
            ACQ_RUN_SCORE_FORMAT);
    int bad = ferror(f);
    return (fclose(f) != 0 || bad) ? -1 : 0;
}

/* ---- Entry point ----------------------------------------------------------- */

static int fail(const char *msg)
{
    fprintf(stderr, "acquis batch: %s\n", msg);
    return 2;
}

int cli_batch(int argc, char **argv)
{
    const char *dir = "index", *topics_path = NULL, *fields_spec = "title";
    const char *tag = "acquis", *out_path = NULL;
    long k = 1000, threads = 1;
    acq_search_options so = ACQ_SEARCH_OPTIONS_INIT;
    double k1 = 0.9, b = 0.4;
    int syntax = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--syntax") == 0) {
            syntax = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            return fflush(stdout) == 0 ? 0 : 2;
        }
        int used = cli_relevance_option("batch", a, v, &so);
        if (used < 0)
            return 2;
        if (used > 0) {
            i += used - 1;
            continue;
        }
        if (v == NULL && takes_value(a)) {
            fprintf(stderr, "acquis batch: %s wants a value (see acquis batch --help)\n", a);
            return 2;
        }
        if (strcmp(a, "-i") == 0) {
            dir = v;
        } else if (strcmp(a, "--topics") == 0) {
            topics_path = v;
        } else if (strcmp(a, "--fields") == 0) {
            fields_spec = v;
        } else if (strcmp(a, "-k") == 0) {
            if (parse_size(v, 1, 1000000, &k) != 0)
                return fail("-k wants a number from 1 to 1000000");
        } else if (strcmp(a, "--k1") == 0) {
            if (parse_double(v, 0, 1000, &k1) != 0)
                return fail("--k1 wants a number >= 0, such as 0.9");
        } else if (strcmp(a, "--b") == 0) {
            if (parse_double(v, 0, 1, &b) != 0)
                return fail("--b wants a number from 0 to 1, such as 0.4");
        } else if (strcmp(a, "--lang") == 0) {
            so.lang = v;
        } else if (strcmp(a, "--stopwords") == 0) {
            if (strcmp(v, "keep") == 0)
                so.stopwords = 2;
            else if (strcmp(v, "drop") == 0)
                so.stopwords = 1;
            else
                return fail("--stopwords wants keep or drop");
        } else if (strcmp(a, "--tag") == 0) {
            tag = v;
        } else if (strcmp(a, "-o") == 0) {
            out_path = v;
        } else if (strcmp(a, "-j") == 0) {
            if (parse_size(v, 1, ACQ_BATCH_MAX_THREADS, &threads) != 0)
                return fail("-j wants a number of threads from 1 to 64");
        } else {
            fprintf(stderr, "acquis batch: %s '%s' (see acquis batch --help)\n",
                    a[0] == '-' ? "unknown option" : "unexpected argument", a);
            return 2;
        }
        i++;
    }
    if (topics_path == NULL)
        return fail("--topics FILE is required (see acquis batch --help)");
    unsigned fields;
    if (acq_topic_fields_parse(&fields, fields_spec) != ACQ_OK)
        return fail("--fields wants title, desc, narr, all or a list such as title,desc");
    if (!valid_tag(tag))
        return fail("--tag wants a name without blanks, such as bm25-k1.2");
    so.k = (size_t)k;
    so.k1 = k1;
    so.b = b;
    so.plain = !syntax;
    if (syntax && (so.feedback || so.title_weight > 0 || (so.model && strcmp(so.model, "bm25") != 0)))
        return fail("--model, --rm3, --bo1 and --title-weight work on plain topics, not with --syntax");

    acq_err err = {0};
    acq_topics topics;
    if (acq_topics_read(&topics, topics_path, fields, &err) != ACQ_OK)
        return fail(err.msg);

    char msg[1024];
    acq_index *ix;
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        acq_topics_free(&topics);
        return fail(msg);
    }
    acq_index_stats stats = ACQ_INDEX_STATS_INIT;
    int rc = acq_index_stats_get(ix, &stats);
    if (rc != ACQ_OK)
        acq_err_set(&err, rc, "%s: %s", dir, acq_strerror(rc));

    acq_batch *run = NULL;
    if (acq_ok(&err))
        acq_batch_topics(&run, ix, &topics, topics_path, &so, (int)threads, tag, &err);
    size_t with_hits = 0, len = 0;
    for (size_t i = 0; acq_ok(&err) && i < topics.count; i++)
        with_hits += acq_batch_topic(run, i, NULL) > 0;
    const char *text = acq_batch_text(run, &len);
    if (acq_ok(&err) && write_run(out_path, text, len) != 0)
        acq_err_errno(&err, "cannot write %s", out_path ? out_path : "standard output");
    if (acq_ok(&err) && out_path != NULL) {
        batch_settings s = {dir, topics_path, fields_spec, so.lang, tag, so.k,
                            topics.count, with_hits, k1, b, syntax, so.stopwords, stats, &so};
        acq_buf side = {0};
        acq_buf_printf(&side, "%s.settings.json", out_path);
        if (side.failed)
            acq_err_set(&err, ACQ_ENOMEM, "out of memory");
        else if (write_settings(acq_buf_cstr(&side), &s) != 0)
            acq_err_errno(&err, "cannot write %s", acq_buf_cstr(&side));
        acq_buf_free(&side);
    }
    for (size_t i = 0; acq_ok(&err) && i < topics.count; i++) {
        int empty;
        if (acq_batch_topic(run, i, &empty) == 0 && empty != 0)
            fprintf(stderr, "acquis batch: warning: %s:%zu: topic %.100s %s: no lines for it\n", topics_path,
                    topics.items[i].line, topics.items[i].qid,
                    empty == 1 ? "is empty"
                               : "has no searchable word (only stopwords or punctuation) or matches no document");
    }
    uint64_t duplicates = acq_batch_duplicates(run);
    if (acq_ok(&err) && duplicates > 0)
        fprintf(stderr,
                "acquis batch: warning: %llu hits left out because the index holds their "
                "document id more than once (the better-scored copy is kept)\n",
                (unsigned long long)duplicates);

    acq_batch_free(run);
    acq_index_close(ix);
    acq_topics_free(&topics);
    return acq_ok(&err) ? 0 : fail(err.msg);
}
