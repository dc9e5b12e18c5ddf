/* test_ingest.c: reading documents (src/ingest/): JSON Lines, plain and
 * gzip, with every kind of bad line; directories of text, Markdown, HTML and
 * JSON Lines files; failures (missing input, unreadable files, a stopping
 * callback, allocation failures); and the real passages corpus. Fixtures are
 * written into a fresh temporary directory by each test. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "ingest/ingest.h"
#include "support.h"

/* ---- collecting what ingest delivers ------------------------------------ */

enum { F_ID, F_TITLE, F_TEXT, F_LANG, F_DATE, F_TYPE, F_CELEX, F_URL, NFIELDS };

typedef struct got_doc {
    char *f[NFIELDS];   /* NULL when absent; copies, NUL-terminated */
    size_t len[NFIELDS];
    char *source;
    uint64_t line;
} got_doc;

typedef struct got_problem {
    char *source;
    uint64_t line;
    char *msg;
} got_problem;

#define MAX_GOT 128

typedef struct collector {
    got_doc docs[MAX_GOT];
    size_t ndocs;           /* all delivered; only the first MAX_GOT kept */
    got_problem probs[MAX_GOT];
    size_t nprobs;
    got_problem warns[MAX_GOT];  /* line unused */
    size_t nwarns;
    size_t stop_after;      /* the doc callback fails on this document (1-based); 0 never */
    int stop_code;
    int keep;               /* 0: count only (the big corpus) */
    uint64_t progress_calls, last_done, last_total;
    char first_id[128];
} collector;

static collector got;
/* How the tests below read: in the caller's thread, or ahead of it
 * (read_ahead, as acquis index -j 2 does); the same documents either way. */
static acq_ingest_options reading;


static void field(const acq_document *d, int i, const char **p, size_t *n)
{
    switch (i) {
    case F_ID: *p = d->id; *n = d->id_len; break;
    case F_TITLE: *p = d->title; *n = d->title_len; break;
    case F_TEXT: *p = d->text; *n = d->text_len; break;
    case F_LANG: *p = d->lang; *n = d->lang_len; break;
    case F_DATE: *p = d->date; *n = d->date_len; break;
    case F_TYPE: *p = d->type; *n = d->type_len; break;
    case F_CELEX: *p = d->celex; *n = d->celex_len; break;
    default: *p = d->url; *n = d->url_len; break;
    }
}

