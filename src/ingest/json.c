/* json.c: parses one line of a JSON Lines file into an acq_document.
 *
 * The parser works in place on the reader's line buffer: a string without
 * escapes is handed out as a pointer into the line (the common case for ids,
 * dates, urls), and a string with escapes is decoded over itself, which is
 * safe because a decoded escape is never longer than its source ("\n" -> 1
 * byte, "\uXXXX" -> at most 3, a surrogate pair of 12 -> 4). So parsing
 * allocates nothing and touches each byte about once.
 *
 * Values of unknown fields are checked against the JSON grammar and skipped
 * with an explicit stack, not recursion, so "[[[[..." cannot overflow the C
 * stack. Every error names the 1-based byte column where it was found. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Deeper nesting than this in an unknown field is rejected: no real document
 * needs it, and the bound keeps the skip stack a small local array. */
#define JSON_MAX_DEPTH 512

typedef struct json_parser {
    char *line;        /* start of the line, for columns */
    char *p;           /* cursor */
    char *end;
    char *msg;
    size_t msg_size;
} json_parser;

static int fail(json_parser *j, const char *at, const char *fmt, ...) ACQ_PRINTF(3, 4);

static int fail(json_parser *j, const char *at, const char *fmt, ...)
{
    int n = snprintf(j->msg, j->msg_size, "malformed JSON at column %zu: ", (size_t)(at - j->line) + 1);
    if (n < 0 || (size_t)n >= j->msg_size)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->msg + n, j->msg_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* "expected X" at the cursor, saying whether the line ended too early (a
 * truncated line) or what was found instead. */
static int expected(json_parser *j, const char *what)
{
    if (j->p >= j->end)
        return fail(j, j->p, "the line ends too early (truncated?): expected %s", what);
    unsigned char c = (unsigned char)*j->p;
    if (c > 0x20 && c < 0x7F)
        return fail(j, j->p, "expected %s, found '%c'", what, c);
    return fail(j, j->p, "expected %s", what);
}

static inline void skip_ws(json_parser *j)
{
    char *p = j->p;
    while (p < j->end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    j->p = p;
}

/* Nonzero when one of the 8 bytes in w is '"', '\\' or below 0x20: the bytes
 * that end the fast scan of a string. Classic SWAR "has zero byte" and "has
 * byte less than n" tests, exact for presence; which byte it is, the byte loop
 * in find_special() finds, so byte order does not matter. */
static inline uint64_t special_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * '"');
    uint64_t b = w ^ (ones * '\\');
    return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) & highs;
}

static inline int is_special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

/* The first '"', '\\' or control byte in [r, end), or end. */
static inline char *find_special(char *r, const char *end)
{
    while (end - r >= 8) {
        uint64_t w;
        memcpy(&w, r, 8);
        if (special_bytes(w))
            break;
        r += 8;
    }
    while (r < end && !is_special((unsigned char)*r))
        r++;
    return r;
}

static int hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static int unterminated(json_parser *j, const char *open_quote)
{
    return fail(j, j->end, "the line ends inside the string that starts at column %zu (truncated?)",
                (size_t)(open_quote - j->line) + 1);
}

/* Parses the string whose opening quote is at the cursor, decoding escapes in
 * place. *out points into the line (or to ingest_empty for ""). */
