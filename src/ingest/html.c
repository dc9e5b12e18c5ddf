/* html.c: HTML pages to plain text through libxml2's HTML parser.
 *
 * libxml2 does what the hand-written reader this replaces did only in part:
 * it parses broken markup as browsers do (unclosed paragraphs, stray end
 * tags, unquoted attributes), knows every named character reference, and
 * converts the encoding a page declares. This file walks the tree it builds:
 *
 *  - the text of <script>, <style>, <noscript>, <template> and form controls
 *    is never text, nor is navigation: <nav>, <aside>, and <header> and
 *    <footer> outside an <article> or <main>, nor what ARIA marks as
 *    navigation, banner, search or content info;
 *  - block elements (<p>, <div>, <li>, headings, rows, <br>) end a line, so
 *    paragraphs stay apart like the lines of the JSON Lines corpora; inline
 *    elements (<b>, <a>, <span>, ...) add nothing, so "<b>Eur</b>opol" is one
 *    word; table cells and images are a space;
 *  - the first <title> is the title; <html lang> gives the language.
 *
 * A page from EUR-Lex (eurlex_html.c recognises it) is steered further: its
 * chrome is left out, its title, CELEX number, date and language are read
 * from the page, and its recitals, articles and annexes are marked. */
#include "ingest/html_walk.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

text_out *walk_out(html_walk *w)
{
    switch (w->sink) {
    case SINK_BODY: return &w->body;
    case SINK_TITLE: return &w->title;
    case SINK_NOTE: return &w->note;
    default: return NULL;
    }
}

char *walk_attr(xmlNode *n, const char *name) { return (char *)xmlGetProp(n, (const xmlChar *)name); }

const char *walk_attr_ref(xmlNode *n, const char *name)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (strcasecmp((const char *)a->name, name) != 0)
            continue;
        /* the HTML parser gives an attribute one text node */
        return a->children != NULL && a->children->type == XML_TEXT_NODE && a->children->content != NULL
                   ? (const char *)a->children->content
                   : "";
    }
    return NULL;
}

int walk_class_in(const char *classes, const char *cls, int prefix)
{
    if (classes == NULL)
        return 0;
    size_t k = strlen(cls);
    for (const char *p = classes; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n')
            q++;
        size_t len = (size_t)(q - p);
        if (len > 0 && (prefix ? len >= k && strncmp(p, cls, k) == 0 : len == k && strncmp(p, cls, k) == 0))
            return 1;
        p = q;
    }
    return 0;
}

int walk_has_class(xmlNode *n, const char *cls) { return walk_class_in(walk_attr_ref(n, "class"), cls, 0); }
int walk_class_prefix(xmlNode *n, const char *prefix) { return walk_class_in(walk_attr_ref(n, "class"), prefix, 1); }

void walk_text(xmlNode *n, acq_buf *b)
{
    acq_buf_reset(b);
    xmlChar *c = xmlNodeGetContent(n);
    if (c == NULL)
        return;
    text_out t;
    text_init(&t, b, 1);
    text_puts(&t, (const char *)c);
    acq_buf_cstr(b);
    xmlFree(c);
}

static int name_is(const xmlNode *n, const char *name) { return strcasecmp((const char *)n->name, name) == 0; }

static int name_in(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++)
        if (name_is(n, names[i]))
            return 1;
    return 0;
}

/* Elements whose content is never text to index. */
static int never_text(xmlNode *n)
{
    static const char *const names[] = {"script", "style", "noscript", "template", "iframe", "object", "embed",
                                        "select", "button", "textarea", "svg", "math", "nav", "aside", NULL};
    if (name_in(n, names))
        return 1;
    if (name_is(n, "header") || name_is(n, "footer")) {
        for (xmlNode *p = n->parent; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent)
            if (name_is(p, "article") || name_is(p, "main"))
                return 0;
        return 1;
    }
    const char *role = walk_attr_ref(n, "role");
    return role != NULL && (strcmp(role, "navigation") == 0 || strcmp(role, "banner") == 0 ||
                            strcmp(role, "search") == 0 || strcmp(role, "contentinfo") == 0);
}

static int break_for(xmlNode *n)
{
    static const char *const inline_names[] = {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike",
        "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "label", NULL};
    if (name_in(n, inline_names))
        return TEXT_NONE;
    if (name_is(n, "td") || name_is(n, "th") || name_is(n, "img") || name_is(n, "input"))
        return TEXT_SPACE;
    return TEXT_LINE;
}

static void head_metadata(html_walk *w, xmlNode *root)
{
    /* the title and the language of a plain page; eurlex_detect reads the rest */
    for (xmlNode *h = root->children; h != NULL; h = h->next) {
        if (h->type != XML_ELEMENT_NODE || !name_is(h, "head"))
            continue;
        for (xmlNode *t = h->children; t != NULL; t = t->next) {
            if (t->type == XML_ELEMENT_NODE && name_is(t, "title") && w->page == PAGE_PLAIN) {
                acq_buf b = {0};
                walk_text(t, &b);
                act_meta_set(w->a, M_TITLE, (const char *)b.data, b.len, TRUST_METADATA);
                if (b.failed)
                    w->a->failed = 1;
                acq_buf_free(&b);
                break;
            }
        }
    }
    char *lang = walk_attr(root, "lang");
    if (lang == NULL)
        lang = (char *)xmlGetNsProp(root, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    char two[3];
    if (lang != NULL && meta_lang(lang, strlen(lang), 1, two))
        act_meta_set(w->a, M_LANG, two, 2, TRUST_INFERRED);
    if (lang != NULL)
        xmlFree(lang);
}

/* HTML5 reads the C1 controls U+0080..U+009F that old pages put in numeric
 * references (&#150;) as the windows-1252 characters they meant (an en
 * dash); libxml2 keeps the controls, so they are mapped here. */
static const uint16_t cp1252[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
    0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x9D, 0x017E, 0x0178,
};

static void put_text(text_out *out, const char *s)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)p[0] != 0xC2 || (unsigned char)p[1] < 0x80 || (unsigned char)p[1] > 0x9F)
            continue;
        text_put(out, run, (size_t)(p - run));
        uint8_t u[4];
        size_t n = acq_utf8_encode(cp1252[(unsigned char)p[1] - 0x80], u);
        text_put(out, (const char *)u, n);
        p++;
        run = p + 1;
    }
    text_put(out, run, strlen(run));
}

