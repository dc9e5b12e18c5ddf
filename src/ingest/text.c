/* text.c: plain text out of markup, for every markup reader (html.c,
 * eurlex_html.c, formex.c, xml.c).
 *
 * Whitespace is collapsed as a browser would: a run of spaces, tabs, line
 * breaks and no-break spaces becomes one space. Readers ask for breaks
 * between elements (a space between table cells, a line after a paragraph)
 * and the strongest one asked for is written, once, only when more text
 * follows; so the result never starts or ends with whitespace and
 * paragraphs come out as lines, like the texts of the JSON Lines corpora.
 *
 * A "glue" request turns the next line break into a space: a list number
 * such as "(a)" or "1." stays on the line of the text it numbers. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <string.h>

void text_init(text_out *t, acq_buf *b, int one_line)
{
    memset(t, 0, sizeof *t);
    t->b = b;
    t->one_line = one_line;
}

void text_break(text_out *t, int kind)
{
    if (kind == TEXT_LINE && t->glue)
        kind = TEXT_SPACE;
    if (kind > t->pending)
        t->pending = kind;
}

void text_glue(text_out *t)
{
    t->glue = 1;
    if (t->pending == TEXT_LINE)
        t->pending = TEXT_SPACE;
}

/* Writes bytes that hold no whitespace, after the pending break. libxml2
 * promises UTF-8 but passes through bytes it could not convert (a file that
 * declares an encoding it does not know, with broken markup around it): each
 * invalid sequence becomes U+FFFD, so that every document ingest delivers is
 * valid UTF-8 and none is lost to the writer's check. The file has already
 * been named in a warning about its markup. */
static void put_word(text_out *t, const char *s, size_t n)
{
    if (t->pending != TEXT_NONE && t->b->len > t->mark)
        acq_buf_putc(t->b, t->pending == TEXT_LINE && !t->one_line ? '\n' : ' ');
    t->pending = TEXT_NONE;
    t->glue = 0;
    if (acq_utf8_valid((const uint8_t *)s, n, NULL)) {
        acq_buf_put(t->b, s, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = acq_utf8_decode((const uint8_t *)s + i, n - i, &cp);
        if (len == 0) {
            acq_buf_put(t->b, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            acq_buf_put(t->b, s + i, len);
            i += len;
        }
    }
}

/* Length of the whitespace at s (0 if none): ASCII whitespace and U+00A0,
 * which pages use between words (&nbsp;) as a space that does not wrap. */
static size_t space_at(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && end - s >= 2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

void text_put(text_out *t, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        size_t w = space_at(s, end);
        if (w) {
            text_break(t, TEXT_SPACE);
            s += w;
            continue;
        }
        /* a word: up to the next byte that may start whitespace (<= ' ', or 0xC2 of U+00A0) */
        const char *q = s + 1;
        for (;;) {
            while (q < end && (unsigned char)*q > ' ' && (unsigned char)*q != 0xC2)
                q++;
            if (q < end && space_at(q, end) == 0) {
                q++; /* a control byte, or 0xC2 of another letter: part of the word */
                continue;
            }
            break;
        }
        put_word(t, s, (size_t)(q - s));
        s = q;
    }
}

void text_puts(text_out *t, const char *s) { text_put(t, s, strlen(s)); }

void text_start_at_mark(text_out *t)
{
    t->mark = t->b->len;
    t->pending = TEXT_NONE;
    t->glue = 0;
}

size_t text_trim(const char *s, size_t n, size_t *start)
{
    size_t a = 0, b = n;
    while (a < b && space_at(s + a, s + b))
        a += space_at(s + a, s + b);
    while (b > a && ((unsigned char)s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r' ||
                     (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && (unsigned char)s[b - 1] == 0xA0))) {
        b -= (unsigned char)s[b - 1] == 0xA0 ? 2 : 1;
    }
    *start = a;
    return b - a;
}