static char *copy(const char *p, size_t n)
{
    char *s = malloc(n + 1); /* plain malloc: allocation failures are injected into acq_malloc only */
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static int on_doc(void *ctx, const acq_ingest_doc *d)
{
    collector *c = ctx;
    c->ndocs++;
    for (int i = 0; i < NFIELDS; i++) {
        const char *p;
        size_t n;
        field(&d->doc, i, &p, &n);
        if (p == NULL) {
            cr_assert_eq(n, 0, "an absent field has length 0");
            continue;
        }
        if (n == 0)
            cr_assert_eq(p[0], '\0', "an empty field is also a NUL-terminated empty string");
        cr_assert(acq_utf8_valid((const uint8_t *)p, n, NULL), "fields are valid UTF-8");
    }
    cr_assert_not_null(d->doc.id);
    cr_assert_gt(d->doc.id_len, 0);
    if (c->ndocs == 1)
        snprintf(c->first_id, sizeof c->first_id, "%.*s", (int)d->doc.id_len, d->doc.id);
    if (c->keep && c->ndocs <= MAX_GOT) {
        got_doc *g = &c->docs[c->ndocs - 1];
        for (int i = 0; i < NFIELDS; i++) {
            const char *p;
            size_t n;
            field(&d->doc, i, &p, &n);
            g->f[i] = p ? copy(p, n) : NULL;
            g->len[i] = n;
        }
        g->source = strdup(d->source);
        g->line = d->line;
    }
    if (c->stop_after && c->ndocs == c->stop_after)
        return c->stop_code;
    return ACQ_OK;
}

static void on_problem(void *ctx, const char *source, uint64_t line, const char *msg)
{
    collector *c = ctx;
    cr_assert_not_null(source);
    cr_assert(msg != NULL && msg[0] != '\0');
    if (c->nprobs < MAX_GOT) {
        got_problem *p = &c->probs[c->nprobs];
        p->source = strdup(source);
        p->line = line;
        p->msg = strdup(msg);
    }
    c->nprobs++;
}

static void on_warning(void *ctx, const char *source, const char *msg)
{
    collector *c = ctx;
    cr_assert_not_null(source);
    cr_assert(msg != NULL && msg[0] != '\0');
    if (c->nwarns < MAX_GOT) {
        c->warns[c->nwarns].source = strdup(source);
        c->warns[c->nwarns].msg = strdup(msg);
    }
    c->nwarns++;
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    collector *c = ctx;
    cr_assert_geq(done, c->last_done, "progress never goes back");
    c->progress_calls++;
    c->last_done = done;
    c->last_total = total;
}

static void got_clear(void)
{
    for (size_t i = 0; i < got.ndocs && i < MAX_GOT; i++) {
        for (int k = 0; k < NFIELDS; k++)
            free(got.docs[i].f[k]);
        free(got.docs[i].source);
    }
    for (size_t i = 0; i < got.nprobs && i < MAX_GOT; i++) {
        free(got.probs[i].source);
        free(got.probs[i].msg);
    }
    for (size_t i = 0; i < got.nwarns && i < MAX_GOT; i++) {
        free(got.warns[i].source);
        free(got.warns[i].msg);
    }
    memset(&got, 0, sizeof got);
    memset(&reading, 0, sizeof reading);
    got.keep = 1;
}

static const acq_ingest_callbacks callbacks = {on_doc, on_problem, on_progress, &got, on_warning};

static char *dir;

static void setup(void)
{
    memset(&got, 0, sizeof got);
    got.keep = 1;
    dir = test_tmpdir();
    cr_assert_not_null(dir);
}

static void teardown(void)
{
    got_clear();
    acq_alloc_fail_after(0);
    test_rmrf(dir);
    free(dir);
}

TestSuite(ingest, .init = setup, .fini = teardown);

/* ---- fixtures ------------------------------------------------------------ */

static char path_buf[4][4096];
static int path_next;

/* dir/name, in one of a few rotating static buffers */
static const char *at(const char *name)
{
    char *p = path_buf[path_next++ % 4];
    snprintf(p, 4096, "%s/%s", dir, name);
    return p;
}

static const char *write_bytes(const char *name, const char *data, size_t n)
{
    const char *p = at(name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f, "cannot write %s", p);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
    return p;
}

static const char *write_text(const char *name, const char *text) { return write_bytes(name, text, strlen(text)); }

static const char *write_gz(const char *name, const char *text)
{
    const char *p = at(name);
    gzFile gz = gzopen(p, "wb");
    cr_assert_not_null(gz);
    cr_assert_eq(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    cr_assert_eq(gzclose(gz), Z_OK);
    return p;
}

static void make_dir(const char *name) { cr_assert_eq(mkdir(at(name), 0755), 0, "mkdir %s", name); }

static int ingest(const char *path, acq_err *err)
{
    acq_err_clear(err);
    return acq_ingest_path_opts(path, &reading, &callbacks, NULL, err);
}

static const char *doc_field(size_t i, int f)
{
    cr_assert_lt(i, got.ndocs, "document %zu was not delivered (%zu were)", i, got.ndocs);
    return got.docs[i].f[f];
}

static void expect_id(size_t i, const char *id)
{
    const char *g = doc_field(i, F_ID);
    cr_assert_str_eq(g, id, "document %zu: id '%s', expected '%s'", i, g, id);
}

static void expect_problem(size_t i, uint64_t line, const char *fragment)
{
    cr_assert_lt(i, got.nprobs, "problem %zu was not reported (%zu were)", i, got.nprobs);
    cr_assert_eq(got.probs[i].line, line, "problem %zu on line %llu, expected %llu: %s", i,
                 (unsigned long long)got.probs[i].line, (unsigned long long)line, got.probs[i].msg);
    cr_assert(strstr(got.probs[i].msg, fragment) != NULL, "problem %zu: '%s' does not say '%s'", i,
              got.probs[i].msg, fragment);
}

/* ---- JSON Lines --------------------------------------------------------- */

Test(ingest, good_document_with_all_fields)
{
    const char *p = write_text("a.jsonl",
        "{\"id\": \"32016R0794@2016-05-11:en\", \"title\": \"Regulation (EU) 2016/794 on Europol\", "
        "\"text\": \"Europol shall support\", \"lang\": \"en\", \"date\": \"2016-05-11\", \"type\": \"REG\", "
        "\"celex\": \"32016R0794\", \"url\": \"https://eur-lex.europa.eu/eli/reg/2016/794/oj\"}\n");
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(p, &callbacks, &st, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    cr_assert_eq(got.nprobs, 0);
    expect_id(0, "32016R0794@2016-05-11:en");
    cr_assert_str_eq(doc_field(0, F_TITLE), "Regulation (EU) 2016/794 on Europol");
    cr_assert_str_eq(doc_field(0, F_TEXT), "Europol shall support");
    cr_assert_str_eq(doc_field(0, F_LANG), "en");
    cr_assert_str_eq(doc_field(0, F_DATE), "2016-05-11");
    cr_assert_str_eq(doc_field(0, F_TYPE), "REG");
    cr_assert_str_eq(doc_field(0, F_CELEX), "32016R0794");
    cr_assert_str_eq(doc_field(0, F_URL), "https://eur-lex.europa.eu/eli/reg/2016/794/oj");
    cr_assert_str_eq(got.docs[0].source, p);
    cr_assert_eq(got.docs[0].line, 1);
    cr_assert_eq(st.documents, 1);
    cr_assert_eq(st.skipped, 0);
    cr_assert_eq(st.files, 1);
    struct stat sb;
    stat(p, &sb);
    cr_assert_eq(st.bytes, (uint64_t)sb.st_size);
}

Test(ingest, null_missing_and_empty_fields)
{
    const char *p = write_text("a.jsonl",
        "{\"id\": \"a\", \"title\": null, \"date\": null, \"text\": \"\"}\n"
        "{\"id\": \"b\"}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 2);
    cr_assert_null(doc_field(0, F_TITLE));
    cr_assert_null(doc_field(0, F_DATE));
    cr_assert_null(doc_field(0, F_URL));
    cr_assert_str_eq(doc_field(0, F_TEXT), "");
    cr_assert_eq(got.docs[0].len[F_TEXT], 0);
    for (int f = F_TITLE; f < NFIELDS; f++)
        cr_assert_null(doc_field(1, f));
}

Test(ingest, numeric_id_is_its_text)
{
    const char *p = write_text("a.jsonl", "{\"id\": 42, \"text\": \"x\"}\n{\"text\": \"y\", \"id\": -1.5e3}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 2);
    expect_id(0, "42");
    expect_id(1, "-1.5e3");
    cr_assert_str_eq(doc_field(1, F_TEXT), "y");
}

Test(ingest, unknown_fields_of_any_type_are_skipped)
{
    const char *p = write_text("a.jsonl",
        "{\"year\": 1958, \"id\": \"31958D1127(01)\", \"eurovoc\": [\"transport\", \"committee (EU)\", "
        "{\"deep\": [1, 2.5e-3, -0, true, false, null, {}, [], [[]], {\"a\": {\"b\": \"}]\\\"\"}}]}], "
        "\"jha\": true, \"x\": false, \"n\": null, \"s\": \"\\u00fc\\\"\", \"title\": \"Rules\", "
        "\"empty\": {}, \"nested\": {\"id\": \"not this one\", \"text\": \"nor this\"}}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 0, "%s", got.nprobs ? got.probs[0].msg : "");
    cr_assert_eq(got.ndocs, 1);
    expect_id(0, "31958D1127(01)");
    cr_assert_str_eq(doc_field(0, F_TITLE), "Rules");
    cr_assert_null(doc_field(0, F_TEXT));
}

Test(ingest, escapes_are_decoded)
{
    const char *p = write_text("a.jsonl",
        "{\"id\": \"e\\u0301\", \"title\": \"Pr\\u00fcm \\ud83d\\udd0d\", "
        "\"text\": \"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti \\u20AC \\u0041\", \"url\": \"tab\\there\"}\n"
        "{\"\\u0069d\": \"key with an escape\", \"text\": \"raw \xc3\xbc and \xf0\x9f\x94\x8d\"}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 0, "%s", got.nprobs ? got.probs[0].msg : "");
    cr_assert_eq(got.ndocs, 2);
    expect_id(0, "e\xcc\x81");
    cr_assert_str_eq(doc_field(0, F_TITLE), "Pr\xc3\xbcm \xf0\x9f\x94\x8d"); /* ü, U+1F50D */
    cr_assert_str_eq(doc_field(0, F_TEXT), "a\"b\\c/d\be\ff\ng\rh\ti \xe2\x82\xac A");
    cr_assert_str_eq(doc_field(0, F_URL), "tab\there");
    expect_id(1, "key with an escape");
    cr_assert_str_eq(doc_field(1, F_TEXT), "raw \xc3\xbc and \xf0\x9f\x94\x8d");
}

Test(ingest, duplicate_key_last_one_wins)
{
    const char *p = write_text("a.jsonl",
        "{\"id\": \"first\", \"title\": \"t1\", \"id\": \"second\", \"title\": null}\n"
        "{\"id\": \"x\", \"id\": null}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    expect_id(0, "second");
    cr_assert_null(doc_field(0, F_TITLE));
    cr_assert_eq(got.nprobs, 1);
    expect_problem(0, 2, "missing \"id\"");
}

Test(ingest, bad_lines_are_reported_and_skipped)
{
    static const struct { const char *line; const char *says; } bad[] = {
        {"[\"not\", \"an object\"]", "expected '{'"},
        {"\"a string\"", "expected '{'"},
        {"{\"id\": \"t\", \"text\": \"cut sho", "the line ends inside the string"},
        {"{\"id\": \"t\", \"text\": ", "the line ends too early"},
        {"{\"id\": \"t\"", "the line ends too early"},
        {"{\"id\": \"t\"} trailing", "column 13: unexpected characters after the end of the object"},
        {"{\"id\": \"t\"}{\"id\": \"u\"}", "after the end of the object"},
        {"{\"id\" \"t\"}", "column 7: expected ':' after a key"},
        {"{\"id\": \"t\",}", "expected a key"},
        {"{id: \"t\"}", "expected a key"},
        {"{\"id\": \"t\" \"text\": \"x\"}", "expected ',' or '}'"},
        {"{\"id\": \"\\ud83d\"}", "lone surrogate \\uD83D"},
        {"{\"id\": \"\\ud83dx\\udd0d\"}", "lone surrogate"},
        {"{\"id\": \"\\udd0d\"}", "lone surrogate \\uDD0D"},
        {"{\"id\": \"a\tb\"}", "column 10: control character U+0009"},
        {"{\"id\": \"\\x\"}", "invalid escape \\x"},
        {"{\"id\": \"\\u12G4\"}", "4 hex digits"},
        {"{\"id\": \"t\", \"n\": 01}", "expected ',' or '}'"},
        {"{\"id\": \"t\", \"n\": 1.}", "a digit after the decimal point"},
        {"{\"id\": \"t\", \"n\": -}", "expected a digit"},
        {"{\"id\": \"t\", \"b\": tru}", "expected a value"},
        {"{\"id\": \"t\", \"a\": [1, 2}", "expected ',' or ']' in an array"},
        {"{\"id\": \"t\", \"a\": {\"k\" 1}}", "expected ':' after a key"},
        {"{\"id\": \"t\", \"a\": [}", "expected a value"},
        {"{\"id\": \"t\", \"title\": 5}", "the value of \"title\" must be a string or null"},
        {"{\"id\": true}", "the value of \"id\" must be a string, a number or null"},
        {"{\"title\": \"no id\"}", "missing \"id\""},
        {"{\"id\": \"\"}", "missing \"id\""},
        {"{}", "missing \"id\""},
        {"{", "the line ends too early"},
        {"}", "expected '{'"},
        {"nul", "expected '{'"},
    };
    size_t n = sizeof bad / sizeof bad[0];
    acq_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        acq_buf_printf(&b, "{\"id\": \"good%zu\"}\n", i);
        acq_buf_printf(&b, "%s\n", bad[i].line);
    }
    acq_buf_printf(&b, "{\"id\": \"last\"}\n");
    const char *p = write_bytes("bad.jsonl", (const char *)b.data, b.len);
    acq_buf_free(&b);
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(p, &callbacks, &st, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, n + 1);
    cr_assert_eq(got.nprobs, n);
    cr_assert_eq(st.skipped, n);
    cr_assert_eq(st.documents, n + 1);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "good%zu", i);
        expect_id(i, id);
        cr_assert_eq(got.docs[i].line, 2 * i + 1);
        expect_problem(i, 2 * i + 2, bad[i].says);
        cr_assert_str_eq(got.probs[i].source, p);
    }
    expect_id(n, "last");
}

Test(ingest, malformed_json_message_names_the_column)
{
    const char *p = write_text("a.jsonl", "{\"id\": \"x\", \"title\" \"y\"}\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 1);
    cr_assert_str_eq(got.probs[0].msg, "malformed JSON at column 21: expected ':' after a key, found '\"'");
}

Test(ingest, invalid_utf8_is_reported_with_its_byte)
{
    const char line1[] = "{\"id\": \"a\", \"text\": \"bad \xff byte\"}\n";
    const char line2[] = "{\"id\": \"b\", \"text\": \"overlong \xc0\xaf\"}\n";
    const char line3[] = "{\"id\": \"c\", \"text\": \"encoded surrogate \xed\xa0\x80\"}\n";
    const char line4[] = "{\"id\": \"d\", \"text\": \"fine \xc3\xa9\"}\n";
    char all[512];
    snprintf(all, sizeof all, "%s%s%s%s", line1, line2, line3, line4);
    const char *p = write_text("a.jsonl", all);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    expect_id(0, "d");
    cr_assert_eq(got.nprobs, 3);
    expect_problem(0, 1, "invalid UTF-8 at byte 26 of the line");
    expect_problem(1, 2, "invalid UTF-8 at byte 31 of the line");
    expect_problem(2, 3, "invalid UTF-8");
}

Test(ingest, blank_lines_crlf_bom_and_no_final_newline)
{
    const char *p = write_text("a.jsonl",
        "\xEF\xBB\xBF{\"id\": \"one\"}\r\n"
        "\n"
        "   \t \r\n"
        "{\"id\": \"two\"}\n"
        "\n"
        "{\"id\": \"three\", \"text\": \"end\"}");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 0, "%s", got.nprobs ? got.probs[0].msg : "");
    cr_assert_eq(got.ndocs, 3);
    expect_id(0, "one");
    expect_id(1, "two");
    expect_id(2, "three");
    cr_assert_eq(got.docs[0].line, 1);
    cr_assert_eq(got.docs[1].line, 4);
    cr_assert_eq(got.docs[2].line, 6);
    cr_assert_str_eq(doc_field(2, F_TEXT), "end");
}

Test(ingest, empty_file_gives_nothing)
{
    const char *p = write_text("a.jsonl", "");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 0);
    cr_assert_eq(got.nprobs, 0);
}

static void check_very_long_lines(void)
{
    /* lines longer than the 1 MB read buffer, one with escapes throughout */
    size_t n = 3u << 20;
    acq_buf b = {0};
    acq_buf_puts(&b, "{\"id\": \"long1\", \"text\": \"");
    for (size_t i = 0; i < n; i++)
        acq_buf_putc(&b, (uint8_t)('a' + i % 26));
    acq_buf_puts(&b, "\"}\n{\"id\": \"long2\", \"text\": \"");
    for (size_t i = 0; i < n / 4; i++)
        acq_buf_puts(&b, "\\n\\u00fc");
    acq_buf_puts(&b, "\"}\n{\"id\": \"short\"}\n");
    cr_assert(!b.failed);
    const char *p = write_bytes("long.jsonl", (const char *)b.data, b.len);
    acq_buf_free(&b);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 0);
    cr_assert_eq(got.ndocs, 3);
    cr_assert_eq(got.docs[0].len[F_TEXT], n);
    cr_assert_eq(got.docs[0].f[F_TEXT][n - 1], (char)('a' + (n - 1) % 26));
    cr_assert_eq(got.docs[1].len[F_TEXT], n / 4 * 3);
    cr_assert_eq(memcmp(got.docs[1].f[F_TEXT] + n / 4 * 3 - 3, "\n\xc3\xbc", 3), 0);
    expect_id(2, "short");
    cr_assert_eq(got.docs[2].line, 3);
}

Test(ingest, very_long_lines) { check_very_long_lines(); }

Test(ingest, very_long_lines_read_ahead)
{
    reading.read_ahead = 1;
    check_very_long_lines();
}

static void check_gzip_files(void)
{
    const char *body = "{\"id\": \"g1\", \"text\": \"compressed\"}\nnot json\n{\"id\": \"g2\"}";
    const char *p = write_gz("a.jsonl.gz", body);
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path_opts(p, &reading, &callbacks, &st, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 2);
    expect_id(0, "g1");
    cr_assert_str_eq(doc_field(0, F_TEXT), "compressed");
    expect_id(1, "g2");
    cr_assert_eq(got.docs[1].line, 3);
    expect_problem(0, 2, "expected '{'");
    struct stat sb;
    stat(p, &sb);
    cr_assert_eq(st.bytes, (uint64_t)sb.st_size, "stats count compressed bytes");

    /* gzip content without the .gz name, and a .gz name on plain text */
    got_clear();
    p = write_gz("really-gzip.jsonl", body);
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 2);
    got_clear();
    p = write_text("plain.jsonl.gz", body);
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 2);
}

Test(ingest, gzip_files_by_magic_bytes) { check_gzip_files(); }

Test(ingest, gzip_files_by_magic_bytes_read_ahead)
{
    reading.read_ahead = 1;
    check_gzip_files();
}

static void check_truncated_gzip(void)
{
    acq_buf b = {0};
    /* 4 MB once inflated: the read-ahead thread's chunks are 1 MB */
    for (int i = 0; i < 100000; i++)
        acq_buf_printf(&b, "{\"id\": \"d%d\", \"text\": \"%d %x\"}\n", i, i * 7919, (unsigned)i * 104729u);
    const char *p = write_gz("full.jsonl.gz", acq_buf_cstr(&b));
    acq_buf_free(&b);
    size_t n;
    char *gz = test_read_file(p, &n);
    cr_assert_not_null(gz);
    p = write_bytes("cut.jsonl.gz", gz, n / 2);
    free(gz);
    acq_err err = {0};
    int rc = ingest(p, &err);
    cr_assert_eq(rc, ACQ_EIO);
    cr_assert(strstr(err.msg, "cut.jsonl.gz") != NULL, "%s", err.msg);
    cr_assert(strstr(err.msg, "truncated") != NULL, "%s", err.msg);
    cr_assert_gt(got.ndocs, 20000, "the documents before the damage were delivered");
    cr_assert_lt(got.ndocs, 100000);
}

Test(ingest, truncated_gzip_input_is_an_error) { check_truncated_gzip(); }

Test(ingest, truncated_gzip_input_is_an_error_read_ahead)
{
    reading.read_ahead = 1;
    check_truncated_gzip();
}

/* Documents d0..d(n-1) as JSON Lines; every 7th text long and of random
 * words, so that the compressed file crosses many of the reader's 256 KB
 * input buffers with members and blocks cut at every kind of place. */
static void numbered_docs(acq_buf *b, int from, int n)
{
    test_rng_seed((uint64_t)from + 1);
    for (int i = from; i < from + n; i++) {
        acq_buf_printf(b, "{\"id\": \"d%d\", \"text\": \"", i);
        int words = i % 7 == 0 ? 400 : 3;
        for (int k = 0; k < words; k++)
            acq_buf_printf(b, "w%x ", (unsigned)(test_rng() % 100000));
        acq_buf_printf(b, "\"}\n");
    }
}

static char *gz_bytes(const char *name, const acq_buf *b, size_t *n)
{
    const char *p = write_gz(name, acq_buf_cstr((acq_buf *)b));
    char *gz = test_read_file(p, n);
    cr_assert_not_null(gz);
    return gz;
}

/* All n documents came, none damaged (a byte out of place would break a
 * line's JSON); the first ones, which the collector keeps, in order. */
static void expect_numbered(int n)
{
    cr_assert_eq(got.ndocs, (size_t)n);
    cr_assert_eq(got.nprobs, 0, "%zu problems, the first: %s", got.nprobs, got.nprobs ? got.probs[0].msg : "");
    for (int i = 0; i < MAX_GOT && i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        expect_id((size_t)i, id);
    }
}

/* Two gzip members one after the other (as `cat a.gz b.gz` or bgzip
 * write) read as one stream; zero bytes after the last member are ignored,
 * as zlib's gzread ignores them. */
static void check_gzip_members(void)
{
    acq_buf a = {0}, b = {0};
    numbered_docs(&a, 0, 30000);
    numbered_docs(&b, 30000, 20000);
    size_t na, nb;
    char *ga = gz_bytes("a.gz", &a, &na), *gb = gz_bytes("b.gz", &b, &nb);
    acq_buf all = {0};
    acq_buf_put(&all, ga, na);
    acq_buf_put(&all, gb, nb);
    acq_buf_put(&all, "\0\0\0\0\0\0\0\0", 8);
    cr_assert_gt(all.len, (size_t)3 << 18, "the file should span several input buffers");
    const char *p = write_bytes("members.jsonl.gz", (const char *)all.data, all.len);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK, "%s", err.msg);
    expect_numbered(50000);
    free(ga);
    free(gb);
    acq_buf_free(&a);
    acq_buf_free(&b);
    acq_buf_free(&all);
}

