/* test_cli_docs.c: the commands for documents that change, end to end
 * through the built `acquis`: show (text and --json, read back and compared
 * with acq_index_document), delete (ids, --from FILE, --from - on standard
 * input, --query), add and index --append replacing documents by id,
 * optimize / merge, stats' deletions and segments, inputs without a single
 * document (exit 2, nothing committed), and a disk that fills up (a child
 * under a small RLIMIT_FSIZE: the message names the index file and the
 * system's reason, and the old index is intact). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acquis.h"
#include "ingest/ingest.h"
#include "support.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Runs a shell command; returns its stdout (caller frees). */
static char *run(int *status, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char *out = NULL;
    *status = test_run(cmd, &out);
    cr_assert_not_null(out, "%s", cmd);
    return out;
}

static void write_file(const char *dir, const char *name, const char *content, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    cr_assert_eq(test_write_file(path, content), 0, "%s", path);
}

/* A few documents of our own, ids with odd bytes among them. */
static const char DOCS[] =
    "{\"id\":\"europol\",\"title\":\"Europol Regulation\",\"text\":\"Police cooperation through Europol.\","
    "\"date\":\"2016-05-11\",\"type\":\"REG\",\"lang\":\"en\",\"celex\":\"32016R0794\","
    "\"url\":\"https://eur-lex.europa.eu/eli/reg/2016/794/oj\"}\n"
    "{\"id\":\"prum\",\"title\":\"Prüm Decision\",\"text\":\"Exchange of DNA profiles and fingerprints.\","
    "\"date\":\"2008-06-23\",\"type\":\"DEC\"}\n"
    "{\"id\":\"eaw\",\"title\":\"European Arrest Warrant\",\"text\":\"Surrender between Member States.\","
    "\"date\":\"2002-06-13\",\"type\":\"DEC\"}\n"
    "{\"id\":\"schengen\",\"title\":\"Schengen Borders Code\",\"text\":\"Border control of persons.\","
    "\"date\":\"2016-03-09\",\"type\":\"REG\"}\n"
    "{\"id\":\"odd \\\"q\\\" \\\\ \\t-x\",\"title\":\"T\\u001b[31mred\\nline\",\"text\":\"nul:\\u0000: esc:\\u001b: "
    "tab:\\t nl:\\n del:\\u007f é 日本 \\ud83d\\ude00 Odd\"}\n"
    "{\"id\":\"-dash\",\"title\":\"Starts with a dash\",\"text\":\"An id that looks like an option.\"}\n"
    "{\"id\":\"Ünïcødé/ïd\",\"title\":\"Unicode\",\"text\":\"Accents in the id.\",\"lang\":\"fr\"}\n";
#define NDOCS 7
static const char ODD_ID[] = "odd \"q\" \\ \t-x";

typedef struct fixture {
    char *tmp;
    char ix[4200];
} fixture;

static fixture make_index(void)
{
    fixture f = {test_tmpdir(), ""};
    cr_assert_not_null(f.tmp);
    char in[4200];
    write_file(f.tmp, "docs.jsonl", DOCS, in, sizeof in);
    snprintf(f.ix, sizeof f.ix, "%s/ix", f.tmp);
    int st;
    char *out = run(&st, "%s index -q -o '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    return f;
}

static void drop(fixture *f)
{
    test_rmrf(f->tmp);
    free(f->tmp);
}

static acq_index_stats stats_of(const char *dir)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    acq_index_close(ix);
    return st;
}

/* The stored document, or NULL if there is none (caller frees). */
static acq_document *fetch(const char *dir, const char *id)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document *d = NULL;
    int rc = acq_index_document(&d, ix, id, msg, sizeof msg);
    cr_assert(rc == ACQ_OK || rc == ACQ_ENOTFOUND, "%s: %s", id, msg);
    acq_index_close(ix);
    return d;
}

static char *manifest_of(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    char *m = test_read_file(path, NULL);
    cr_assert_not_null(m, "%s", path);
    return m;
}

