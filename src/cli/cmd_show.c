/* cmd_show.c: `acquis show`: stored documents whole, by id (through
 * acq_index_document): a header of their fields then the text for a person,
 * or one JSON object per document. Exit status 0 when every id was found,
 * 1 when one was not, 2 on error. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis show [-i DIR] [--json] [--] ID...\n"
            "\n"
            "Prints the stored document with each ID, whole: a header (id, title, date,\n"
            "type, lang, celex, url; empty fields left out) then the text. Ids are\n"
            "exact (case, spaces and punctuation count); a search prints them.\n"
            "\n"
            "  -i DIR   the index (default: index)\n"
            "  --json   one JSON object per document, with every field and the text\n"
            "           (the format `acquis add` reads back)\n"
            "  --       what follows is an ID even if it starts with '-'\n"
            "\n"
            "Exit status: 0 when every ID was found, 1 when one was not, 2 on error.\n"
            "\n"
            "examples:\n"
            "  acquis show -i index europol-regulation-2016-794\n"
            "  acquis show -i index --json 32016R0794 > act.jsonl\n");
}

/* A header value on one line: line breaks and other control characters
 * become spaces, so that a field cannot break the header's layout. */
static void put_header(const char *name, const char *v, size_t n)
{
    if (n == 0)
        return;
    printf("%-6s ", name);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        putchar(ch < 0x20 || ch == 0x7f ? ' ' : ch);
    }
    putchar('\n');
}

/* The text as stored; on a terminal, control characters other than line
 * breaks and tabs are shown as '?' so that a stray escape sequence in a
 * document cannot take over the screen. */
static void put_text(const char *t, size_t n, int tty)
{
    if (!tty) {
        fwrite(t, 1, n, stdout);
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)t[i];
            putchar((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f ? '?' : ch);
        }
    }
    if (n == 0 || t[n - 1] != '\n')
        putchar('\n');
}

static void print_json(const acq_document *d)
{
    const char *names[] = {"id", "title", "date", "type", "lang", "celex", "url", "text"};
    const char *v[] = {d->id, d->title, d->date, d->type, d->lang, d->celex, d->url, d->text};
    size_t n[] = {d->id_len, d->title_len, d->date_len, d->type_len, d->lang_len, d->celex_len, d->url_len,
                  d->text_len};
    putchar('{');
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        printf("%s\"%s\":", i ? "," : "", names[i]);
        json_string_n(stdout, v[i], n[i]);
    }
    /* Extra fields as lists of strings, which `acquis add` reads back as
     * the same fields. */
    const acq_field *f;
    size_t nf = acq_document_fields(d, &f);
    for (size_t i = 0; i < nf; i++) {
        size_t j = 0;
        while (j < i && strcmp(f[j].name, f[i].name) != 0)
            j++;
        if (j < i)
            continue;
        printf(",\"%s\":[", f[i].name);
        for (size_t k = i, c = 0; k < nf; k++)
            if (strcmp(f[k].name, f[i].name) == 0) {
                printf("%s", c++ ? "," : "");
                json_string_n(stdout, f[k].value, f[k].value_len);
            }
        putchar(']');
    }
    fputs("}\n", stdout);
}

/* Extra fields in the header: one line per name, values joined by "; ". */
static void put_extra_headers(const acq_document *d)
{
    const acq_field *f;
    size_t nf = acq_document_fields(d, &f);
    for (size_t i = 0; i < nf; i++) {
        size_t j = 0;
        while (j < i && strcmp(f[j].name, f[i].name) != 0)
            j++;
        if (j < i)
            continue;
        printf("%-6s ", f[i].name);
        for (size_t k = i, c = 0; k < nf; k++)
            if (strcmp(f[k].name, f[i].name) == 0) {
                printf("%s", c++ ? "; " : "");
                for (size_t b = 0; b < f[k].value_len; b++) {
                    unsigned char ch = (unsigned char)f[k].value[b];
                    putchar(ch < 0x20 || ch == 0x7f ? ' ' : ch); /* no terminal control from a document */
                }
            }
        putchar('\n');
    }
}

int cli_show(int argc, char **argv)
{
    const char *dir = "index";
    int json = 0, nids = 0, options = 1;
    const char **ids = calloc((size_t)argc + 1, sizeof *ids);
    if (ids == NULL) {
        fprintf(stderr, "acquis show: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            help(stdout);
            free(ids);
            return 0;
        } else if (options && strcmp(a, "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (options && strcmp(a, "--json") == 0) {
            json = 1;
        } else if (options && strcmp(a, "--") == 0) {
            options = 0;
        } else if (options && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis show: unknown option '%s' (see acquis show --help; `--` before an id "
                            "that starts with '-')\n", a);
            free(ids);
            return 2;
        } else {
            ids[nids++] = a;
        }
    }
    if (nids == 0) {
        fprintf(stderr, "acquis show: no ID given (see acquis show --help)\n");
        free(ids);
        return 2;
    }
    char msg[1024];
    acq_index *ix;
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis show: %s\n", msg);
        free(ids);
        return 2;
    }
    int status = 0, tty = isatty(1), shown = 0;
    for (int i = 0; i < nids && status < 2; i++) {
        acq_document *d;
        if (ids[i][0] == '\0') {
            fprintf(stderr, "acquis show: an empty ID names no document\n");
            status = 1;
            continue;
        }
        int rc = acq_index_document(&d, ix, ids[i], msg, sizeof msg);
        if (rc == ACQ_ENOTFOUND) {
            fprintf(stderr, "acquis show: %s\n", msg);
            status = 1;
            continue;
        }
        if (rc != ACQ_OK) {
            fprintf(stderr, "acquis show: %s\n", msg);
            status = 2;
            break;
        }
        if (json) {
            print_json(d);
        } else {
            /* Documents after the first are set apart by a rule. */
            if (shown)
                printf("\n%.72s\n\n", "------------------------------------------------------------------------");
            put_header("id", d->id, d->id_len);
            put_header("title", d->title, d->title_len);
            put_header("date", d->date, d->date_len);
            put_header("type", d->type, d->type_len);
            put_header("lang", d->lang, d->lang_len);
            put_header("celex", d->celex, d->celex_len);
            put_header("url", d->url, d->url_len);
            put_extra_headers(d);
            putchar('\n');
            put_text(d->text, d->text_len, tty);
        }
        shown++;
        acq_document_free(d);
    }
    acq_index_close(ix);
    free(ids);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "acquis show: cannot write the output\n");
        return 2;
    }
    return status;
}