Test(ingest, gzip_members_read_as_one_stream) { check_gzip_members(); }

Test(ingest, gzip_members_read_as_one_stream_read_ahead)
{
    reading.read_ahead = 1;
    check_gzip_members();
}

/* Lines are read and parsed in batches of about 1 MB (ahead, on a thread,
 * with read-ahead): documents and problems still come in line order, with
 * their line numbers, across every batch; a callback that stops the run
 * mid-file stops it there. */
static void check_lines_in_order_across_batches(void)
{
    acq_buf b = {0};
    test_rng_seed(5);
    for (int i = 1; i <= 40000; i++) {
        if (i % 400 == 0)
            acq_buf_printf(&b, "{\"id\": \"bad%d\", oops}\n", i);
        else if (i % 997 == 0)
            acq_buf_printf(&b, "\n");
        else {
            acq_buf_printf(&b, "{\"id\": \"l%d\", \"eurovoc\": [\"a%d\", \"b\"], \"text\": \"", i, i);
            for (int k = (int)(test_rng() % 40); k > 0; k--)
                acq_buf_printf(&b, "w%u ", (unsigned)(test_rng() % 1000));
            acq_buf_printf(&b, "\"}\n");
        }
    }
    cr_assert_gt(b.len, (size_t)3 << 20, "the file should span several batches");
    const char *p = write_bytes("order.jsonl", (const char *)b.data, b.len);
    acq_buf_free(&b);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(got.ndocs, 40000 - 100 - 40);
    cr_assert_eq(got.nprobs, 100);
    for (size_t k = 0; k < 100 && k < MAX_GOT; k++)
        expect_problem(k, 400 * (k + 1), "expected");
    /* The documents kept: lines 1 to 128, none of them bad or blank. */
    for (size_t k = 0; k < MAX_GOT; k++) {
        char id[16];
        snprintf(id, sizeof id, "l%zu", k + 1);
        expect_id(k, id);
        cr_assert_eq(got.docs[k].line, k + 1);
    }
    /* Stopped at the 30,000th document: none after it. */
    got_clear();
    got.stop_after = 30000;
    got.stop_code = ACQ_ELIMIT;
    acq_err_clear(&err);
    cr_assert_eq(ingest(p, &err), ACQ_ELIMIT);
    cr_assert_eq(got.ndocs, 30000);
}