static void expect_unchanged(const char *dir, const char *manifest_before)
{
    char *now = manifest_of(dir);
    cr_assert_str_eq(now, manifest_before, "the index was changed");
    free(now);
    int st;
    char *out = run(&st, "%s stats -i '%s' --check 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
}

/* ---- show --------------------------------------------------------------------- */

Test(cli_docs, show_prints_a_header_then_the_whole_text)
{
    fixture f = make_index();
    int st;
    char *out = run(&st, "%s show -i '%s' europol", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert_str_eq(out, "id     europol\n"
                          "title  Europol Regulation\n"
                          "date   2016-05-11\n"
                          "type   REG\n"
                          "lang   en\n"
                          "celex  32016R0794\n"
                          "url    https://eur-lex.europa.eu/eli/reg/2016/794/oj\n"
                          "\n"
                          "Police cooperation through Europol.\n");
    free(out);
    /* Empty fields are left out; a line break in a title stays in the
     * header's line; the text comes out byte for byte (piped, not a tty). */
    out = run(&st, "%s show -i '%s' -- \"$(printf 'odd \"q\" \\\\ \\t-x')\" | od -An -c | tr -s ' \\n' ' '",
              ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "t i t l e T [ 3 1 m r e d l i n e \\n \\n n u l : \\0 : e s c : 033 :") != NULL,
              "%s", out);
    cr_assert(strstr(out, "d a t e") == NULL && strstr(out, "u r l") == NULL, "%s", out);
    free(out);
    /* An id that starts with '-', after --; several ids at once. */
    out = run(&st, "%s show -i '%s' -- -dash prum", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "id     -dash\n") == out, "%s", out);
    cr_assert(strstr(out, "\n----") != NULL && strstr(out, "id     prum\n") != NULL, "%s", out);
    free(out);
    drop(&f);
}

