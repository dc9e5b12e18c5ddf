/* eurlex_html.c: what a page from EUR-Lex adds to the walk of html.c.
 *
 * Three kinds of page come out of EUR-Lex, all XHTML but none well-formed
 * XML for sure, so they go through the HTML parser like any page:
 *
 *  - the Official Journal's XHTML (CONVEX; classes "oj-*", and since 2014
 *    "eli-*" divisions with ids art_5, rct_12, anx_I; older pages have the
 *    same classes without "oj-", "doc-ti", "ti-art"): the header table
 *    gives the language and the Official Journal's date, the title is the
 *    "oj-doc-ti" paragraphs of the main title, footnotes are "oj-note"
 *    paragraphs at the end;
 *  - consolidated texts (classes "title-doc-first", "title-article-norm",
 *    "norm", ...; the newer ones with the same eli divisions): the page's
 *    <title> and reference line give CELEX number, language and date
 *    ("Consolidated TEXT: 32016L0680 — EN — 04.05.2016"); the text starts
 *    after a box of amendments and ▼B/►M1 markers run through it; older ones
 *    have no divisions, so an article runs from its heading ("Article
 *    premier", "Article 2") to the next;
 *  - whole EUR-Lex web pages: one of the above inside the site's chrome
 *    (menus, scripts, a cookie banner), with a canonical ELI link and
 *    sometimes DC or ELI <meta> elements, which are the most trusted
 *    metadata of all.
 *
 * The document's text runs from its first element in one of these classes
 * to its last one; what lies outside is chrome. The page's own metadata
 * (<meta>, ELI link) beats what its text says (header, title), which beats
 * the file name and meta.json (markup.c). */
#include "ingest/html_walk.h"

#include "common/alloc.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Classes of consolidated texts that no other page is likely to use. */
static const char *const consleg_classes[] = {"title-doc-first", "title-doc-last", "title-article-norm",
                                              "stitle-article-norm", "title-annex-1", NULL};
/* Classes that make an element part of a consolidated text (for its extent). */
static const char *const consleg_extent[] = {"reference", "title-doc-first", "title-doc-last", "title-article-norm",
                                             "stitle-article-norm", "title-annex-1", "title-annex-2", "norm",
                                             "footnote", "title-division-1", "title-division-2", NULL};

static int has_any(const char *cls, const char *const *classes)
{
    for (size_t i = 0; cls != NULL && classes[i] != NULL; i++)
        if (walk_class_in(cls, classes[i], 0))
            return 1;
    return 0;
}

#define HAS(c) walk_class_in(cls, (c), 0)
#define HAS_PREFIX(c) walk_class_in(cls, (c), 1)

/* An Official Journal class: "oj-" + name, or name alone on older pages. */
static int oj_class(const html_walk *w, const char *cls, const char *name, int prefix)
{
    char full[40];
    snprintf(full, sizeof full, "oj-%s", name);
    return walk_class_in(cls, full, prefix) || (w->oj_old && walk_class_in(cls, name, prefix));
}
#define OJ(c) oj_class(w, cls, (c), 0)
#define OJ_PREFIX(c) oj_class(w, cls, (c), 1)

/* Classes of Official Journal pages from before CONVEX (for their extent). */
static const char *const oj_old_extent[] = {"doc-ti", "normal", "ti-art", "sti-art", "note", "hd-date", "hd-lg",
                                            "hd-ti", "hd-oj", "ti-section-1", "ti-section-2", "final",
                                            "signatory", "ti-grseq-1", NULL};

static int is_elem(xmlNode *n, const char *name) { return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0; }

/* Visits every element in document order, without recursion. */
#define FOR_EACH_ELEMENT(root, n)                                                                                 \
    for (xmlNode *n = (root); n != NULL; n = next_element(root, n))                                                \
        if (n->type == XML_ELEMENT_NODE)

static xmlNode *next_element(xmlNode *root, xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE && n->children != NULL)
        return n->children;
    while (n != NULL && n != root && n->next == NULL)
        n = n->parent;
    return n == NULL || n == root ? NULL : n->next;
}

/* ---- the page's own metadata ------------------------------------------------- */

static void set_text(act *a, int field, const char *v, int trust)
{
    if (v != NULL)
        act_meta_set(a, field, v, strlen(v), trust);
}

static void set_celex(act *a, const char *v, int trust)
{
    char celex[32];
    if (v != NULL && meta_celex(v, strlen(v), celex, sizeof celex)) {
        if (celex[0] == '0') /* a consolidated version's number: the act's is sector 3 */
            celex[0] = '3';
        act_meta_set(a, M_CELEX, celex, strlen(celex), trust);
    }
}