static int parse_string(json_parser *j, const char **out, size_t *out_len)
{
    char *quote = j->p;
    char *start = quote + 1;
    char *end = j->end;
    char *r = find_special(start, end);
    if (r < end && *r == '"') { /* no escapes: zero copy */
        *out = r > start ? start : ingest_empty;
        *out_len = (size_t)(r - start);
        j->p = r + 1;
        return 0;
    }
    char *w = r;
    for (;;) {
        if (r >= end)
            return unterminated(j, quote);
        unsigned char c = (unsigned char)*r;
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(j, r, "control character U+%04X inside a string (it must be written as an escape)", c);
        /* a backslash */
        if (end - r < 2)
            return unterminated(j, quote);
        switch (r[1]) {
        case '"': *w++ = '"'; r += 2; break;
        case '\\': *w++ = '\\'; r += 2; break;
        case '/': *w++ = '/'; r += 2; break;
        case 'b': *w++ = '\b'; r += 2; break;
        case 'f': *w++ = '\f'; r += 2; break;
        case 'n': *w++ = '\n'; r += 2; break;
        case 'r': *w++ = '\r'; r += 2; break;
        case 't': *w++ = '\t'; r += 2; break;
        case 'u': {
            uint32_t cp, lo;
            if (end - r < 6 || hex4(r + 2, &cp) != 0)
                return fail(j, r, "expected 4 hex digits after \\u");
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(j, r, "lone surrogate \\u%04X in a string (a low surrogate with no high one before it)",
                            (unsigned)cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (end - r < 12 || r[6] != '\\' || r[7] != 'u' || hex4(r + 8, &lo) != 0 || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return fail(j, r, "lone surrogate \\u%04X in a string (a high surrogate must be followed "
                                      "by a low surrogate escape \\uDC00..\\uDFFF)", (unsigned)cp);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 12;
            } else {
                r += 6;
            }
            w += acq_utf8_encode(cp, (uint8_t *)w);
            break;
        }
        default: {
            unsigned char e = (unsigned char)r[1];
            if (e > 0x20 && e < 0x7F)
                return fail(j, r, "invalid escape \\%c in a string", e);
            return fail(j, r, "invalid escape in a string (a backslash must be followed by one of \"\\/bfnrtu)");
        }
        }
        char *q = find_special(r, end);
        memmove(w, r, (size_t)(q - r));
        w += q - r;
        r = q;
    }
    *out = w > start ? start : ingest_empty;
    *out_len = (size_t)(w - start);
    j->p = r + 1;
    return 0;
}

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_number(json_parser *j)
{
    char *q = j->p;
    const char *end = j->end;
    if (q < end && *q == '-')
        q++;
    if (q >= end || !is_digit(*q)) {
        j->p = q;
        return expected(j, "a digit");
    }
    if (*q == '0')
        q++;
    else
        while (q < end && is_digit(*q))
            q++;
    if (q < end && *q == '.') {
        q++;
        if (q >= end || !is_digit(*q)) {
            j->p = q;
            return expected(j, "a digit after the decimal point");
        }
        while (q < end && is_digit(*q))
            q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-'))
            q++;
        if (q >= end || !is_digit(*q)) {
            j->p = q;
            return expected(j, "a digit in the exponent");
        }
        while (q < end && is_digit(*q))
            q++;
    }
    j->p = q;
    return 0;
}

static int parse_literal(json_parser *j, const char *word, size_t n)
{
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return fail(j, j->p, "expected a value (a string, number, object, array, true, false or null)");
    j->p += n;
    return 0;
}

/* Checks and skips one value of any type (an unknown field's). */
static int skip_value(json_parser *j)
{
    unsigned char stack[JSON_MAX_DEPTH]; /* '{' or '[' per open level */
    size_t depth = 0;
    const char *s;
    size_t n;

value:
    skip_ws(j);
    if (j->p >= j->end)
        return expected(j, "a value");
    switch (*j->p) {
    case '"':
        if (parse_string(j, &s, &n) != 0)
            return -1;
        goto after_value;
    case '{':
    case '[':
        if (depth == JSON_MAX_DEPTH)
            return fail(j, j->p, "nested deeper than %d levels", JSON_MAX_DEPTH);
        stack[depth++] = (unsigned char)*j->p++;
        skip_ws(j);
        if (j->p < j->end && *j->p == (stack[depth - 1] == '{' ? '}' : ']')) {
            j->p++;
            depth--;
            goto after_value;
        }
        if (stack[depth - 1] == '[')
            goto value;
        goto member;
    case 't':
        if (parse_literal(j, "true", 4) != 0)
            return -1;
        goto after_value;
    case 'f':
        if (parse_literal(j, "false", 5) != 0)
            return -1;
        goto after_value;
    case 'n':
        if (parse_literal(j, "null", 4) != 0)
            return -1;
        goto after_value;
    default:
        if (*j->p == '-' || is_digit(*j->p)) {
            if (parse_number(j) != 0)
                return -1;
            goto after_value;
        }
        return expected(j, "a value (a string, number, object, array, true, false or null)");
    }

member:
    skip_ws(j);
    if (j->p >= j->end || *j->p != '"')
        return expected(j, "a key (a string in double quotes)");
    if (parse_string(j, &s, &n) != 0)
        return -1;
    skip_ws(j);
    if (j->p >= j->end || *j->p != ':')
        return expected(j, "':' after a key");
    j->p++;
    goto value;

after_value:
    if (depth == 0)
        return 0;
    skip_ws(j);
    if (j->p < j->end) {
        char c = *j->p;
        if (c == ',') {
            j->p++;
            if (stack[depth - 1] == '{')
                goto member;
            goto value;
        }
        if (c == (stack[depth - 1] == '{' ? '}' : ']')) {
            j->p++;
            depth--;
            goto after_value;
        }
    }
    return expected(j, stack[depth - 1] == '{' ? "',' or '}' in an object" : "',' or ']' in an array");
}

/* The acq_document field a known key fills, or -1. */
typedef struct field_ref {
    size_t ptr, len; /* offsets in acq_document */
} field_ref;

#define FIELD(f) { offsetof(acq_document, f), offsetof(acq_document, f##_len) }
enum { F_ID, F_TITLE, F_TEXT, F_LANG, F_DATE, F_TYPE, F_CELEX, F_URL, F_COUNT };
static const field_ref fields[F_COUNT] = {
    FIELD(id), FIELD(title), FIELD(text), FIELD(lang), FIELD(date), FIELD(type), FIELD(celex), FIELD(url),
};
static const char *const field_names[F_COUNT] = {"id", "title", "text", "lang", "date", "type", "celex", "url"};

static int field_of(const char *k, size_t n)
{
    switch (n) {
    case 2: return memcmp(k, "id", 2) == 0 ? F_ID : -1;
    case 3: return memcmp(k, "url", 3) == 0 ? F_URL : -1;
    case 4:
        if (memcmp(k, "text", 4) == 0) return F_TEXT;
        if (memcmp(k, "lang", 4) == 0) return F_LANG;
        if (memcmp(k, "date", 4) == 0) return F_DATE;
        if (memcmp(k, "type", 4) == 0) return F_TYPE;
        return -1;
    case 5:
        if (memcmp(k, "title", 5) == 0) return F_TITLE;
        if (memcmp(k, "celex", 5) == 0) return F_CELEX;
        return -1;
    default: return -1;
    }
}

static void set_field(acq_document *doc, int f, const char *p, size_t n)
{
    memcpy((char *)doc + fields[f].ptr, &p, sizeof p);
    memcpy((char *)doc + fields[f].len, &n, sizeof n);
}

/* Parses a known field's value: a string or null, or for "id" also a number
 * (its text is the id, so 42 and "42" name the same document). */
static int parse_field(json_parser *j, acq_document *doc, int f)
{
    const char *s;
    size_t n;
    char c = j->p < j->end ? *j->p : 0;
    if (c == '"') {
        if (parse_string(j, &s, &n) != 0)
            return -1;
        set_field(doc, f, s, n);
        return 0;
    }
    if (c == 'n') {
        if (parse_literal(j, "null", 4) != 0)
            return -1;
        set_field(doc, f, NULL, 0);
        return 0;
    }
    if (f == F_ID && (c == '-' || is_digit(c))) {
        char *start = j->p;
        if (parse_number(j) != 0)
            return -1;
        set_field(doc, f, start, (size_t)(j->p - start));
        return 0;
    }
    if (j->p >= j->end)
        return expected(j, "a value");
    return fail(j, j->p, "the value of \"%s\" must be a string%s or null", field_names[f],
                f == F_ID ? ", a number" : "");
}

/* The field name a JSON key becomes, in out[32]: ASCII lowercased, '-',
 * '.' and ' ' made '_'; 0 if it cannot be one (see acq_writer_add_fields). */
static int field_name_of(const char *key, size_t n, char *out)
{
    if (n == 0 || n > 31)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        else if (c == '-' || c == '.' || c == ' ')
            c = '_';
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
        out[i] = c;
    }
    out[n] = '\0';
    return out[0] >= 'a' && out[0] <= 'z';
}

