/* markup.c: one file of markup, from bytes to documents.
 *
 * The file was read whole (file.c) and recognised (detect.c). Here its
 * bytes are checked against the encoding it declares, the reader for its
 * kind builds the act (html.c, formex.c, package.c, xml.c), an act in an
 * EUR-Lex format gets what its file name and a meta.json beside it say
 * about fields its own markup left empty, and act.c delivers it.
 *
 * Encodings: a file that declares UTF-8, or nothing, must be UTF-8; one that
 * is not (Latin-1 bytes in a page that says UTF-8) is named in a warning and
 * skipped, since guessing would put wrong letters in the index. A file that
 * declares Latin-1 or windows-1252 but whose bytes are UTF-8 (the other
 * common mistake, made by tools that rewrite a page and keep its old
 * declaration) is read as UTF-8, with a warning: Latin-1 text is almost
 * never valid UTF-8 by chance. Other declared encodings are converted by
 * libxml2. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <stdio.h>
#include <string.h>

const char *markup_encoding(ingest_run *r, const char *path, const char *s, size_t n, const sniff *sn, int *bad)
{
    *bad = 0;
    int family = ingest_encoding_family(sn->encoding);
    size_t bad_at = 0;
    if (sn->encoding[0] == '\0' || family == 1) {
        if (!acq_utf8_valid((const uint8_t *)s, n, &bad_at)) {
            ingest_problem(r, path, 0,
                           "invalid UTF-8 at byte %zu, though the file %s: if it is Latin-1 or windows-1252, "
                           "declare that encoding in it or convert it (iconv -f windows-1252 -t utf-8)",
                           bad_at + 1, sn->encoding[0] ? "declares UTF-8" : "declares no other encoding");
            *bad = 1;
            return NULL;
        }
        return "UTF-8";
    }
    if (family == 2) {
        int ascii = 1;
        for (size_t i = 0; i < n && ascii; i++)
            ascii = (unsigned char)s[i] < 0x80;
        if (!ascii && acq_utf8_valid((const uint8_t *)s, n, NULL)) {
            ingest_warning(r, path, "declares %s but its bytes are UTF-8 (read as declared, \xC3\xA9 would become "
                                    "\xC3\x83\xC2\xA9): read as UTF-8; correct its declaration",
                           sn->encoding);
            return "UTF-8";
        }
    }
    return NULL;
}

/* An entity declaration in the prolog: documents are untrusted, and acquis
 * expands no entities, so such a file is refused rather than read half. */
static int declares_entities(const char *s, size_t n, const sniff *sn)
{
    if (sn->kind == SNIFF_HTML)
        return 0;
    size_t limit = n < 65536 ? n : 65536;
    for (size_t i = 0; i + 8 <= limit; i++) {
        if (s[i] == '<' && s[i + 1] != '!' && s[i + 1] != '?')
            return 0; /* the root element: past the prolog */
        if (memcmp(s + i, "<!ENTITY", 8) == 0)
            return 1;
    }
    return 0;
}

int ingest_markup(ingest_run *r, const char *path, const char *id, const sniff *sn)
{
    const char *s = (const char *)r->file.data;
    size_t n = r->file.len;
    if (n > MARKUP_MAX_SIZE) {
        ingest_problem(r, path, 0, "%zu MB of markup is more than the %llu MB acquis reads as one document",
                       n >> 20, (unsigned long long)(MARKUP_MAX_SIZE >> 20));
        return r->rc;
    }
    int bad;
    const char *encoding = markup_encoding(r, path, s, n, sn, &bad);
    if (bad)
        return r->rc;
    if (declares_entities(s, n, sn)) {
        ingest_problem(r, path, 0, "declares XML entities in a DOCTYPE, which acquis does not expand in documents "
                                   "from outside: remove the declarations or expand them first");
        return r->rc;
    }
    act *a = act_get(r);
    if (a == NULL)
        return ingest_nomem(r);
    int rc;
    if (sn->kind == SNIFF_HTML) {
        rc = html_read(r, a, path, s, n, encoding);
    } else if (sn->kind == SNIFF_FORMEX && strcmp(sn->root, "DOC") == 0) {
        rc = package_read(r, a, path, s, n, encoding);
    } else if (sn->kind == SNIFF_FORMEX && strcmp(sn->root, "PUBLICATION") == 0) {
        ingest_problem(r, path, 0, "an Official Journal's table of contents (Formex PUBLICATION), which holds no act; "
                                   "its acts are in the files it names");
        return r->rc;
    } else if (sn->kind == SNIFF_FORMEX) {
        rc = formex_read(r, a, path, s, n, encoding);
    } else {
        rc = xml_read(r, a, path, s, n, encoding);
    }
    if (rc != 0)
        return r->rc;
    if (a->eurlex) {
        meta_from_path(a, path);
        sidecar_apply(r, a, path);
        meta_finish(a);
    }
    return act_emit(r, a, path, id);
}