static void set_date(act *a, int field, const char *v, int trust)
{
    char date[11];
    if (v != NULL && meta_date(v, strlen(v), date))
        act_meta_set(a, field, date, 10, trust);
}

static void set_lang(act *a, const char *v, int trust)
{
    char two[3];
    if (v != NULL && meta_lang(v, strlen(v), 0, two))
        act_meta_set(a, M_LANG, two, 2, trust);
}

/* <meta name="DC.identifier" content="..."> and <meta property="eli:..." content|resource="..."> */
static void meta_element(act *a, xmlNode *m)
{
    char *name = walk_attr(m, "name");
    if (name == NULL)
        name = walk_attr(m, "property");
    char *content = walk_attr(m, "content");
    if (content == NULL)
        content = walk_attr(m, "resource");
    if (name != NULL && content != NULL) {
        const char *key = name;
        if (strncasecmp(key, "dcterms.", 8) == 0)
            key += 8;
        else if (strncasecmp(key, "dc.", 3) == 0)
            key += 3;
        else if (strncasecmp(key, "eli:", 4) == 0)
            key += 4;
        else
            key = NULL;
        if (key != NULL) {
            if (strcasecmp(key, "identifier") == 0 || strcasecmp(key, "id_local") == 0) {
                set_celex(a, content, TRUST_METADATA);
                if (strstr(content, "/eli/") != NULL)
                    meta_from_eli(a, content, strlen(content), TRUST_METADATA);
            } else if (strcasecmp(key, "title") == 0) {
                set_text(a, M_TITLE, content, TRUST_METADATA);
            } else if (strcasecmp(key, "language") == 0) {
                set_lang(a, content, TRUST_METADATA);
            } else if (strcasecmp(key, "date") == 0 || strcasecmp(key, "date_document") == 0) {
                set_date(a, M_DATE, content, TRUST_METADATA);
            } else if (strcasecmp(key, "type_document") == 0) {
                const char *slash = strrchr(content, '/');
                const char *t = slash ? slash + 1 : content;
                static const char *const known[] = {"REG", "REG_IMPL", "REG_DEL", "DIR", "DIR_IMPL", "DIR_DEL",
                                                    "DEC", "DEC_IMPL", "DEC_DEL", NULL};
                for (size_t i = 0; known[i] != NULL; i++)
                    if (strcmp(t, known[i]) == 0)
                        set_text(a, M_TYPE, t, TRUST_METADATA);
            }
        }
    }
    if (name != NULL)
        xmlFree(name);
    if (content != NULL)
        xmlFree(content);
}

/* "Consolidated TEXT: 32016L0680 — EN — 04.05.2016" and the reference line
 * "02016L0680 — EN — 04.05.2016 — 000.001": the parts between dashes, in any
 * language of the page. */
static void reference_line(act *a, const char *s, int trust)
{
    const char *colon = strchr(s, ':');
    const char *p = colon ? colon + 1 : s;
    int field = 0;
    while (*p && field < 4) {
        const char *q = strstr(p, "\xE2\x80\x94"); /* — */
        size_t n = q ? (size_t)(q - p) : strlen(p);
        char part[64];
        size_t start;
        size_t len = text_trim(p, n, &start);
        if (len < sizeof part) {
            memcpy(part, p + start, len);
            part[len] = '\0';
            if (field == 0)
                set_celex(a, part, trust);
            else if (field == 1)
                set_lang(a, part, trust);
            else if (field == 2)
                set_date(a, M_DATE, part, trust);
        }
        field++;
        if (q == NULL)
            break;
        p = q + 3;
    }
}

static void head_metadata(html_walk *w, xmlNode *root, int page)
{
    act *a = w->a;
    FOR_EACH_ELEMENT(root, n)
    {
        if (is_elem(n, "meta")) {
            meta_element(a, n);
        } else if (is_elem(n, "link")) {
            char *rel = walk_attr(n, "rel"), *href = walk_attr(n, "href");
            if (rel != NULL && href != NULL && strcasecmp(rel, "canonical") == 0) {
                meta_from_eli(a, href, strlen(href), TRUST_METADATA);
                set_text(a, M_URL, href, TRUST_METADATA);
            }
            if (rel != NULL)
                xmlFree(rel);
            if (href != NULL)
                xmlFree(href);
        } else if (is_elem(n, "title") && page == PAGE_CONSOLIDATED) {
            acq_buf b = {0};
            walk_text(n, &b);
            if (b.data != NULL && strstr((const char *)b.data, "\xE2\x80\x94") != NULL)
                reference_line(a, (const char *)b.data, TRUST_TEXT);
            acq_buf_free(&b);
        } else if (is_elem(n, "body")) {
            break;
        }
    }
}