Test(cli_docs, show_unknown_ids_and_errors)
{
    fixture f = make_index();
    int st;
    char *out = run(&st, "%s show -i '%s' nope 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    cr_assert(strstr(out, "acquis show: no document with id \"nope\"") != NULL, "%s", out);
    free(out);
    /* Found ones are still printed; the status says one was missing. */
    out = run(&st, "%s show -i '%s' europol nope EUROPOL 2>/dev/null", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1);
    cr_assert(strstr(out, "id     europol\n") == out, "%s", out);
    free(out);
    out = run(&st, "%s show -i '%s' '' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    free(out);
    out = run(&st, "%s show -i '%s' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 2, "no id: %s", out);
    free(out);
    out = run(&st, "%s show -i '%s' -dash 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 2, "an option: %s", out);
    cr_assert(strstr(out, "--") != NULL, "says how to pass such an id: %s", out);
    free(out);
    out = run(&st, "%s show -i '%s/none' europol 2>&1", ACQ_CLI_PATH, f.tmp);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index") != NULL, "%s", out);
    free(out);
    drop(&f);
}

/* --json read back with the project's JSON Lines reader. */
typedef struct readback {
    const char *dir;
    int docs;
} readback;

static void same(const char *what, const char *a, size_t an, const char *b, size_t bn)
{
    cr_assert(an == bn && memcmp(a, b, an) == 0, "%s: \"%.*s\" != \"%.*s\"", what, (int)an, a, (int)bn, b);
}

static int on_shown(void *ctx, const acq_ingest_doc *in)
{
    readback *r = ctx;
    r->docs++;
    char id[300];
    cr_assert_lt(in->doc.id_len, sizeof id);
    memcpy(id, in->doc.id, in->doc.id_len);
    id[in->doc.id_len] = '\0';
    acq_document *d = fetch(r->dir, id);
    cr_assert_not_null(d, "%s", id);
    const acq_document *j = &in->doc;
    same("id", j->id, j->id_len, d->id, d->id_len);
    same("title", j->title, j->title_len, d->title, d->title_len);
    same("text", j->text, j->text_len, d->text, d->text_len);
    same("date", j->date, j->date_len, d->date, d->date_len);
    same("type", j->type, j->type_len, d->type, d->type_len);
    same("lang", j->lang, j->lang_len, d->lang, d->lang_len);
    same("celex", j->celex, j->celex_len, d->celex, d->celex_len);
    same("url", j->url, j->url_len, d->url, d->url_len);
    acq_document_free(d);
    return ACQ_OK;
}

static void on_bad_json(void *ctx, const char *source, uint64_t line, const char *message)
{
    (void)ctx;
    cr_assert_fail("%s:%llu: %s", source, (unsigned long long)line, message);
}

Test(cli_docs, show_json_is_one_object_per_document_that_reads_back)
{
    fixture f = make_index();
    int st;
    char *out = run(&st, "%s show -i '%s' --json europol -- \"$(printf 'odd \"q\" \\\\ \\t-x')\" Ünïcødé/ïd -dash",
                    ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strncmp(out, "{\"id\":\"europol\",\"title\":\"Europol Regulation\",\"date\":\"2016-05-11\",", 64) == 0,
              "%s", out);
    /* Control characters escaped, never raw. */
    cr_assert(strstr(out, "\\u0000") && strstr(out, "\\u001b") && strstr(out, "\\t") && strstr(out, "\\\"q\\\""),
              "%s", out);
    for (const char *p = out; *p; p++)
        cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "a raw control byte in the JSON output");
    char path[4200];
    write_file(f.tmp, "shown.jsonl", out, path, sizeof path);
    readback r = {f.ix, 0};
    acq_ingest_callbacks cb = {on_shown, on_bad_json, NULL, &r, NULL};
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(path, &cb, NULL, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(r.docs, 4);
    free(out);
    /* ...and `acquis add` takes it back as it is: nothing changes. */
    acq_document *before = fetch(f.ix, ODD_ID);
    out = run(&st, "%s add -q -i '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, path);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    acq_document *after = fetch(f.ix, ODD_ID);
    cr_assert_not_null(after);
    same("text", before->text, before->text_len, after->text, after->text_len);
    same("title", before->title, before->title_len, after->title, after->title_len);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS);
    acq_document_free(before);
    acq_document_free(after);
    drop(&f);
}

/* ---- delete --------------------------------------------------------------------- */

Test(cli_docs, delete_by_ids)
{
    fixture f = make_index();
    int st;
    char *out = run(&st, "%s delete -i '%s' prum nope -- -dash 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "no document with id \"nope\"") != NULL, "unknown ids are reported: %s", out);
    cr_assert(strstr(out, "deleted 2 documents from") != NULL, "%s", out);
    free(out);
    cr_assert_null(fetch(f.ix, "prum"));
    cr_assert_null(fetch(f.ix, "-dash"));
    acq_document *d = fetch(f.ix, "eaw");
    cr_assert_not_null(d);
    acq_document_free(d);
    acq_index_stats s = stats_of(f.ix);
    cr_assert_eq(s.documents, NDOCS - 2);
    cr_assert_eq(s.deleted, 2);
    /* Searches no longer find them. */
    out = run(&st, "%s search -i '%s' --no-snippets 'fingerprints'", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    free(out);
    out = run(&st, "%s show -i '%s' prum 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    free(out);
    /* stats shows the deletions and the segments. */
    out = run(&st, "%s stats -i '%s'", ACQ_CLI_PATH, f.ix);
    cr_assert(strstr(out, "documents   5 (2 deleted, 1 segments)") != NULL, "%s", out);
    free(out);
    out = run(&st, "%s stats -i '%s' --json", ACQ_CLI_PATH, f.ix);
    cr_assert(strstr(out, "\"documents\":5,\"deleted\":2,\"segments\":1,") != NULL, "%s", out);
    free(out);
    /* Nothing matching: status 1, nothing committed. */
    char *m = manifest_of(f.ix);
    out = run(&st, "%s delete -i '%s' prum nope 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    cr_assert(strstr(out, "no document matched") != NULL, "%s", out);
    free(out);
    expect_unchanged(f.ix, m);
    free(m);
    /* Errors: nothing to delete, no index (and none is created). */
    out = run(&st, "%s delete -i '%s' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 2, "%s", out);
    free(out);
    out = run(&st, "%s delete -i '%s/none' eaw 2>&1", ACQ_CLI_PATH, f.tmp);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index") != NULL, "%s", out);
    free(out);
    char none[4200];
    snprintf(none, sizeof none, "%s/none", f.tmp);
    cr_assert(!test_exists(none), "delete created an index directory");
    drop(&f);
}

Test(cli_docs, delete_ids_from_a_file_and_from_standard_input)
{
    fixture f = make_index();
    char list[4200];
    /* DOS line ends, empty lines, an unknown id, odd bytes kept exact. */
    write_file(f.tmp, "ids.txt", "prum\r\n\r\neaw\n\nnope\nÜnïcødé/ïd", list, sizeof list);
    int st;
    char *out = run(&st, "%s delete -i '%s' --from '%s' 2>&1", ACQ_CLI_PATH, f.ix, list);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "deleted 3 documents") != NULL, "%s", out);
    free(out);
    cr_assert_null(fetch(f.ix, "prum"));
    cr_assert_null(fetch(f.ix, "eaw"));
    cr_assert_null(fetch(f.ix, "Ünïcødé/ïd"));
    /* Standard input, together with an id on the command line. */
    out = run(&st, "printf 'schengen\\n' | %s delete -i '%s' --from - europol 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "deleted 2 documents") != NULL, "%s", out);
    free(out);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS - 5);
    /* An odd id read from a file. */
    char odd[4200];
    write_file(f.tmp, "odd.txt", "odd \"q\" \\ \t-x\n", odd, sizeof odd);
    out = run(&st, "%s delete -i '%s' --quiet --from '%s' 2>&1", ACQ_CLI_PATH, f.ix, odd);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert_str_eq(out, "", "--quiet prints nothing");
    free(out);
    cr_assert_null(fetch(f.ix, ODD_ID));
    /* A missing file is an error; nothing is deleted. */
    char *m = manifest_of(f.ix);
    out = run(&st, "%s delete -i '%s' --from '%s/missing.txt' -- -dash 2>&1", ACQ_CLI_PATH, f.ix, f.tmp);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "missing.txt") != NULL && strstr(out, "No such file") != NULL, "%s", out);
    free(out);
    expect_unchanged(f.ix, m);
    free(m);
    drop(&f);
}

/* The number of matches of a query, from `acquis search --count`. */
static long count_of(const char *dir, const char *query)
{
    int st;
    char *out = run(&st, "%s search -i '%s' --count --no-snippets -k 1 -- '%s' 2>/dev/null", ACQ_CLI_PATH, dir, query);
    const char *p = strstr(out, " matching documents");
    long n = -1;
    if (p) {
        while (p > out && p[-1] >= '0' && p[-1] <= '9')
            p--;
        n = atol(p);
    }
    free(out);
    cr_assert_geq(n, 0, "no count for %s", query);
    return n;
}

Test(cli_docs, delete_by_query)
{
    fixture f = make_index();
    cr_assert_eq(count_of(f.ix, "type:DEC"), 2);
    int st;
    char *out = run(&st, "%s delete -i '%s' --query 'type:DEC' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "deleted 2 documents") != NULL, "%s", out);
    free(out);
    cr_assert_eq(count_of(f.ix, "type:DEC"), 0);
    cr_assert_null(fetch(f.ix, "prum"));
    cr_assert_null(fetch(f.ix, "eaw"));
    /* Queries and ids together, in one commit; the second query matches
     * what the first one deletes too (counted once). */
    out = run(&st, "%s delete -i '%s' --query 'europol' --query 'title:europol' schengen 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "deleted 2 documents") != NULL, "%s", out);
    free(out);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS - 4);
    /* No match: status 1; a syntax error: status 2 with the column. */
    char *m = manifest_of(f.ix);
    out = run(&st, "%s delete -i '%s' --query 'zzzqqq date:..1900' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 1, "%s", out);
    cr_assert(strstr(out, "no document matched") != NULL, "%s", out);
    free(out);
    expect_unchanged(f.ix, m);
    out = run(&st, "%s delete -i '%s' --query 'accents \"unclosed' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "column 9") != NULL && strstr(out, "unchanged") != NULL, "%s", out);
    free(out);
    expect_unchanged(f.ix, m);
    free(m);
    drop(&f);
}

/* ---- add, index --append, optimize ------------------------------------------------- */

Test(cli_docs, add_replaces_documents_by_id)
{
    fixture f = make_index();
    char in[4200];
    write_file(f.tmp, "update.jsonl",
               "{\"id\":\"prum\",\"title\":\"Prüm Decision, amended\",\"text\":\"Vehicle registration data only.\","
               "\"date\":\"2018-01-01\",\"type\":\"DEC\"}\n"
               "{\"id\":\"new-act\",\"title\":\"A new act\",\"text\":\"Encryption and lawful access.\"}\n",
               in, sizeof in);
    int st;
    char *out = run(&st, "%s add -i '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, in);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "added 2 documents") != NULL && strstr(out, "1 replacing documents with the same id") != NULL
                  && strstr(out, "it holds 8") != NULL, "%s", out);
    free(out);
    acq_document *d = fetch(f.ix, "prum");
    cr_assert_not_null(d);
    cr_assert_str_eq(d->title, "Prüm Decision, amended");
    cr_assert_str_eq(d->text, "Vehicle registration data only.");
    cr_assert_str_eq(d->date, "2018-01-01");
    acq_document_free(d);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS + 1);
    /* Only the new version is found. */
    cr_assert_eq(count_of(f.ix, "fingerprints"), 0);
    cr_assert_eq(count_of(f.ix, "vehicle"), 1);
    cr_assert_eq(count_of(f.ix, "id:prum"), 1);
    out = run(&st, "%s show -i '%s' prum", ACQ_CLI_PATH, f.ix);
    cr_assert(strstr(out, "title  Prüm Decision, amended\n") != NULL, "%s", out);
    free(out);
    /* index --append is the same. */
    write_file(f.tmp, "again.jsonl",
               "{\"id\":\"prum\",\"title\":\"Prüm Decision, third\",\"text\":\"Fingerprints again.\"}\n", in,
               sizeof in);
    out = run(&st, "%s index --append -o '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    d = fetch(f.ix, "prum");
    cr_assert_str_eq(d->title, "Prüm Decision, third");
    acq_document_free(d);
    cr_assert_eq(count_of(f.ix, "vehicle"), 0);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS + 1);
    /* add wants an existing index, and creates none. */
    out = run(&st, "%s add -i '%s/none' '%s' 2>&1", ACQ_CLI_PATH, f.tmp, in);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index in") != NULL && strstr(out, "acquis index") != NULL, "%s", out);
    free(out);
    char none[4200];
    snprintf(none, sizeof none, "%s/none", f.tmp);
    cr_assert(!test_exists(none));
    drop(&f);
}

Test(cli_docs, appends_leave_merging_to_the_policy_and_optimize_merges_all)
{
    fixture f = make_index();
    int st;
    char *out;
    /* Three small appends: three more segments (a merge factor of 10 is
     * not reached), where the old --append merged them all every time. */
    for (int i = 0; i < 3; i++) {
        char in[4200], name[32], doc[256];
        snprintf(name, sizeof name, "batch%d.jsonl", i);
        snprintf(doc, sizeof doc, "{\"id\":\"batch-%d\",\"title\":\"Batch %d\",\"text\":\"Appended text %d.\"}\n", i,
                 i, i);
        write_file(f.tmp, name, doc, in, sizeof in);
        out = run(&st, "%s %s '%s' '%s' 2>&1", ACQ_CLI_PATH, i % 2 ? "index --append -q -o" : "add -q -i", f.ix, in);
        cr_assert_eq(st, 0, "%s", out);
        free(out);
    }
    cr_assert_eq(stats_of(f.ix).segments, 4);
    out = run(&st, "%s delete -q -i '%s' eaw", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0);
    free(out);
    out = run(&st, "%s optimize -i '%s' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "merged 4 segments into 1 and dropped 1 deleted document: ") != NULL &&
                  strstr(out, " holds 9\n") != NULL, "%s", out);
    free(out);
    acq_index_stats s = stats_of(f.ix);
    cr_assert_eq(s.segments, 1);
    cr_assert_eq(s.deleted, 0);
    cr_assert_eq(s.documents, NDOCS + 3 - 1);
    for (int i = 0; i < 3; i++) {
        char id[32];
        snprintf(id, sizeof id, "batch-%d", i);
        acq_document *d = fetch(f.ix, id);
        cr_assert_not_null(d, "%s", id);
        acq_document_free(d);
    }
    /* `merge` is the same command; an index of one segment stays as it is. */
    out = run(&st, "%s merge -i '%s' 2>&1", ACQ_CLI_PATH, f.ix);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_eq(stats_of(f.ix).segments, 1);
    out = run(&st, "%s optimize -i '%s/none' 2>&1", ACQ_CLI_PATH, f.tmp);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index") != NULL, "%s", out);
    free(out);
    drop(&f);
}

/* ---- inputs without documents -------------------------------------------------------- */

Test(cli_docs, an_input_without_documents_commits_nothing)
{
    fixture f = make_index();
    char csv[4200], empty[4200], folder[4200], good[4200], junk[4200];
    write_file(f.tmp, "acts.csv", "id,title,text\n1,Europol,Police\n", csv, sizeof csv);
    write_file(f.tmp, "empty.jsonl", "", empty, sizeof empty);
    write_file(f.tmp, "good.jsonl", "{\"id\":\"good\",\"title\":\"Good\",\"text\":\"A document.\"}\n", good,
               sizeof good);
    snprintf(folder, sizeof folder, "%s/nothing", f.tmp);
    cr_assert_eq(mkdir(folder, 0777), 0);
    write_file(folder, "image.png", "not a document", junk, sizeof junk);
    write_file(folder, ".hidden.txt", "hidden", junk, sizeof junk);
    char *m = manifest_of(f.ix);
    const char *inputs[] = {csv, empty, folder};
    const char *cmds[] = {"index -o", "index --append -o", "add -i"};
    for (size_t c = 0; c < 3; c++)
        for (size_t i = 0; i < 3; i++) {
            int st;
            /* Alone, and after an input that has documents. */
            for (int with_good = 0; with_good < 2; with_good++) {
                char *out = run(&st, "%s %s '%s' %s%s%s '%s' 2>&1", ACQ_CLI_PATH, cmds[c], f.ix,
                                with_good ? "'" : "", with_good ? good : "", with_good ? "'" : "", inputs[i]);
                cr_assert_eq(st, 2, "%s %s: %s", cmds[c], inputs[i], out);
                char want[4400];
                snprintf(want, sizeof want, "no documents found in %s", inputs[i]);
                cr_assert(strstr(out, want) != NULL, "%s", out);
                cr_assert(strstr(out, "nothing committed") != NULL && strstr(out, "is unchanged") != NULL, "%s",
                          out);
                free(out);
                expect_unchanged(f.ix, m);
            }
        }
    free(m);
    /* Into a new directory: no index, and no directory, is left behind. */
    char fresh[4200];
    snprintf(fresh, sizeof fresh, "%s/fresh", f.tmp);
    int st;
    char *out = run(&st, "%s index -o '%s' '%s' 2>&1", ACQ_CLI_PATH, fresh, empty);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index was created") != NULL, "%s", out);
    free(out);
    cr_assert(!test_exists(fresh));
    drop(&f);
}

/* ---- a full disk ---------------------------------------------------------------------- */

/* Runs acquis with argv in a child whose files may not grow past limit
 * bytes (SIGXFSZ ignored, so writes fail with EFBIG), stderr into errpath.
 * Returns the exit status. */
static int run_limited(rlim_t limit, const char *errpath, char *const argv[])
{
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0 || dup2(fd, 2) < 0)
            _exit(99);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 1);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(98);
        execv(ACQ_CLI_PATH, argv);
        _exit(97);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "the child died of signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return WEXITSTATUS(st);
}

/* n documents of pseudo-random words (little redundancy, so that stored
 * texts stay large once compressed). */
static void write_random_docs(const char *path, int n, int words)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    unsigned long x = 88172645463325252UL;
    for (int i = 0; i < n; i++) {
        fprintf(f, "{\"id\":\"gen-%d\",\"title\":\"Generated %d\",\"text\":\"", i, i);
        for (int w = 0; w < words; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int len = 3 + (int)(x % 8);
            for (int k = 0; k < len; k++)
                fputc('a' + (int)((x >> (8 + 5 * k)) % 26), f);
            fputc(' ', f);
        }
        fputs("\"}\n", f);
    }
    cr_assert_eq(fclose(f), 0);
}