Test(ingest, lines_in_order_across_batches) { check_lines_in_order_across_batches(); }

Test(ingest, lines_in_order_across_batches_read_ahead)
{
    reading.read_ahead = 1;
    check_lines_in_order_across_batches();
}

/* A gzip member whose data inflates but whose CRC or length does not
 * match is damage, reported with the file's name. */
Test(ingest, a_gzip_checksum_mismatch_is_an_error)
{
    acq_buf a = {0};
    numbered_docs(&a, 0, 2000);
    for (int trailer_byte = 1; trailer_byte <= 5; trailer_byte += 4) {
        got_clear();
        size_t n;
        char *gz = gz_bytes("ok.gz", &a, &n);
        gz[n - trailer_byte] ^= 0x40; /* the length's last byte, then the CRC's last */
        const char *p = write_bytes("bad-crc.jsonl.gz", gz, n);
        free(gz);
        acq_err err = {0};
        cr_assert_eq(ingest(p, &err), ACQ_EIO, "byte %d from the end: %s", trailer_byte, err.msg);
        cr_assert(strstr(err.msg, "bad-crc.jsonl.gz") != NULL, "%s", err.msg);
        cr_assert(strstr(err.msg, "damaged") != NULL, "%s", err.msg);
    }
    acq_buf_free(&a);
}