typedef struct frame {
    xmlNode *n;
    int sink;
    int flags;
} frame;

/* The walk: enter each element, its children, leave it. */
static int walk(html_walk *w, xmlNode *root)
{
    frame *stack = NULL;
    size_t depth = 0, cap = 0;
    xmlNode *n = root;
    while (n != NULL) {
        int descend = 0;
        if (n == w->region_first)
            w->in_region = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text_out *out = walk_out(w);
            if (out != NULL && n->content != NULL && (w->in_region || w->sink != SINK_BODY))
                put_text(out, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !name_is(n, "head") && !never_text(n)) {
            w->frame_flags = n == w->region_last ? FRAME_REGION_END : 0;
            int saved = w->sink;
            int action = w->page != PAGE_PLAIN ? eurlex_enter(w, n) : WALK_DESCEND;
            if (action != WALK_DESCEND && n == w->region_last)
                w->in_region = 0;
            if (action == WALK_DESCEND) {
                text_out *out = walk_out(w);
                if (out != NULL)
                    text_break(out, break_for(n));
                if (acq_grow((void **)&stack, &cap, depth + 1, sizeof *stack) != 0) {
                    acq_free(stack);
                    w->a->failed = 1;
                    return -1;
                }
                stack[depth++] = (frame){n, saved, w->frame_flags};
                descend = n->children != NULL;
                if (!descend) { /* an empty element: left at once */
                    depth--;
                    if (w->page != PAGE_PLAIN) {
                        w->frame_flags = stack[depth].flags;
                        eurlex_leave(w, n);
                    }
                    if (stack[depth].flags & FRAME_REGION_END)
                        w->in_region = 0;
                    w->sink = saved;
                    if (out != NULL)
                        text_break(out, break_for(n));
                }
            } else {
                w->sink = saved;
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* the next node: a sibling, or leave parents until one has a sibling */
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            if (n == NULL || depth == 0 || stack[depth - 1].n != n) {
                n = NULL;
                break;
            }
            depth--;
            if (w->page != PAGE_PLAIN) {
                w->frame_flags = stack[depth].flags;
                eurlex_leave(w, n);
            }
            text_out *out = walk_out(w);
            if (out != NULL)
                text_break(out, break_for(n));
            w->sink = stack[depth].sink;
            if (stack[depth].flags & FRAME_REGION_END)
                w->in_region = 0;
            if (n == root) {
                n = NULL;
                break;
            }
        }
        if (n != NULL)
            n = n == root ? NULL : n->next;
    }
    acq_free(stack);
    return 0;
}

/* XHTML (an XML declaration or the XHTML namespace at the top, no entity
 * declarations) is tried as XML first: the Official Journal's pages are
 * well-formed, and libxml2's XML parser reads them several times faster. */
static int looks_like_xhtml(const char *s, size_t n)
{
    size_t head = n < 4096 ? n : 4096;
    const char *p = s;
    if (head >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int xml = strncmp(p, "<?xml", 5) == 0;
    for (size_t i = 0; i + 8 <= head; i++) {
        if (memcmp(s + i, "<!ENTITY", 8) == 0)
            return 0;
        if (!xml && i + 34 <= head && memcmp(s + i, "xmlns=\"http://www.w3.org/1999/xhtml\"", 34) == 0)
            xml = 1;
    }
    return xml;
}

int html_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding)
{
    xml_errors errs;
    memset(&errs, 0, sizeof errs);
    xmlDocPtr doc = looks_like_xhtml(s, n) ? markup_parse_xhtml(s, n, encoding, &errs) : NULL;
    if (doc == NULL && errs.nomem) {
        ingest_nomem(r);
        return -1;
    }
    if (doc == NULL)
        doc = markup_parse_html(s, n, encoding, &errs);
    if (errs.nomem) {
        xmlFreeDoc(doc);
        ingest_nomem(r);
        return -1;
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root == NULL) {
        xmlFreeDoc(doc);
        ingest_problem(r, path, 0, "no HTML could be read from it (%s)",
                       n == 0 ? "the file is empty" : "libxml2 found no element");
        return -1;
    }
    if (errs.count > 0) {
        char where[300];
        markup_error_text(&errs, where, sizeof where);
        ingest_warning(r, path, "broken HTML markup (%d error%s, the first at %s): indexed what could be read",
                       errs.count, errs.count == 1 ? "" : "s", where);
    }
    html_walk w;
    memset(&w, 0, sizeof w);
    w.r = r;
    w.a = a;
    text_init(&w.body, &a->text, 0);
    text_init(&w.title, &w.title_buf, 0);
    text_init(&w.note, &a->notes, 0);
    w.sink = SINK_BODY;
    w.page = eurlex_detect(&w, doc);
    w.in_region = w.region_first == NULL;
    head_metadata(&w, root);
    int rc = walk(&w, root);
    if (w.page != PAGE_PLAIN)
        eurlex_done(&w);
    acq_buf_free(&w.title_buf);
    acq_free(w.anchors);
    xmlFreeDoc(doc);
    if (rc != 0 || a->failed)
        return ingest_nomem(r), -1;
    return 0;
}
