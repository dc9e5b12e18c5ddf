/* fold.c: case and accent folding (see fold.h). ASCII takes a table-free
 * fast path; anything else goes through utf8proc one code point at a time so
 * that a single odd character does not cost a whole-string allocation. */
#include "analysis/fold.h"
#include "analysis/charclass.h"
#include "common/alloc.h"
#include "common/utf8.h"

#include <utf8proc.h>

/* Latin letters without a canonical decomposition, folded to their base. */
static const char *special_fold(uint32_t cp)
{
    switch (cp) {
    case 0x00D8: case 0x00F8: return "o";   /* Ø ø */
    case 0x0141: case 0x0142: return "l";   /* Ł ł */
    case 0x0110: case 0x0111: return "d";   /* Đ đ */
    case 0x00D0: case 0x00F0: return "d";   /* Ð ð */
    case 0x0126: case 0x0127: return "h";   /* Ħ ħ */
    case 0x0131: return "i";                /* dotless ı */
    case 0x00C6: case 0x00E6: return "ae";  /* Æ æ */
    case 0x0152: case 0x0153: return "oe";  /* Œ œ */
    case 0x00DE: case 0x00FE: return "th";  /* Þ þ */
    case 0x0166: case 0x0167: return "t";   /* Ŧ ŧ */
    default: return NULL;
    }
}

int acq_fold(const char *s, size_t n, acq_buf *out)
{
    const uint8_t *p = (const uint8_t *)s;
    if (acq_buf_reserve(out, n * 3 + 8) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            int cls = acq_ascii_class[c];
            if (cls == ACQ_CC_APOS) { i++; continue; }
            acq_buf_putc(out, (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = acq_utf8_decode(p + i, n - i, &cp);
        if (len == 0) { /* callers validate; be safe anyway */
            i++;
            continue;
        }
        i += len;
        int cls = acq_char_class(cp);
        if (cls == ACQ_CC_JOIN) { acq_buf_putc(out, '-'); continue; }
        if (cls == ACQ_CC_APOS) continue;
        const char *sp = special_fold(cp);
        if (sp) { acq_buf_puts(out, sp); continue; }
        utf8proc_int32_t tmp[18];
        utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, tmp, 18, UTF8PROC_COMPAT |
            UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE, NULL);
        if (m < 0 || m > 18) {
            uint8_t b[4];
            acq_buf_put(out, b, acq_utf8_encode(cp, b));
            continue;
        }
        for (utf8proc_ssize_t k = 0; k < m; k++) {
            uint32_t d = (uint32_t)tmp[k];
            const char *sp2 = special_fold(d);
            if (sp2) { acq_buf_puts(out, sp2); continue; }
            uint8_t b[4];
            acq_buf_put(out, b, acq_utf8_encode(d, b));
        }
    }
    return out->failed ? -1 : 0;
}

/* Code points decomposed on the stack; longer tokens (rare: the analyzer
 * skips tokens over ACQ_MAX_TOKEN bytes) take a heap buffer. */
#define LOWER_STACK 512

int acq_lower(const char *s, size_t n, acq_buf *out)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (i < n && p[i] < 0x80)
        i++;
    if (i == n) {   /* ASCII */
        if (acq_buf_reserve(out, n) != 0)
            return -1;
        for (i = 0; i < n; i++)
            acq_buf_putc(out, (p[i] >= 'A' && p[i] <= 'Z') ? (uint8_t)(p[i] + 32) : p[i]);
        return out->failed ? -1 : 0;
    }
    const utf8proc_option_t opts = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE;
    utf8proc_int32_t stack[LOWER_STACK], *cps = stack;
    utf8proc_ssize_t m = utf8proc_decompose(p, (utf8proc_ssize_t)n, stack, LOWER_STACK, opts);
    if (m > LOWER_STACK) {
        cps = acq_malloc((size_t)m * sizeof *cps);
        if (cps == NULL)
            return -1;
        m = utf8proc_decompose(p, (utf8proc_ssize_t)n, cps, m, opts);
    }
    /* Composes and encodes in place: UTF-8 never needs more bytes than the
     * four each code point has in the array. */
    utf8proc_ssize_t len = m < 0 ? m : utf8proc_reencode(cps, m, opts);
    if (len >= 0) {
        acq_buf_put(out, cps, (size_t)len);
    } else if (acq_buf_reserve(out, n) == 0) {
        /* Invalid UTF-8: callers validate, but never trust that. */
        for (i = 0; i < n; i++)
            acq_buf_putc(out, (p[i] >= 'A' && p[i] <= 'Z') ? (uint8_t)(p[i] + 32) : p[i]);
    }
    if (cps != stack)
        acq_free(cps);
    return out->failed ? -1 : 0;
}