Test(ingest, progress_reports_total_and_ends_at_it)
{
    acq_buf b = {0};
    for (int i = 0; i < 40000; i++)
        acq_buf_printf(&b, "{\"id\": \"d%d\", \"text\": \"some words to make the file a few megabytes\"}\n", i);
    const char *p = write_bytes("big.jsonl", (const char *)b.data, b.len);
    size_t size = b.len;
    acq_buf_free(&b);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 40000);
    cr_assert_geq(got.progress_calls, 2);
    cr_assert_leq(got.progress_calls, size / (1 << 20) + 2, "at most about one call per MB");
    cr_assert_eq(got.last_total, size);
    cr_assert_eq(got.last_done, size);
}

/* ---- whole-file documents and directories ------------------------------- */

static const char *html_page =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
    "<title>Europol &amp; Pr&uuml;m\n decisions</title>\n"
    "<style>body { color: red } p > b { x: '</p>' }</style>\n"
    "<script type=\"text/javascript\">var s = \"<p>not text</p>\"; if (a < b) {}</script></head>\n"
    "<body><h1 class=\"x>y\">Data  exchange</h1><p>First <b>bo</b>ld para&nbsp;graph &lt;tag&gt; &#8212; "
    "&#x1F50D; &quot;q&quot; &unknown; AT&T a < b</p>\n"
    "<!-- a comment <p>hidden</p> --><p>Second<br>line&#150;dash</p><![CDATA[raw <b>&amp;</b>]]>"
    "<SCRIPT>x()</SCRIPT><table><tr><td>cell1</td><td>cell2</td></tr></table></body></html>\n";

