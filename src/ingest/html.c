/* html.c: HTML and XML to plain text for indexing.
 *
 * Not a full HTML5 parser: a forgiving single pass that is right for the
 * documents people index (EUR-Lex pages, saved articles, XML exports). It
 * drops tags, comments, doctypes and processing instructions, drops the
 * content of <script> and <style>, keeps CDATA as text, decodes character
 * references and takes the first <title> as the title.
 *
 * Whitespace is collapsed as a browser would, but block elements (<p>, <div>,
 * <li>, headings, ...) end a line, so paragraphs stay apart like the
 * newline-separated texts of the JSON Lines corpora; inline elements (<b>,
 * <a>, <span>, ...) add nothing, so "<b>Eur</b>opol" stays one word. In XML
 * every tag is a word break: there is no telling which elements are inline. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <string.h>
#include <strings.h>

enum { WS_NONE, WS_SPACE, WS_LINE };

/* Appends text with collapsed whitespace: a run of whitespace becomes one
 * space (or one newline if a line break was asked for), and none is written
 * at the start; so the result needs no trimming except at the end. */
typedef struct emitter {
    acq_buf *b;
    int pending;
    int one_line;   /* the title: line breaks become spaces */
} emitter;

static void emit_break(emitter *e, int kind)
{
    if (kind > e->pending)
        e->pending = kind;
}

