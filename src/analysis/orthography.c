/* orthography.c: Irish initial mutations, Maltese articles and Romanian
 * s/t spellings (see orthography.h). */
#include "analysis/orthography.h"
#include "common/utf8.h"

#include <string.h>

/* An Irish vowel, lowercase or capital, plain or with the acute (síneadh
 * fada); *len gets its byte length. */
static int ga_vowel(const uint8_t *p, size_t n, int *upper, size_t *len)
{
    if (n == 0)
        return 0;
    uint32_t cp;
    size_t k = acq_utf8_decode(p, n, &cp);
    if (k == 0)
        return 0;
    *len = k;
    switch (cp) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA:   /* á é í ó ú */
        *upper = 0;
        return 1;
    case 'A': case 'E': case 'I': case 'O': case 'U':
    case 0xC1: case 0xC9: case 0xCD: case 0xD3: case 0xDA:   /* Á É Í Ó Ú */
        *upper = 1;
        return 1;
    default:
        return 0;
    }
}

size_t acq_ga_case_prefix(const uint8_t *w, size_t n)
{
    if (n < 2)
        return 0;
    int up;
    size_t vl;
    if (n >= 3 && w[0] == 'b' && w[1] == 'h' && w[2] == 'F')
        return 2;                                           /* bhFeidhmeannas */
    char next = (char)w[1];
    switch (w[0]) {
    case 't':
        if (next == 'S')
            return 1;                                       /* tSeirbhís */
        /* fall through */
    case 'h':
        return ga_vowel(w + 1, n - 1, &up, &vl) && up ? 1 : 0;   /* tAontas, hEorpa */
    case 'n':
        if (next == 'D' || next == 'G')
            return 1;                                       /* nDlí, nGaeilge */
        return ga_vowel(w + 1, n - 1, &up, &vl) && up ? 1 : 0;   /* nAontas */
    case 'm': return next == 'B';                           /* mBallstát */
    case 'g': return next == 'C';                           /* gCúirt */
    case 'b': return next == 'P';                           /* bPríomh */
    case 'd': return next == 'T';                           /* dTuarascáil */
    default: return 0;
    }
}

/* Letters in w[0..n) (UTF-8). */
static size_t letters(const char *w, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)w[i] & 0xC0) != 0x80;
    return c;
}

/* Removes k bytes at offset at. */
static size_t cut(char *w, size_t n, size_t at, size_t k)
{
    memmove(w + at, w + at + k, n - at - k);
    return n - k;
}

size_t acq_ga_demutate(char *w, size_t n)
{
    if (n < 3)
        return n;
    size_t at = 0, k = 0;
    int up;
    size_t vl;
    if (w[0] == 'b' && w[1] == 'h' && w[2] == 'f') {
        k = 2;                                              /* bhf -> f */
    } else if ((w[0] == 'm' && w[1] == 'b') || (w[0] == 'g' && w[1] == 'c') ||
               (w[0] == 'n' && (w[1] == 'd' || w[1] == 'g')) || (w[0] == 'b' && w[1] == 'p') ||
               (w[0] == 'd' && w[1] == 't') || (w[0] == 't' && w[1] == 's')) {
        k = 1;                                              /* eclipsis, t before s */
    } else if (w[1] == 'h' && strchr("bcdfgmpst", w[0]) != NULL) {
        at = 1;                                             /* lenition */
        k = 1;
    } else if (w[0] == 'h' && ga_vowel((const uint8_t *)w + 1, n - 1, &up, &vl)) {
        k = 1;                                              /* prothetic h */
    }
    if (k == 0 || letters(w, n) - k < 2)
        return n;
    return cut(w, n, at, k);
}

int acq_ga_hyphen_prefix(const uint8_t *w, size_t n, const uint8_t *next, size_t next_n)
{
    int up;
    size_t vl;
    if (n != 1)
        return 0;
    uint8_t c = (uint8_t)(w[0] | 0x20);
    return (c == 't' || c == 'n' || c == 'h') && ga_vowel(next, next_n, &up, &vl);
}

/* Maltese letters lowercased: ASCII and the four letters with their own
 * capitals (Ċ Ġ Ħ Ż); anything else makes the word no article. */
static size_t mt_lower(const uint8_t *w, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = acq_utf8_decode(w + i, n - i, &cp);
        if (k == 0)
            return 0;
        i += k;
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        else if (cp == 0x010A || cp == 0x0120 || cp == 0x0126 || cp == 0x017B)
            cp += 1;
        uint8_t b[4];
        size_t bl = acq_utf8_encode(cp, b);
        if (o + bl >= cap)
            return 0;
        memcpy(out + o, b, bl);
        o += bl;
    }
    out[o] = '\0';
    return o;
}

int acq_mt_article(const uint8_t *w, size_t n)
{
    char s[24];
    if (n == 0 || n > 12 || mt_lower(w, n, s, sizeof s) == 0)
        return 0;
    if (strcmp(s, "l") == 0 || strcmp(s, "fl") == 0 || strcmp(s, "bl") == 0 || strcmp(s, "dal") == 0)
        return 1;
    /* The preposition part, then l, ll or a sun letter. ASCII spellings of
     * għ and ħ (gh, h) and of ċ and ż (c, z) are accepted: texts without
     * Maltese keyboards use them. */
    static const char *const preps[] = {"i", "ta", "fi", "bi", "ma", "sa", "mi", "li",
                                        "g\xC4\xA7" "a", "gha", "b\xC4\xA7" "a", "bha"};
    static const char *const sun[] = {"l", "\xC4\x8B", "c", "d", "n", "r", "s", "t", "x",
                                      "\xC5\xBC", "z"};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++) {
        size_t pl = strlen(preps[i]);
        if (strncmp(s, preps[i], pl) != 0)
            continue;
        const char *rest = s + pl;
        for (size_t j = 0; j < sizeof sun / sizeof sun[0]; j++)
            if (strcmp(rest, sun[j]) == 0)
                return 1;
        /* mill-, lill-, għall-, bħall- (ill- is not written). */
        if (strcmp(rest, "ll") == 0 && i >= 6)
            return 1;
    }
    return 0;
}

void acq_ro_unify(char *w, size_t n, int to_comma)
{
    /* ș U+0219 = C8 99, ț U+021B = C8 9B, ş U+015F = C5 9F, ţ U+0163 = C5 A3
     * (capitals never reach here: the word is lowercase). */
    for (size_t i = 0; i + 1 < n; i++) {
        uint8_t a = (uint8_t)w[i], b = (uint8_t)w[i + 1];
        if (!to_comma && a == 0xC8 && (b == 0x99 || b == 0x9B)) {
            w[i] = (char)0xC5;
            w[i + 1] = (char)(b == 0x99 ? 0x9F : 0xA3);
            i++;
        } else if (to_comma && a == 0xC5 && (b == 0x9F || b == 0xA3)) {
            w[i] = (char)0xC8;
            w[i + 1] = (char)(b == 0x9F ? 0x99 : 0x9B);
            i++;
        }
    }
}