/* libxml2's HTML parser reads the page as browsers do, with one difference
 * kept here: CDATA means nothing in HTML (HTML5 makes it a bogus comment),
 * and libxml2 leaves its markers as text around what it parses inside. */
static const char *html_text =
    "Data exchange\nFirst bold para graph <tag> \xe2\x80\x94 \xf0\x9f\x94\x8d \"q\" &unknown; AT&T a < b\n"
    "Second\nline\xe2\x80\x93" "dash\n<![CDATA[raw &]]>\ncell1 cell2";

Test(ingest, html_to_text)
{
    const char *p = write_text("page.html", html_page);
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.nprobs, 0);
    cr_assert_eq(got.ndocs, 1);
    expect_id(0, "page.html");
    cr_assert_str_eq(doc_field(0, F_TITLE), "Europol & Pr\xc3\xbcm decisions");
    cr_assert_str_eq(doc_field(0, F_TEXT), html_text, "got:\n%s", doc_field(0, F_TEXT));
    cr_assert_eq(got.docs[0].line, 0);
}

Test(ingest, xml_tags_break_words_and_title_stays_in_text)
{
    const char *p = write_text("act.xml",
        "<?xml version=\"1.0\"?>\n<act><title>Council Decision</title><p>one</p><p>two&#x20AC;</p>"
        "<note/>end</act>");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    cr_assert_str_eq(doc_field(0, F_TITLE), "Council Decision");
    cr_assert_str_eq(doc_field(0, F_TEXT), "Council Decision one two\xe2\x82\xac end");
}

Test(ingest, html_without_title_or_text)
{
    const char *p = write_text("empty.htm", "<html><body><script>only()</script></body></html>");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    cr_assert_null(doc_field(0, F_TITLE));
    cr_assert_str_eq(doc_field(0, F_TEXT), "");
}

Test(ingest, directory_walk_sorted_with_relative_ids)
{
    make_dir("corpus");
    make_dir("corpus/b");
    make_dir("corpus/b/deeper");
    make_dir("corpus/.git");
    write_text("corpus/z.jsonl", "{\"id\": \"from-jsonl\", \"title\": \"J\"}\n{\"id\": \"second\"}\n");
    write_text("corpus/a.txt", "  \n\n  First line title  \r\nbody text\n");
    write_text("corpus/b.txt", "no newline at all");
    write_text("corpus/b/c.md", "\n## Markdown *Title* ##\n\nSome text.\n");
    write_text("corpus/b/d.html", html_page);
    write_text("corpus/b/deeper/e.TXT", "");
    write_gz("corpus/b/deeper/f.jsonl.gz", "{\"id\": \"zipped\"}\n");
    write_text("corpus/.hidden.txt", "hidden");
    write_text("corpus/.git/x.txt", "hidden too");
    write_text("corpus/image.png", "\x89PNG not text");
    write_text("corpus/notes.json", "{\"id\": \"not jsonl\"}");
    write_text("corpus/b/readme", "no extension");
    acq_err err = {0};
    acq_ingest_stats st = {0};
    char top[4200];
    snprintf(top, sizeof top, "%s/corpus/", dir); /* a trailing slash does not change the ids */
    cr_assert_eq(acq_ingest_path(top, &callbacks, &st, &err), ACQ_OK, "%s", err.msg);
    /* files of other kinds are reported, in walk order; hidden ones are not */
    const char *others[] = {"corpus/b/readme", "corpus/image.png", "corpus/notes.json"};
    cr_assert_eq(got.nprobs, 3, "%s", got.nprobs ? got.probs[0].msg : "");
    for (size_t i = 0; i < 3; i++) {
        expect_problem(i, 0, "not a format acquis reads");
        cr_assert_str_eq(got.probs[i].source, at(others[i]));
    }
    cr_assert_eq(st.skipped, 3);
    const char *ids[] = {"a.txt", "b.txt", "b/c.md", "b/d.html", "b/deeper/e.TXT", "zipped", "from-jsonl", "second"};
    size_t n = sizeof ids / sizeof ids[0];
    cr_assert_eq(got.ndocs, n);
    for (size_t i = 0; i < n; i++)
        expect_id(i, ids[i]);
    cr_assert_str_eq(doc_field(0, F_TITLE), "First line title");
    cr_assert_str_eq(doc_field(0, F_TEXT), "  \n\n  First line title  \r\nbody text\n");
    cr_assert_str_eq(got.docs[0].source, at("corpus/a.txt"));
    cr_assert_eq(got.docs[0].line, 0);
    cr_assert_str_eq(doc_field(1, F_TITLE), "no newline at all");
    cr_assert_str_eq(doc_field(2, F_TITLE), "Markdown *Title*");
    cr_assert_str_eq(doc_field(2, F_TEXT), "\n## Markdown *Title* ##\n\nSome text.\n");
    cr_assert_str_eq(doc_field(3, F_TITLE), "Europol & Pr\xc3\xbcm decisions");
    cr_assert_str_eq(doc_field(3, F_TEXT), html_text);
    cr_assert_null(doc_field(4, F_TITLE));
    cr_assert_str_eq(doc_field(4, F_TEXT), "");
    cr_assert_eq(got.docs[5].line, 1);
    cr_assert_str_eq(got.docs[6].source, at("corpus/z.jsonl"));
    cr_assert_eq(got.docs[7].line, 2);
    cr_assert_null(doc_field(0, F_LANG));
    cr_assert_eq(st.files, 7);
    cr_assert_eq(st.documents, n);
}