/* ---- recognising the page --------------------------------------------------- */

int eurlex_detect(html_walk *w, xmlDocPtr doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root == NULL)
        return PAGE_PLAIN;
    int oj = 0, consleg = 0, old_title = 0, old_article = 0;
    FOR_EACH_ELEMENT(root, n)
    {
        const char *cls = walk_attr_ref(n, "class");
        if (cls == NULL)
            continue;
        if (HAS("oj-doc-ti") || HAS("oj-normal") || HAS("oj-ti-art"))
            oj = 1;
        else if (has_any(cls, consleg_classes))
            consleg = 1;
        old_title |= HAS("doc-ti");
        old_article |= HAS("ti-art") || HAS("hd-lg");
        if (oj)
            break;
    }
    if (!oj && !consleg && old_title && old_article)
        oj = w->oj_old = 1;
    int page = oj ? PAGE_OJ : consleg ? PAGE_CONSOLIDATED : PAGE_PLAIN;
    if (page == PAGE_PLAIN)
        return page;
    w->a->eurlex = 1;
    /* the extent of the document in the page; for a consolidated text, it
     * starts at its first division, or after the box of amendments (the
     * second separator) in older ones */
    xmlNode *content = NULL;
    int separators = 0;
    FOR_EACH_ELEMENT(root, n)
    {
        const char *cls = walk_attr_ref(n, "class");
        int in = cls != NULL && (page == PAGE_OJ ? (HAS_PREFIX("oj-") || HAS_PREFIX("eli-") ||
                                                    (w->oj_old && has_any(cls, oj_old_extent)))
                                                 : (has_any(cls, consleg_extent) || HAS_PREFIX("eli-")));
        if (in) {
            if (w->region_first == NULL)
                w->region_first = n;
            w->region_last = n;
        }
        if (page == PAGE_CONSOLIDATED && content == NULL) {
            if (HAS("eli-container"))
                content = n;
            else if (is_elem(n, "hr") && HAS("separator") && ++separators == 2)
                content = n;
        }
    }
    if (content != NULL)
        w->region_first = content;
    head_metadata(w, root, page);
    return page;
}

/* ---- the walk ------------------------------------------------------------------ */

static size_t current_part(html_walk *w) { return w->a->open; }

static void add_anchor(html_walk *w, const char *id)
{
    if (acq_grow((void **)&w->anchors, &w->anchors_cap, w->nanchors + 1, sizeof *w->anchors) != 0) {
        w->a->failed = 1;
        return;
    }
    anchor *an = &w->anchors[w->nanchors++];
    snprintf(an->id, sizeof an->id, "%s", id);
    an->part = current_part(w);
}

/* The part whose marker points at the first id inside a footnote. */
static size_t note_part(html_walk *w, xmlNode *note)
{
    FOR_EACH_ELEMENT(note, n)
    {
        const char *id = walk_attr_ref(n, "id");
        if (id == NULL)
            continue;
        for (size_t i = 0; i < w->nanchors; i++)
            if (strcmp(w->anchors[i].id, id) == 0)
                return w->anchors[i].part;
        return 0;
    }
    return 0;
}

/* The part an element with this id opens: art_5, rct_12, anx_I (not
 * art_5.tit_1, the title inside it). */
static int part_of_id(const char *id, const char **label)
{
    static const struct { const char *prefix; int kind; } ids[] = {
        {"art_", PART_ARTICLE}, {"rct_", PART_RECITAL}, {"anx_", PART_ANNEX}};
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(ids[i].prefix);
        if (strncmp(id, ids[i].prefix, k) == 0 && id[k] != '\0' && strchr(id + k, '.') == NULL) {
            *label = id + k;
            return ids[i].kind;
        }
    }
    return PART_NONE;
}

/* "►M2", "▼B", "◄", "►C1": where an amendment or correction starts and
 * ends in a consolidated text, not words of it. */