static void expect_disk_full_message(const char *errpath, const char *ix, int status)
{
    char *err = test_read_file(errpath, NULL);
    cr_assert_not_null(err);
    cr_assert_eq(status, 2, "%s", err);
    char want[4300];
    snprintf(want, sizeof want, "cannot write %s/seg-", ix);
    cr_assert(strstr(err, want) != NULL, "the message names the index file: %s", err);
    cr_assert(strstr(err, "File too large") != NULL, "and the system's reason: %s", err);
    cr_assert(strstr(err, "stopped by the document callback") == NULL, "%s", err);
    cr_assert(strstr(err, "nothing committed") != NULL && strstr(err, "is unchanged") != NULL, "%s", err);
    free(err);
}

Test(cli_docs, a_full_disk_names_the_file_and_the_reason_and_keeps_the_index, .timeout = 120)
{
    fixture f = make_index();
    char *m = manifest_of(f.ix);
    char big[4200], small[4200], errpath[4200];
    snprintf(big, sizeof big, "%s/big.jsonl", f.tmp);
    snprintf(small, sizeof small, "%s/small.jsonl", f.tmp);
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", f.tmp);
    /* Random words against an 8 MB budget: a segment is flushed while
     * documents are being added, and that write fails. */
    write_random_docs(big, 1000, 1000);
    /* A few documents: the write fails at the commit. */
    write_random_docs(small, 40, 400);
    char *rebuild[] = {"acquis", "index", "-q", "--memory", "8", "-o", f.ix, big, NULL};
    char *add_big[] = {"acquis", "add", "-q", "--memory", "8", "-i", f.ix, big, NULL};
    char *add_small[] = {"acquis", "add", "-q", "-i", f.ix, small, NULL};
    char **runs[] = {rebuild, add_big, add_small};
    for (size_t i = 0; i < 3; i++) {
        int st = run_limited(64 * 1024, errpath, runs[i]);
        expect_disk_full_message(errpath, f.ix, st);
        if (i < 2) {
            char *err = test_read_file(errpath, NULL);
            cr_assert(strstr(err, "while adding the document at") != NULL && strstr(err, "big.jsonl line") != NULL,
                      "says where it stopped: %s", err);
            free(err);
        }
        expect_unchanged(f.ix, m);
        acq_document *d = fetch(f.ix, "europol");
        cr_assert_not_null(d);
        acq_document_free(d);
        cr_assert_eq(stats_of(f.ix).documents, NDOCS);
    }
    /* With room again, the same add goes through. */
    int st;
    char *out = run(&st, "%s add -q -i '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, small);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS + 40);
    free(m);
    drop(&f);
}

Test(cli_docs, a_rebuild_still_ends_with_one_segment, .timeout = 120)
{
    char *dir = test_tmpdir();
    char in[4200], ix[4200], appended[4200];
    snprintf(in, sizeof in, "%s/big.jsonl", dir);
    snprintf(ix, sizeof ix, "%s/ix", dir);
    snprintf(appended, sizeof appended, "%s/appended", dir);
    /* Random words against an 8 MB budget: several runs, merged into one
     * segment at each commit. Two appends keep their two segments; a
     * rebuild ends with one. */
    write_random_docs(in, 600, 1000);
    int st;
    char *out = run(&st, "%s index -q --memory 8 --append -o '%s' '%s' 2>&1", ACQ_CLI_PATH, appended, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_eq(stats_of(appended).segments, 1, "one commit, one segment");
    /* The same documents under other ids. */
    out = run(&st, "sed 's/\"gen-/\"more-/' '%s' > '%s/more.jsonl' && %s add -q --memory 8 -i '%s' '%s/more.jsonl' 2>&1",
              in, dir, ACQ_CLI_PATH, appended, dir);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_eq(stats_of(appended).segments, 2, "an append keeps the segment before it");
    out = run(&st, "%s index -q --memory 8 -o '%s' '%s' 2>&1", ACQ_CLI_PATH, ix, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    acq_index_stats s = stats_of(ix);
    cr_assert_eq(s.segments, 1);
    cr_assert_eq(s.documents, 600);
    test_rmrf(dir);
    free(dir);
}

/* ---- help ------------------------------------------------------------------------------ */

Test(cli_docs, every_new_command_has_help)
{
    const char *cmds[] = {"show", "delete", "add", "optimize", "merge"};
    int st;
    char *all = run(&st, "%s help", ACQ_CLI_PATH);
    cr_assert_eq(st, 0);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out = run(&st, "%s %s --help", ACQ_CLI_PATH, cmds[i]);
        cr_assert_eq(st, 0, "%s --help", cmds[i]);
        char want[64];
        snprintf(want, sizeof want, "usage: acquis %s ", cmds[i]);
        cr_assert(strstr(out, want) == out, "%s", out);
        free(out);
        if (i < 4) {
            snprintf(want, sizeof want, "\n  %s ", cmds[i]);
            cr_assert(strstr(all, want) != NULL, "acquis help lists %s", cmds[i]);
        }
    }
    free(all);
}