Test(ingest, top_level_text_file_is_one_document)
{
    const char *p = write_text("notes.md", "# Prüm\n\nautomated data exchange\n");
    acq_err err = {0};
    cr_assert_eq(ingest(p, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    expect_id(0, "notes.md");
    cr_assert_str_eq(doc_field(0, F_TITLE), "Prüm");
}

Test(ingest, bad_files_in_a_directory_are_reported_and_skipped)
{
    make_dir("d");
    make_dir("d/sub");
    write_text("d/a.txt", "readable");
    cr_assert_eq(symlink("/nonexistent/target.txt", at("d/broken.txt")), 0);
    cr_assert_eq(mkfifo(at("d/fifo.jsonl"), 0644), 0, "a FIFO would block if it were opened");
    write_bytes("d/latin1.txt", "caf\xe9\n", 5);
    write_text("d/sub/b.jsonl", "{\"id\": \"in-sub\"}\n{broken\n");
    cr_assert_eq(symlink("..", at("d/sub/loop")), 0, "a link back up must not loop");
    write_text("d/z.txt", "last");
    int as_root = geteuid() == 0;
    if (!as_root) { /* root reads through chmod 000 */
        write_text("d/secret.txt", "hidden by permissions");
        chmod(at("d/secret.txt"), 0);
        make_dir("d/closed");
        write_text("d/closed/x.txt", "x");
        chmod(at("d/closed"), 0);
    }
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(at("d"), &callbacks, &st, &err), ACQ_OK);
    if (!as_root) {
        chmod(at("d/closed"), 0755);
        chmod(at("d/secret.txt"), 0644);
    }
    cr_assert_eq(got.ndocs, 3);
    expect_id(0, "a.txt");
    expect_id(1, "in-sub");
    expect_id(2, "z.txt");
    size_t k = 0;
    expect_problem(k++, 0, "cannot read the file");
    cr_assert_str_eq(got.probs[0].source, at("d/broken.txt"));
    if (!as_root) {
        expect_problem(k++, 0, "cannot open the directory");
        cr_assert_str_eq(got.probs[k - 1].source, at("d/closed"));
    }
    expect_problem(k++, 0, "not a regular file");
    expect_problem(k++, 0, "invalid UTF-8 at byte 4 of the file");
    if (!as_root)
        expect_problem(k++, 0, "cannot open the file");
    expect_problem(k++, 2, "malformed JSON");
    expect_problem(k++, 0, "a link back");
    cr_assert_eq(got.nprobs, k);
    cr_assert_eq(st.skipped, k);
}

/* A file of a kind acquis cannot read is reported, so that nobody wonders
 * why their PDF finds nothing; hidden entries and an index's own files are
 * not the user's documents and stay silent. */
Test(ingest, files_of_other_kinds_are_reported_but_not_hidden_or_index_files)
{
    make_dir("d");
    write_text("d/a.txt", "Pr\xc3\xbcm");
    write_bytes("d/report.pdf", "%PDF-1.7\n", 9);
    write_text("d/Photo.JPG", "not text");
    write_text("d/.DS_Store", "Bud1");
    make_dir("d/.cache");
    write_text("d/.cache/old.pdf", "hidden");
    /* a committed index in the folder, with a note of the user's in it */
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, at("d/index"), NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document doc = {0};
    doc.id = "x";
    doc.text = "Europol";
    cr_assert_eq(acq_writer_add(w, &doc), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    write_text("d/index/README.txt", "what this index holds");
    /* an index being built (no MANIFEST before its first commit) */
    cr_assert_eq(acq_writer_open(&w, at("d/building"), NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    /* names an index uses, in a folder that is no index */
    make_dir("d/perl");
    write_text("d/perl/MANIFEST", "lib/Foo.pm\n");
    write_text("d/perl/seg-1.doc", "a Word file");

    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(at("d"), &callbacks, &st, &err), ACQ_OK, "%s", err.msg);
    acq_writer_close(w);
    cr_assert_eq(got.ndocs, 2);
    expect_id(0, "a.txt");
    expect_id(1, "index/README.txt");
    const char *reported[] = {"d/Photo.JPG", "d/perl/MANIFEST", "d/perl/seg-1.doc", "d/report.pdf"};
    size_t n = sizeof reported / sizeof reported[0];
    cr_assert_eq(got.nprobs, n, "%zu problems, the last: %s", got.nprobs,
                 got.nprobs ? got.probs[got.nprobs - 1].source : "none");
    for (size_t i = 0; i < n; i++) {
        expect_problem(i, 0, "not a format acquis reads: it reads .txt, .md, .html");
        cr_assert_str_eq(got.probs[i].source, at(reported[i]));
    }
    cr_assert_eq(st.skipped, n);
}

/* The same through `acquis index`, into an index inside the folder it
 * indexes: the PDF is named, the index's files are not, run after run. */
Test(ingest, acquis_index_names_each_file_it_skips)
{
    make_dir("docs");
    write_text("docs/a.txt", "Europol");
    write_bytes("docs/scan.pdf", "%PDF", 4);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "%s index -o '%s' '%s' 2>&1", ACQ_CLI_PATH, at("docs/index"), at("docs"));
    for (int run = 1; run <= 2; run++) {
        char *out = NULL;
        cr_assert_eq(test_run(cmd, &out), 0, "run %d: %s", run, out);
        cr_assert_not_null(out);
        char want[4200];
        snprintf(want, sizeof want, "%s: not a format acquis reads", at("docs/scan.pdf"));
        cr_assert(strstr(out, want) != NULL, "run %d: %s", run, out);
        cr_assert(strstr(out, "MANIFEST") == NULL && strstr(out, "write.lock") == NULL &&
                  strstr(out, "seg-") == NULL, "run %d: %s", run, out);
        cr_assert(strstr(out, "indexed 1 documents") != NULL, "run %d: %s", run, out);
        cr_assert(strstr(out, "(1 documents were skipped") != NULL, "run %d: %s", run, out);
        free(out);
    }
}

Test(ingest, missing_input_is_not_found)
{
    acq_err err = {0};
    int rc = ingest(at("no-such-file.jsonl"), &err);
    cr_assert(rc == ACQ_ENOTFOUND || rc == ACQ_EIO);
    cr_assert_eq(err.code, rc);
    cr_assert(strstr(err.msg, "no-such-file.jsonl") != NULL, "%s", err.msg);
    cr_assert_eq(got.ndocs, 0);
    rc = ingest(at("no-such-dir/x"), &err);
    cr_assert(rc == ACQ_ENOTFOUND || rc == ACQ_EIO);
    cr_assert_neq(err.msg[0], '\0');
}

Test(ingest, missing_arguments)
{
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(NULL, &callbacks, NULL, &err), ACQ_EARG);
    acq_ingest_callbacks none = {NULL, NULL, NULL, NULL, NULL};
    acq_err_clear(&err);
    cr_assert_eq(acq_ingest_path(dir, &none, NULL, &err), ACQ_EARG);
    cr_assert_eq(acq_ingest_path(dir, NULL, NULL, NULL), ACQ_EARG);
}

Test(ingest, doc_callback_error_stops_ingest)
{
    make_dir("d");
    write_text("d/a.jsonl", "{\"id\": \"1\"}\n{\"id\": \"2\"}\n{\"id\": \"3\"}\n");
    write_text("d/b.txt", "never reached");
    got.stop_after = 2;
    got.stop_code = ACQ_ELIMIT;
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(at("d"), &callbacks, &st, &err), ACQ_ELIMIT);
    cr_assert_eq(got.ndocs, 2);
    cr_assert_eq(st.documents, 2);
    cr_assert_eq(err.code, ACQ_ELIMIT);
    cr_assert(strstr(err.msg, "a.jsonl line 2") != NULL, "%s", err.msg);

    /* a whole-file document too, and err already holding the callback's own message */
    got_clear();
    got.stop_after = 1;
    got.stop_code = ACQ_EIO;
    acq_err_clear(&err);
    acq_err_set(&err, ACQ_EIO, "disk full");
    cr_assert_eq(acq_ingest_path(write_text("x.txt", "t"), &callbacks, NULL, &err), ACQ_EIO);
    cr_assert_str_eq(err.msg, "disk full");
}