static int amendment_marker(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (c == NULL)
        return 0;
    size_t start;
    size_t len = text_trim((const char *)c, strlen((const char *)c), &start);
    const char *s = (const char *)c + start;
    int marker = len >= 3 && (memcmp(s, "\xE2\x96\xBA", 3) == 0 || memcmp(s, "\xE2\x96\xBC", 3) == 0 ||
                              memcmp(s, "\xE2\x97\x84", 3) == 0);
    for (size_t i = 3; marker && i < len; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) || i > 8)
            marker = 0;
    xmlFree(c);
    return marker;
}

static void begin_part(html_walk *w, int kind, const char *label)
{
    text_break(&w->body, TEXT_LINE);
    act_part_begin(w->a, kind, label, label ? strlen(label) : 0);
}

/* A part opened by a heading (older pages without divisions) ends at the
 * next heading, at a chapter heading, at the final provisions, or at the
 * footnotes. */
static void end_flat_part(html_walk *w)
{
    act_part *p = act_open_part(w->a);
    if (p != NULL && p->flat)
        act_part_end(w->a);
}

int eurlex_enter(html_walk *w, xmlNode *n)
{
    act *a = w->a;
    const char *cls = walk_attr_ref(n, "class");
    int oj = w->page == PAGE_OJ;
    /* chrome inside the document: the Official Journal's header (read for
     * its date, language and number), consolidated texts' markers, boxes
     * and reference line */
    if (OJ_PREFIX("hd-")) {
        acq_buf b = {0};
        walk_text(n, &b);
        const char *t = b.data ? (const char *)b.data : "";
        if (OJ("hd-date"))
            set_date(a, M_OJDATE, t, TRUST_TEXT);
        else if (OJ("hd-lg"))
            set_lang(a, t, TRUST_TEXT);
        else if (OJ("hd-uniq") && strchr(t, '/') != NULL && strlen(t) < sizeof a->number)
            snprintf(a->number, sizeof a->number, "%s", t);
        acq_buf_free(&b);
        return WALK_SKIP;
    }
    if (!oj) {
        if (HAS("reference")) {
            acq_buf b = {0};
            walk_text(n, &b);
            if (b.data != NULL)
                reference_line(a, (const char *)b.data, TRUST_TEXT);
            acq_buf_free(&b);
            return WALK_SKIP;
        }
        static const char *const chrome[] = {"disclaimer", "arrow", "modref", "hd-modifiers", "title-fam-member",
                                             "title-fam-member-star", "title-doc-oj-reference", "hd-toc-1",
                                             "hd-toc-2", "hd-toc-3", "toc-1", "toc-2", NULL};
        if (has_any(cls, chrome))
            return WALK_SKIP;
        if ((is_elem(n, "a") || is_elem(n, "span")) && amendment_marker(n))
            return WALK_SKIP;
    }
    /* footnote markers "(1)" in the text: remembered for the footnote, not text */
    if (is_elem(n, "a")) {
        const char *href = walk_attr_ref(n, "href"), *id = walk_attr_ref(n, "id");
        if (href != NULL && href[0] == '#' && id != NULL && (strncmp(id, "ntc", 3) == 0 || strncmp(id, "src.", 4) == 0)) {
            add_anchor(w, href + 1);
            if (w->body.pending == TEXT_SPACE) /* "Regions (1)," becomes "Regions," */
                w->body.pending = TEXT_NONE;
            return WALK_SKIP;
        }
    }
    /* footnotes */
    if ((oj ? OJ("note") : HAS("footnote"))) {
        end_flat_part(w);
        w->sink = SINK_NOTE;
        text_start_at_mark(&w->note);
        w->note_mark = a->notes.len;
        w->frame_flags |= FRAME_NOTE;
        return WALK_DESCEND;
    }
    /* the act's title; without divisions, it ends where the text starts */
    if (!w->title_done && w->title_buf.len > 0 && is_elem(n, "p") && !OJ("doc-ti") &&
        !HAS("title-doc-first") && !HAS("title-doc-last"))
        w->title_done = 1;
    int title_para = oj ? OJ("doc-ti")
                        : (HAS("title-doc-first") || HAS("title-doc-last"));
    if (HAS("eli-main-title") || (title_para && act_open_part(a) == NULL && !w->title_done)) {
        if (w->title_done)
            return WALK_SKIP; /* the title again, at the top of a consolidated text */
        w->sink = SINK_TITLE;
        text_break(&w->title, TEXT_LINE);
        if (HAS("eli-main-title") || HAS("title-doc-last"))
            w->frame_flags |= FRAME_TITLE_END;
        return WALK_DESCEND;
    }
    if (title_para && w->title_done && !oj)
        return WALK_SKIP;
    /* parts: divisions with ids, or (older pages) headings */
    const char *id = walk_attr_ref(n, "id");
    const char *label = NULL;
    int kind = id != NULL ? part_of_id(id, &label) : PART_NONE;
    if (kind != PART_NONE && is_elem(n, "div")) {
        begin_part(w, kind, label);
        w->frame_flags |= FRAME_PART;
    }
    int final = id != NULL && strncmp(id, "fnp_", 4) == 0;
    if (final || OJ("final") || HAS("title-division-1") ||
        OJ("ti-section-1"))
        end_flat_part(w);

    act_part *p = act_open_part(a);
    int heading = (oj ? OJ("ti-art") : HAS("title-article-norm")) ? PART_ARTICLE
                  : (oj ? OJ("doc-ti") && w->title_done : HAS("title-annex-1"))
                      ? PART_ANNEX
                      : PART_NONE;
    int subtitle = (oj ? OJ("sti-art") : HAS("stitle-article-norm")) || HAS("title-annex-2");
    if (heading == PART_ANNEX && p != NULL && p->kind == PART_ANNEX && p->head_len > 0 && p->sub_len == 0 &&
        a->text.len == p->head + p->head_len) {
        subtitle = 1; /* "ANNEX III" then "High-risk AI systems ...": the second line names it */
        heading = PART_NONE;
    }
    if (heading != PART_NONE && !(w->frame_flags & FRAME_PART)) {
        if (p == NULL || p->flat) {
            /* a heading with no division around it opens a part of its own */
            acq_buf b = {0};
            walk_text(n, &b);
            char num[24];
            meta_heading_label(b.data ? (const char *)b.data : "", num, sizeof num);
            acq_buf_free(&b);
            begin_part(w, heading, num);
            p = act_open_part(a);
            if (p != NULL)
                p->flat = 1;
        }
        if (p != NULL && p->head_len == 0) {
            text_break(&w->body, TEXT_LINE);
            w->text_mark = a->text.len;
            w->frame_flags |= FRAME_HEADING;
        }
    } else if (subtitle && p != NULL && p->head_len > 0 && p->sub_len == 0) {
        text_break(&w->body, TEXT_LINE);
        w->text_mark = a->text.len;
        w->frame_flags |= FRAME_SUBTITLE;
    }
    return WALK_DESCEND;
}

