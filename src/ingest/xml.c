/* xml.c: XML that is neither HTML nor Formex (an export, a feed, a
 * register), read with libxml2's streaming reader.
 *
 * Nothing says which elements flow within a line, so every tag is a word
 * break and the text is one line; the first element named "title" (in any
 * namespace or case) gives the title, and its text stays in the body too,
 * since nothing says it is not content. */
#include "ingest/ingest_internal.h"

#include <libxml/xmlreader.h>
#include <string.h>
#include <strings.h>

int xml_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding)
{
    xml_errors errs;
    xmlTextReaderPtr rd = markup_xml_reader(s, n, encoding, &errs);
    if (rd == NULL) {
        ingest_nomem(r);
        return -1;
    }
    text_out body, title;
    acq_buf title_buf = {0};
    text_init(&body, &a->text, 1);
    text_init(&title, &title_buf, 1);
    int title_depth = -1, title_done = 0;
    int ret;
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) {
            text_break(&body, TEXT_SPACE);
            const char *local = (const char *)xmlTextReaderConstLocalName(rd);
            int is_title = local != NULL && strcasecmp(local, "title") == 0;
            if (type == XML_READER_TYPE_ELEMENT && is_title && !title_done && title_depth < 0 &&
                !xmlTextReaderIsEmptyElement(rd))
                title_depth = xmlTextReaderDepth(rd);
            else if (type == XML_READER_TYPE_END_ELEMENT && title_depth >= 0 && xmlTextReaderDepth(rd) == title_depth) {
                title_depth = -1;
                title_done = 1;
            }
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v == NULL)
                continue;
            text_put(&body, v, strlen(v));
            if (title_depth >= 0)
                text_put(&title, v, strlen(v));
        }
    }
    xmlFreeTextReader(rd);
    act_meta_set(a, M_TITLE, (const char *)title_buf.data, title_buf.len, TRUST_METADATA);
    int failed = title_buf.failed;
    acq_buf_free(&title_buf);
    if (errs.nomem || failed) {
        ingest_nomem(r);
        return -1;
    }
    if (ret < 0 || errs.count > 0) {
        char where[300];
        markup_error_text(&errs, where, sizeof where);
        ingest_problem(r, path, 0, "not well-formed XML (%s): fix the file or download it again", where);
        return -1;
    }
    return 0;
}