Test(ingest, stats_accumulate_over_calls)
{
    const char *a = write_text("a.jsonl", "{\"id\": \"1\"}\nbad\n");
    const char *b = write_text("b.jsonl", "{\"id\": \"2\"}\n");
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(a, &callbacks, &st, &err), ACQ_OK);
    got.last_done = 0; /* progress starts again for each input */
    cr_assert_eq(acq_ingest_path(b, &callbacks, &st, &err), ACQ_OK);
    cr_assert_eq(st.documents, 2);
    cr_assert_eq(st.skipped, 1);
    cr_assert_eq(st.files, 2);
    cr_assert_eq(st.bytes, strlen("{\"id\": \"1\"}\nbad\n") + strlen("{\"id\": \"2\"}\n"));
}

Test(ingest, problem_callback_is_optional)
{
    const char *p = write_text("a.jsonl", "bad\n{\"id\": \"ok\"}\n");
    acq_ingest_callbacks cb = {on_doc, NULL, NULL, &got, NULL};
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(p, &cb, &st, &err), ACQ_OK);
    cr_assert_eq(got.ndocs, 1);
    cr_assert_eq(st.skipped, 1);
}

/* Every allocation in turn fails: ingest reports ACQ_ENOMEM with a message,
 * or, when the failure missed it, delivers everything; it never crashes, and
 * the ASan build checks that nothing leaks. */
Test(ingest, allocation_failures_are_reported)
{
    make_dir("d");
    make_dir("d/sub");
    write_text("d/a.jsonl", "{\"id\": \"j1\", \"text\": \"esc\\u00e9\\n\"}\nbad line\n{\"id\": \"j2\"}\n");
    write_gz("d/b.jsonl.gz", "{\"id\": \"g1\"}\n");
    write_text("d/c.txt", "title\ntext");
    write_text("d/sub/d.html", html_page);
    write_text("d/sub/e.md", "# md");
    write_text("d/sub/f.xml", "<a><b>x</b></a>");
    acq_err err = {0};
    cr_assert_eq(ingest(at("d"), &err), ACQ_OK);
    size_t all = got.ndocs;
    cr_assert_eq(all, 7);
    int failures = 0;
    for (long n = 1; n <= 60; n++) {
        got_clear();
        acq_alloc_fail_after(n);
        int rc = ingest(at("d"), &err);
        acq_alloc_fail_after(0);
        cr_assert(rc == ACQ_OK || rc == ACQ_ENOMEM, "allocation %ld: rc %d", n, rc);
        if (rc == ACQ_ENOMEM) {
            failures++;
            cr_assert_eq(err.code, ACQ_ENOMEM);
            cr_assert_neq(err.msg[0], '\0');
        } else {
            cr_assert_eq(got.ndocs, all, "allocation %ld: a silent loss", n);
        }
    }
    cr_assert_gt(failures, 3, "the walk allocates, and each failure is seen");
    got_clear();
    acq_alloc_fail_after(1);
    cr_assert_eq(ingest(write_text("x.jsonl", "{\"id\": \"1\"}\n"), &err), ACQ_ENOMEM);
    acq_alloc_fail_after(0);
}

/* ---- the real corpus ----------------------------------------------------- */

Test(ingest, real_passages_corpus, .timeout = 60)
{
    char p[4096];
    if (!test_shared(p, sizeof p, "corpus/eurlex-en-passages.jsonl.gz"))
        cr_skip_test("%s is not there (shared test data, see tests/support.h)", p);
    got.keep = 0;
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(p, &callbacks, &st, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(got.nprobs, 0, "%s", got.nprobs ? got.probs[0].msg : "");
    cr_assert_eq(got.ndocs, 74781);
    cr_assert_eq(st.documents, 74781);
    cr_assert_eq(st.skipped, 0);
    cr_assert_str_eq(got.first_id, "11997E083@1957-03-25:en#0");
    cr_assert_gt(got.progress_calls, 10);
}