void eurlex_leave(html_walk *w, xmlNode *n)
{
    act *a = w->a;
    const char *cls = walk_attr_ref(n, "class");
    int flags = w->frame_flags;
    act_part *p = act_open_part(a);
    if ((flags & FRAME_HEADING) && p != NULL) {
        p->head = w->text_mark;
        p->head_len = a->text.len - w->text_mark;
        if (p->label[0] == '\0' && p->head_len > 0) {
            char num[24];
            acq_buf b = {0};
            acq_buf_put(&b, a->text.data + p->head, p->head_len);
            meta_heading_label(acq_buf_cstr(&b) ? (const char *)b.data : "", num, sizeof num);
            acq_buf_free(&b);
            act_part_label(a, num, strlen(num));
        }
    }
    /* a paragraph's or list item's number stays on the line it numbers: in
     * consolidated texts it has a class, in the Official Journal it is a
     * table cell of its own ("(a)", "1.", "(iii)") */
    if (w->page == PAGE_CONSOLIDATED && (HAS("no-parag") || HAS("grid-list-column-1")))
        text_glue(&w->body);
    if (w->page == PAGE_OJ && is_elem(n, "td") && w->sink == SINK_BODY && n->next != NULL) {
        xmlChar *c = xmlNodeGetContent(n);
        size_t start;
        if (c != NULL && text_trim((const char *)c, strlen((const char *)c), &start) <= 8)
            text_glue(&w->body);
        xmlFree(c);
    }
    if ((flags & FRAME_SUBTITLE) && p != NULL) {
        p->sub = w->text_mark;
        p->sub_len = a->text.len - w->text_mark;
    }
    if (flags & FRAME_PART)
        act_part_end(a);
    if (flags & FRAME_NOTE) {
        act_note_add(a, note_part(w, n), w->note_mark, a->notes.len);
        acq_buf_putc(&a->notes, '\n');
    }
    if (flags & FRAME_TITLE_END)
        w->title_done = 1;
}

void eurlex_done(html_walk *w) { act_title_lines(w->a, &w->title_buf, TRUST_TEXT); }