static void emit(emitter *e, const char *s, size_t n)
{
    if (e->pending != WS_NONE && e->b->len > 0)
        acq_buf_putc(e->b, e->pending == WS_LINE && !e->one_line ? '\n' : ' ');
    e->pending = WS_NONE;
    acq_buf_put(e->b, s, n);
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* HTML5 maps numeric references in 0x80..0x9F to the windows-1252
 * characters that old pages meant by them (&#150; is an en dash). */
static const uint16_t cp1252[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
    0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x9D, 0x017E, 0x0178,
};

/* Decodes the character reference at p ('&'); returns the byte after it and
 * the code point in *cp, or returns p when it is not one (a lone '&'). */
static const char *entity(const char *p, const char *end, uint32_t *cp)
{
    const char *q = p + 1;
    if (q < end && *q == '#') {
        q++;
        int hex = q < end && (*q == 'x' || *q == 'X');
        if (hex)
            q++;
        uint32_t v = 0;
        const char *digits = q;
        while (q < end && q - digits < 8) {
            char c = *q;
            uint32_t d;
            if (c >= '0' && c <= '9')
                d = (uint32_t)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                d = (uint32_t)(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                d = (uint32_t)(c - 'A' + 10);
            else
                break;
            v = v * (hex ? 16 : 10) + d;
            q++;
        }
        if (q == digits)
            return p;
        if (q < end && *q == ';') /* optional for numbers, as browsers do */
            q++;
        if (v >= 0x80 && v <= 0x9F)
            v = cp1252[v - 0x80];
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        *cp = v;
        return q;
    }
    while (q < end && q - p <= 32 && is_alnum(*q))
        q++;
    if (q == p + 1 || q >= end || *q != ';')
        return p;
    uint32_t v = ingest_html_entity(p + 1, (size_t)(q - p - 1));
    if (v == 0)
        return p;
    *cp = v;
    return q + 1;
}

/* Text between tags: collapses whitespace and, if entities, decodes them. */
static void text_run(emitter *e, const char *p, const char *end, int entities)
{
    while (p < end) {
        if (is_ws(*p)) {
            emit_break(e, WS_SPACE);
            p++;
            continue;
        }
        if (*p == '&' && entities) {
            uint32_t cp;
            const char *q = entity(p, end, &cp);
            if (q != p) {
                if (cp == 0xA0) { /* &nbsp; separates words like a space */
                    emit_break(e, WS_SPACE);
                } else {
                    uint8_t u[4];
                    emit(e, (const char *)u, acq_utf8_encode(cp, u));
                }
                p = q;
                continue;
            }
        }
        const char *q = p + 1;
        while (q < end && !is_ws(*q) && !(*q == '&' && entities))
            q++;
        emit(e, p, (size_t)(q - p));
        p = q;
    }
}

/* The first occurrence of the ASCII string s (case-insensitive) in [p, end). */
static const char *find_ci(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    while ((size_t)(end - p) >= n) {
        const char *lt = memchr(p, s[0], (size_t)(end - p - (ptrdiff_t)n + 1));
        if (lt == NULL)
            return NULL;
        if (strncasecmp(lt, s, n) == 0)
            return lt;
        p = lt + 1;
    }
    return NULL;
}

/* The end of the markup starting at p: after "end_mark", or the input's end. */
static const char *skip_past(const char *p, const char *end, const char *end_mark)
{
    const char *q = find_ci(p, end, end_mark);
    return q ? q + strlen(end_mark) : end;
}

/* Elements that flow within a line: no break around them. */
static int is_inline(const char *name)
{
    static const char *const names[] = {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike",
        "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

static int break_for(const char *name, int xml)
{
    if (xml)
        return WS_SPACE;
    if (is_inline(name))
        return WS_NONE;
    if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0 || strcmp(name, "img") == 0)
        return WS_SPACE;
    return WS_LINE;
}

typedef struct html_state {
    emitter text, title;
    int xml;
    int have_title;
} html_state;

/* Handles the markup at p ('<'); returns the byte after it. */
static const char *markup(html_state *h, const char *p, const char *end)
{
    const char *q = p + 1;
    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
        return skip_past(p + 4, end, "-->");
    if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
        const char *close = find_ci(p + 9, end, "]]>");
        text_run(&h->text, p + 9, close ? close : end, 0);
        return close ? close + 3 : end;
    }
    if (q < end && (*q == '!' || *q == '?'))
        return skip_past(q, end, ">");
    int closing = q < end && *q == '/';
    if (closing)
        q++;
    if (q >= end || !is_alpha(*q)) { /* "a < b": a plain '<' */
        emit(&h->text, "<", 1);
        return p + 1;
    }
    char name[16];
    size_t n = 0;
    const char *name_end = q;
    while (name_end < end && (is_alnum(*name_end) || *name_end == '-' || *name_end == ':' || *name_end == '_' ||
                              *name_end == '.')) {
        if (n + 1 < sizeof name)
            name[n++] = (char)(*name_end | 0x20); /* ASCII lower case */
        name_end++;
    }
    name[n] = '\0';
    if ((size_t)(name_end - q) >= sizeof name)
        name[0] = '\0'; /* too long to be one we know */

    /* find the '>' that ends the tag, stepping over quoted attribute values */
    const char *t = name_end;
    char quote = 0;
    while (t < end && (quote || *t != '>')) {
        if (quote && *t == quote)
            quote = 0;
        else if (!quote && (*t == '"' || *t == '\''))
            quote = *t;
        t++;
    }
    if (t >= end)
        return end; /* an unfinished tag at the end: dropped */
    int self_closing = t[-1] == '/';
    const char *after = t + 1;

    emit_break(&h->text, break_for(name, h->xml));
    if (closing || self_closing)
        return after;
    if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0) {
        const char *close = find_ci(after, end, strcmp(name, "script") == 0 ? "</script" : "</style");
        return close ? skip_past(close, end, ">") : end;
    }
    if (strcmp(name, "title") == 0 && !h->have_title) {
        const char *close = find_ci(after, end, "</title");
        const char *stop = close ? close : end;
        h->have_title = 1;
        text_run(&h->title, after, stop, 1);
        if (h->xml) /* in XML a title is content too */
            return after;
        return close ? skip_past(close, end, ">") : end;
    }
    return after;
}

int ingest_html_to_text(const char *s, size_t n, int xml, acq_buf *text, acq_buf *title)
{
    acq_buf_reset(text);
    acq_buf_reset(title);
    html_state h = {{text, WS_NONE, 0}, {title, WS_NONE, 1}, xml, 0};
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (lt == NULL)
            lt = end;
        text_run(&h.text, p, lt, 1);
        if (lt == end)
            break;
        p = markup(&h, lt, end);
    }
    if (text->failed || title->failed) {
        text->failed = title->failed = 0; /* reusable; the caller reports it */
        return -1;
    }
    return 0;
}
