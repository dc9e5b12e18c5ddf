/* html_walk.h: the walk over a parsed HTML page that html.c runs and
 * eurlex_html.c steers; shared by those two files only.
 *
 * html.c visits every node in document order without recursion (a page
 * nested a million levels deep costs memory, never the C stack) and turns
 * text into lines; for a page from EUR-Lex, eurlex_html.c is asked about
 * each element on the way in and out: where the text of an element goes
 * (the body, the title, a footnote, nowhere) and where recitals, articles
 * and annexes start and end. */
#ifndef ACQ_INGEST_HTML_WALK_H
#define ACQ_INGEST_HTML_WALK_H

#include "ingest/ingest_internal.h"

#include <libxml/tree.h>

/* Where text goes. */
enum { SINK_BODY, SINK_TITLE, SINK_NOTE, SINK_NONE };

/* What eurlex_enter() answers. */
enum { WALK_DESCEND, WALK_SKIP };

/* Flags an element's frame carries until the walk leaves it (eurlex_html.c). */
enum {
    FRAME_PART = 1,       /* it opened a part that ends with it */
    FRAME_HEADING = 2,    /* its text is the open part's heading */
    FRAME_SUBTITLE = 4,   /* ... or its subtitle */
    FRAME_NOTE = 8,       /* it is a footnote */
    FRAME_TITLE_END = 16, /* the act's title ends with it */
    FRAME_REGION_END = 32 /* the document's text ends with it */
};

enum { PAGE_PLAIN, PAGE_OJ, PAGE_CONSOLIDATED };

typedef struct anchor {
    char id[64];          /* the footnote a marker points to */
    size_t part;          /* the part the marker is in (index + 1, 0 none) */
} anchor;

typedef struct html_walk {
    ingest_run *r;
    act *a;
    text_out body, title, note;
    acq_buf title_buf;
    int sink;
    int page;             /* PAGE_* */
    int oj_old;           /* an Official Journal page from before CONVEX: its classes lack "oj-" */
    /* The document's text runs from entering region_first to leaving
     * region_last (eurlex_detect finds them); body text outside is page
     * chrome. NULL: the whole page. */
    xmlNode *region_first, *region_last;
    int in_region;
    int title_done;       /* the act's title has been read */
    /* act.text's length when the current heading or subtitle began, and
     * act.notes's when the current footnote began: two marks, since broken
     * markup nests a heading in a footnote or a footnote in a heading, and
     * one shared mark then sliced one buffer at the other's offset (through
     * a character: text that was not UTF-8, found by fuzz_markup) */
    size_t text_mark, note_mark;
    int frame_flags;      /* set by eurlex_enter for the element entered */
    anchor *anchors;
    size_t nanchors, anchors_cap;
} html_walk;

/* The text output of a sink, or NULL for SINK_NONE. */
text_out *walk_out(html_walk *w);
/* The value of an attribute (libxml2 string, caller frees with xmlFree), or NULL. */
char *walk_attr(xmlNode *n, const char *name);
/* The same without a copy: valid as long as the tree; NULL if absent. */
const char *walk_attr_ref(xmlNode *n, const char *name);
/* 1 if the class list `classes` (may be NULL) holds `cls` (or a class starting with it). */
int walk_class_in(const char *classes, const char *cls, int prefix);
/* 1 if the element's class attribute holds the class token `cls`. */
int walk_has_class(xmlNode *n, const char *cls);
/* 1 if a class token of the element starts with `prefix`. */
int walk_class_prefix(xmlNode *n, const char *prefix);
/* The element's text content, whitespace collapsed, into b. */
void walk_text(xmlNode *n, acq_buf *b);

#endif