static void add_extra(ingest_fields *fs, const char *name, const char *v, size_t n)
{
    if (fs->n == JSON_MAX_FIELDS)
        return;
    fs->f[fs->n].name = name;
    fs->f[fs->n].value = n ? v : "";
    fs->f[fs->n].value_len = n;
    fs->n++;
}

/* One scalar of an extra field: a string, a number or true/false become a
 * value; null adds nothing. 1 if it was none of them (left unread). */
static int parse_extra_scalar(json_parser *j, ingest_fields *fs, const char *name)
{
    const char *s;
    size_t n;
    char c = j->p < j->end ? *j->p : 0;
    if (c == '"') {
        if (parse_string(j, &s, &n) != 0)
            return -1;
        add_extra(fs, name, s, n);
        return 0;
    }
    if (c == '-' || is_digit(c)) {
        char *start = j->p;
        if (parse_number(j) != 0)
            return -1;
        add_extra(fs, name, start, (size_t)(j->p - start));
        return 0;
    }
    if (c == 't' || c == 'f') {
        int t = c == 't';
        if (parse_literal(j, t ? "true" : "false", t ? 4 : 5) != 0)
            return -1;
        add_extra(fs, name, t ? "true" : "false", t ? 4 : 5);
        return 0;
    }
    if (c == 'n')
        return parse_literal(j, "null", 4);
    return 1;
}

