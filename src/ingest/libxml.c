/* libxml.c: libxml2 as acquis uses it, set up once for untrusted documents.
 *
 * Documents come from anywhere, so the parsers get options that keep them
 * from reaching outside the bytes they are given: no network (NONET), no
 * substitution of entities (no NOENT: an entity reference stays a
 * reference, so "billion laughs" expands nothing), no DTD loading or
 * validation (no DTDLOAD/DTDATTR/DTDVALID: "xhtml-strict.dtd" in an Official
 * Journal page is never opened), and none of HUGE, so libxml2's own limits
 * hold (256 levels of nesting, 10 MB per text node). markup.c refuses files
 * over MARKUP_MAX_SIZE before they get here, and no entity declaration in
 * a document is expanded.
 *
 * libxml2 would print its errors on stderr; the library never prints, so
 * they are collected per parse (the first one and a count) for a message a
 * person can act on. Errors that every real page has are not counted: an
 * element HTML 4 does not know (libxml2's HTML parser predates <nav> and
 * <section>) and a repeated id attribute. */
#include "ingest/ingest_internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void) { xmlInitParser(); }

void markup_init(void) { pthread_once(&once, init); }

static void record(xml_errors *e, const xmlError *err)
{
    if (err == NULL)
        return;
    if (err->code == XML_ERR_NO_MEMORY) {
        e->nomem = 1;
        return;
    }
    if (err->level < XML_ERR_ERROR || err->code == XML_HTML_UNKNOWN_TAG || err->code == XML_DTD_ID_REDEFINED)
        return;
    if (e->count++ == 0) {
        e->line = err->line;
        e->column = err->int2;
        snprintf(e->first, sizeof e->first, "%s", err->message ? err->message : "malformed markup");
        size_t n = strlen(e->first); /* libxml2's messages end in a newline */
        while (n > 0 && (e->first[n - 1] == '\n' || e->first[n - 1] == ' '))
            e->first[--n] = '\0';
    }
}

static void on_structured_error(void *ctx, xmlErrorPtr err) { record(ctx, err); }

xmlDocPtr markup_parse_html(const char *s, size_t n, const char *encoding, xml_errors *errs)
{
    markup_init();
    memset(errs, 0, sizeof *errs);
    if (n > (size_t)1 << 30)
        return NULL;
    /* The structured error handler is per thread in libxml2: set it around
     * this parse only, and give back whatever the host program had. */
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(errs, on_structured_error);
    htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, encoding,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_COMPACT);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    return doc;
}

xmlDocPtr markup_parse_xhtml(const char *s, size_t n, const char *encoding, xml_errors *errs)
{
    markup_init();
    memset(errs, 0, sizeof *errs);
    if (n > (size_t)1 << 30)
        return NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        errs->nomem = 1;
        return NULL;
    }
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(errs, on_structured_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, s, (int)n, NULL, encoding,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                          XML_PARSE_COMPACT);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    if (doc != NULL && (!ctxt->wellFormed || errs->count > 0)) {
        xmlFreeDoc(doc); /* not well-formed: the HTML parser reads it as browsers do */
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlTextReaderPtr markup_xml_reader(const char *s, size_t n, const char *encoding, xml_errors *errs)
{
    markup_init();
    memset(errs, 0, sizeof *errs);
    if (n > (size_t)1 << 30)
        return NULL;
    xmlTextReaderPtr rd = xmlReaderForMemory(s, (int)n, NULL, encoding,
                                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                                 XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (rd != NULL)
        xmlTextReaderSetStructuredErrorHandler(rd, on_structured_error, errs);
    return rd;
}

void markup_error_text(const xml_errors *e, char *out, size_t size)
{
    if (e->count == 0)
        snprintf(out, size, "malformed markup");
    else if (e->column > 0)
        snprintf(out, size, "line %d, column %d: %s", e->line, e->column, e->first);
    else
        snprintf(out, size, "line %d: %s", e->line, e->first);
}
