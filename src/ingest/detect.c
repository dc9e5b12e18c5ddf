/* detect.c: what a file is, from its first bytes.
 *
 * Downloaded EUR-Lex files do not say what they are in their names: an
 * Official Journal act saved as .xml is XHTML, a Formex act is .xml too, a
 * whole EUR-Lex page may be .html or have no extension at all, and a PDF
 * or an error page can hide behind any name. So a markup file is read for
 * what it is: past a byte order mark, the XML declaration, comments,
 * processing instructions and the doctype, the first element decides:
 * <html> (or an HTML doctype, or <head>/<body>) is HTML; a root that is one
 * of Formex's (ACT, CONS.ACT, COMBINED.FMX, DOC, ANNEX, ...) is Formex;
 * any other root is XML. Anything else is named for the warning ("a PDF",
 * "binary data", "JSON").
 *
 * The declared encoding (the XML declaration, or a <meta charset> or
 * http-equiv in the first 4 KB) is reported too: markup.c checks the bytes
 * against it. */
#include "ingest/ingest_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SNIFF_WINDOW 4096

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_name_char(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == ':' || c >= 0x80;
}

/* The first occurrence of the ASCII string needle in [p, end), any case. */
static const uint8_t *find_ci(const uint8_t *p, const uint8_t *end, const char *needle)
{
    size_t k = strlen(needle);
    for (; (size_t)(end - p) >= k; p++)
        if (strncasecmp((const char *)p, needle, k) == 0)
            return p;
    return NULL;
}

/* Copies the value of attribute `name` in the tag [p, end) into out. */
static int attribute(const uint8_t *p, const uint8_t *end, const char *name, char *out, size_t size)
{
    const uint8_t *a = find_ci(p, end, name);
    if (a == NULL)
        return 0;
    a += strlen(name);
    while (a < end && is_space(*a))
        a++;
    if (a >= end || *a != '=')
        return 0;
    a++;
    while (a < end && is_space(*a))
        a++;
    uint8_t quote = a < end && (*a == '"' || *a == '\'') ? *a++ : 0;
    size_t k = 0;
    while (a < end && k + 1 < size && (quote ? *a != quote
                                          : (!is_space(*a) && *a != '>' && *a != ';' && *a != '/' && *a != '"' && *a != '\'')))
        out[k++] = (char)*a++;
    out[k] = '\0';
    return k > 0;
}

static int formex_root(const char *name)
{
    static const char *const roots[] = {
        "ACT", "CONS.ACT", "COMBINED.FMX", "DOC", "ANNEX", "CONS.ANNEX", "CONS.DOC", "CONS.DOC.GEN",
        "GENERAL", "CORR", "PUBLICATION", "AGR", "CJT", "FMX", NULL};
    for (size_t i = 0; roots[i] != NULL; i++)
        if (strcmp(name, roots[i]) == 0)
            return 1;
    return 0;
}