/* An extra field's value: a scalar, or an array of scalars (one value
 * each); anything else (objects, nested arrays) is checked and skipped. */
static int parse_extra(json_parser *j, ingest_fields *fs, const char *key, size_t key_len)
{
    if (fs == NULL || fs->n == JSON_MAX_FIELDS || !field_name_of(key, key_len, fs->names[fs->n]))
        return skip_value(j);
    const char *name = fs->names[fs->n];
    int r = parse_extra_scalar(j, fs, name);
    if (r <= 0)
        return r;
    if (*j->p != '[')
        return skip_value(j);
    /* An array: scalars become values until something else shows up, which
     * is skipped with the rest of the array. */
    char *open = j->p;
    size_t first = fs->n;
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return 0;
    }
    for (;;) {
        skip_ws(j);
        r = parse_extra_scalar(j, fs, name); /* every element shares the name's slot */
        if (r < 0)
            return -1;
        if (r == 1) {
            fs->n = first;
            j->p = open;
            return skip_value(j);
        }
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return 0;
        }
        return expected(j, "',' or ']' in an array");
    }
}

int ingest_json_parse(char *line, size_t len, acq_document *doc, ingest_fields *fields, char *msg, size_t msg_size)
{
    size_t bad;
    if (!acq_utf8_valid((const uint8_t *)line, len, &bad)) {
        snprintf(msg, msg_size, "invalid UTF-8 at byte %zu of the line", bad + 1);
        return -1;
    }
    json_parser j = {line, line, line + len, msg, msg_size};
    memset(doc, 0, sizeof *doc);
    if (fields)
        fields->n = 0;

    skip_ws(&j);
    if (j.p == j.end)
        return 1;
    if (*j.p != '{')
        return fail(&j, j.p, "expected '{': each line must be one JSON object");
    j.p++;
    skip_ws(&j);
    if (j.p < j.end && *j.p == '}') {
        j.p++;
    } else {
        for (;;) {
            const char *key;
            size_t key_len;
            skip_ws(&j);
            if (j.p >= j.end || *j.p != '"')
                return expected(&j, "a key (a string in double quotes)");
            if (parse_string(&j, &key, &key_len) != 0)
                return -1;
            skip_ws(&j);
            if (j.p >= j.end || *j.p != ':')
                return expected(&j, "':' after a key");
            j.p++;
            skip_ws(&j);
            int f = field_of(key, key_len);
            if ((f >= 0 ? parse_field(&j, doc, f) : parse_extra(&j, fields, key, key_len)) != 0)
                return -1;
            skip_ws(&j);
            if (j.p < j.end && *j.p == ',') {
                j.p++;
                continue;
            }
            if (j.p < j.end && *j.p == '}') {
                j.p++;
                break;
            }
            return expected(&j, "',' or '}' after a value");
        }
    }
    skip_ws(&j);
    if (j.p < j.end)
        return fail(&j, j.p, "unexpected characters after the end of the object");
    if (doc->id == NULL) {
        snprintf(msg, msg_size, "missing \"id\"");
        return -1;
    }
    if (doc->id_len == 0) {
        snprintf(msg, msg_size, "missing \"id\" (it is empty)");
        return -1;
    }
    return 0;
}
