/* ingest_bench.c: reads INPUTs through the ingest module alone (no index)
 * and reports documents, bytes and time; with --jsonl FILE, writes what it
 * read as JSON Lines, so that bench/formats.sh can index the very same text
 * from JSON Lines beside the XHTML and Formex it came from.
 *
 *   build/bench/ingest_bench [--passages] [--jsonl FILE] [--print] INPUT...
 *
 * --print shows each document's fields and the start of its text, with the
 * warnings and problems: a quick look at what a file yields. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct ctx {
    FILE *jsonl;
    int print;
    unsigned long long docs, text_bytes;
} ctx;

static void json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void field(FILE *f, const char *name, const char *s, size_t n, int *first)
{
    if (s == NULL)
        return;
    fprintf(f, "%s\"%s\": ", *first ? "" : ", ", name);
    json_string(f, s, n);
    *first = 0;
}

static int on_doc(void *p, const acq_ingest_doc *d)
{
    ctx *c = p;
    const acq_document *x = &d->doc;
    c->docs++;
    c->text_bytes += x->text_len;
    if (c->jsonl != NULL) {
        int first = 1;
        fputc('{', c->jsonl);
        field(c->jsonl, "id", x->id, x->id_len, &first);
        field(c->jsonl, "title", x->title, x->title_len, &first);
        field(c->jsonl, "lang", x->lang, x->lang_len, &first);
        field(c->jsonl, "date", x->date, x->date_len, &first);
        field(c->jsonl, "type", x->type, x->type_len, &first);
        field(c->jsonl, "celex", x->celex, x->celex_len, &first);
        field(c->jsonl, "url", x->url, x->url_len, &first);
        field(c->jsonl, "text", x->text, x->text_len, &first);
        fputs("}\n", c->jsonl);
    }
    if (c->print) {
#define F(name, s, n) printf("  %-6s %.*s\n", name, (int)((s) ? (n) : 6), (s) ? (s) : "(none)")
        printf("%s\n", d->source);
        F("id", x->id, x->id_len);
        F("title", x->title, x->title_len > 200 ? 200 : x->title_len);
        F("celex", x->celex, x->celex_len);
        F("date", x->date, x->date_len);
        F("type", x->type, x->type_len);
        F("lang", x->lang, x->lang_len);
        F("url", x->url, x->url_len);
        printf("  text   %zu bytes: %.*s\n", x->text_len, (int)(x->text_len > 300 ? 300 : x->text_len), x->text);
#undef F
    }
    return 0;
}

static void on_problem(void *p, const char *source, uint64_t line, const char *message)
{
    (void)p;
    fprintf(stderr, "problem: %s:%llu: %s\n", source, (unsigned long long)line, message);
}

static void on_warning(void *p, const char *source, const char *message)
{
    (void)p;
    fprintf(stderr, "warning: %s: %s\n", source, message);
}

int main(int argc, char **argv)
{
    ctx c = {0};
    acq_ingest_options opts = {.passages = ACQ_INGEST_WHOLE_ACTS};
    acq_ingest_callbacks cb = {on_doc, on_problem, NULL, &c, on_warning};
    acq_ingest_stats st = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int inputs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--passages") == 0) {
            opts.passages = ACQ_INGEST_ARTICLES;
        } else if (strcmp(argv[i], "--print") == 0) {
            c.print = 1;
        } else if (strcmp(argv[i], "--jsonl") == 0 && i + 1 < argc) {
            if ((c.jsonl = fopen(argv[++i], "w")) == NULL) {
                perror(argv[i]);
                return 2;
            }
        } else {
            acq_err err = {0};
            inputs++;
            if (acq_ingest_path_opts(argv[i], &opts, &cb, &st, &err) != ACQ_OK) {
                fprintf(stderr, "ingest_bench: %s\n", err.msg);
                return 2;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (c.jsonl != NULL && fclose(c.jsonl) != 0) {
        perror("ingest_bench: writing JSON Lines");
        return 2;
    }
    if (inputs == 0) {
        fprintf(stderr, "usage: ingest_bench [--passages] [--jsonl FILE] [--print] INPUT...\n");
        return 2;
    }
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "%llu documents, %llu files, %.1f MB read, %.1f MB of text, %llu skipped, %llu warnings, "
                    "%.3f s (%.1f MB/s of input)\n",
            c.docs, (unsigned long long)st.files, (double)st.bytes / 1e6, (double)c.text_bytes / 1e6,
            (unsigned long long)st.skipped, (unsigned long long)st.warnings, s, (double)st.bytes / 1e6 / s);
    return 0;
}