/* What a file that is not markup looks like, for the warning. */
static const char *describe(const uint8_t *s, size_t n)
{
    if (n >= 5 && memcmp(s, "%PDF-", 5) == 0)
        return "a PDF";
    if (n >= 8 && memcmp(s, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "a PNG image";
    if (n >= 3 && memcmp(s, "\xFF\xD8\xFF", 3) == 0)
        return "a JPEG image";
    if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
        return "a ZIP archive (a Word or OpenDocument file?)";
    if (n >= 2 && s[0] == 0x1F && s[1] == 0x8B)
        return "gzip-compressed data";
    if (n >= 5 && memcmp(s, "{\\rtf", 5) == 0)
        return "an RTF document";
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    if (i < n && (s[i] == '{' || s[i] == '['))
        return "JSON";
    for (size_t k = 0; k < n && k < 512; k++)
        if (s[k] == 0)
            return "binary data";
    return "plain text, not markup";
}

void ingest_sniff(const uint8_t *s, size_t n, sniff *out)
{
    memset(out, 0, sizeof *out);
    const uint8_t *p = s, *end = s + (n < SNIFF_WINDOW ? n : SNIFF_WINDOW);
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    const uint8_t *start = p;
    while (p < end && is_space(*p))
        p++;
    if (p == end && n <= SNIFF_WINDOW) {
        out->kind = SNIFF_EMPTY;
        out->what = n == 0 ? "an empty file" : "a file with nothing but spaces";
        return;
    }
    /* the declared encoding: XML declaration, else <meta charset> / http-equiv */
    if (end - p >= 5 && memcmp(p, "<?xml", 5) == 0) {
        const uint8_t *close = find_ci(p, end, "?>");
        if (close != NULL)
            attribute(p, close, "encoding", out->encoding, sizeof out->encoding);
    }
    if (out->encoding[0] == '\0') {
        const uint8_t *m = find_ci(start, end, "charset");
        if (m != NULL) {
            const uint8_t *tag_end = m;
            while (tag_end < end && *tag_end != '>')
                tag_end++;
            attribute(m, tag_end, "charset", out->encoding, sizeof out->encoding);
        }
    }
    int html_doctype = 0;
    for (;;) { /* past the prolog */
        while (p < end && is_space(*p))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const uint8_t *q = find_ci(p + 4, end, "-->");
            if (q == NULL)
                break;
            p = q + 3;
        } else if (end - p >= 2 && (memcmp(p, "<?", 2) == 0)) {
            const uint8_t *q = find_ci(p + 2, end, "?>");
            if (q == NULL)
                break;
            p = q + 2;
        } else if (end - p >= 9 && strncasecmp((const char *)p, "<!DOCTYPE", 9) == 0) {
            const uint8_t *q = p + 9;
            while (q < end && is_space(*q))
                q++;
            html_doctype = end - q >= 4 && strncasecmp((const char *)q, "html", 4) == 0;
            int depth = 0; /* an internal subset [ ... ] may hold '>' */
            while (q < end && (depth > 0 || *q != '>')) {
                depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
                q++;
            }
            if (q >= end)
                break;
            p = q + 1;
        } else {
            break;
        }
    }
    if (p < end && *p == '<' && p + 1 < end && is_name_char(p[1]) && p[1] != '.' && p[1] != '-') {
        size_t k = 0;
        const uint8_t *q = p + 1;
        while (q < end && is_name_char(*q) && k + 1 < sizeof out->root)
            out->root[k++] = (char)*q++;
        out->root[k] = '\0';
        const char *local = strchr(out->root, ':') ? strchr(out->root, ':') + 1 : out->root;
        if (strcasecmp(local, "html") == 0 || strcasecmp(local, "head") == 0 || strcasecmp(local, "body") == 0 ||
            html_doctype) {
            out->kind = SNIFF_HTML;
        } else if (formex_root(out->root)) {
            out->kind = SNIFF_FORMEX;
        } else {
            out->kind = SNIFF_XML;
        }
        return;
    }
    if (html_doctype) {
        out->kind = SNIFF_HTML;
        return;
    }
    out->kind = SNIFF_NONE;
    out->what = describe(s, (size_t)(end - s));
}

int ingest_sniff_path(const char *path, sniff *out)
{
    uint8_t head[SNIFF_WINDOW];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    size_t n = fread(head, 1, sizeof head, f);
    int err = ferror(f);
    fclose(f);
    if (err)
        return -1;
    ingest_sniff(head, n, out);
    if (out->kind == SNIFF_EMPTY && n == sizeof head)
        out->kind = SNIFF_NONE; /* only spaces in its first 4 KB: not markup either way */
    return 0;
}

int ingest_encoding_family(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return 0;
    if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
        return 1;
    static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252",
                                        "cp1252", "us-ascii", "ascii", "iso-8859-15", "latin9", NULL};
    for (size_t i = 0; latin[i] != NULL; i++)
        if (strcasecmp(name, latin[i]) == 0)
            return 2;
    return 0;
}
