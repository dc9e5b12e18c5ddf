/* citations.c: the citation extractor (see citations.h).
 *
 * The scan is anchored on numbers: every run of digits followed by '/' and
 * digits ("2008/615", "1987/2006") is a candidate, and so is every five-digit
 * run followed by a capital letter (a CELEX number). For a candidate the
 * extractor reads a little text backwards: the "No" marker, the
 * institutions in parentheses, and the word that names the act type. Numbers
 * are rare in prose, so the backward reading (bounded by BACK_WINDOW bytes)
 * costs little; the rest of the text is skipped eight bytes at a time. */
#include "knowledge/citations.h"
#include "knowledge/instruments.h"

#include <stdio.h>
#include <string.h>

#include "acquis.h"
#include "analysis/charclass.h"
#include "analysis/fold.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/utf8.h"

#define BACK_WINDOW 96 /* bytes read before a number to find its act type */
#define GAP_MAX 160    /* longest text between two elements of one list */
#define RANGE_MAX 100  /* most acts one range expands to */
/* The latest year a four-digit number is taken for: beyond it the number
 * is an act number (ECSC "Decision No 2064/86/ECSC"). */
#define MAX_YEAR 2049
#define WORD_MAX 48    /* longest type word compared (folded, with NUL) */

/* ---- Suffixes --------------------------------------------------------- */

static const char *const suffix_names[ACQ_SUFFIX_COUNT][3] = {
    {"", "", ""},
    {"EC", "CE", "EG"},
    {"EEC", "CEE", "EWG"},
    {"EU", "UE", "EU"},
    {"JHA", "JAI", "JI"},
    {"CFSP", "PESC", "GASP"},
    {"ECSC", "CECA", "EGKS"},
    {"Euratom", "Euratom", "Euratom"},
};

const char *acq_cite_suffix_name(int suffix, const char *lang)
{
    if (suffix <= ACQ_SUFFIX_NONE || suffix >= ACQ_SUFFIX_COUNT)
        return "";
    int l = (lang && strcmp(lang, "fr") == 0) ? 1 : (lang && strcmp(lang, "de") == 0) ? 2 : 0;
    return suffix_names[suffix][l];
}

int acq_cite_suffix_find(const char *s, size_t n)
{
    for (int k = 1; k < ACQ_SUFFIX_COUNT; k++)
        for (int l = 0; l < 3; l++) {
            const char *w = suffix_names[k][l];
            size_t m = strlen(w);
            if (m != n)
                continue;
            size_t i = 0;
            /* "EC" and "Ec" are the same suffix; "Euratom" is also
             * printed "EURATOM" in capitals */
            while (i < n && (s[i] | 32) == (w[i] | 32))
                i++;
            if (i == n)
                return k;
        }
    return ACQ_SUFFIX_NONE;
}

/* ---- Bytes and code points -------------------------------------------- */

static inline int is_digit(uint8_t c) { return (unsigned)(c - '0') < 10; }
static inline int is_alpha(uint8_t c) { return (unsigned)((c | 32) - 'a') < 26; }
static inline int is_alnum(uint8_t c) { return is_digit(c) || is_alpha(c); }
static inline int is_upper(uint8_t c) { return (unsigned)(c - 'A') < 26; }

/* Unicode spaces that EUR-Lex texts put between "No" and the number. */
static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
           cp == '\f' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_dash_cp(uint32_t cp)
{
    return cp == '-' || (cp < 128 ? 0 : acq_char_class(cp) == ACQ_CC_JOIN && cp != 0xAD);
}

/* The code point that ends at pos (no earlier than lo): returns where it
 * starts and stores it in *cp; an invalid byte counts as one U+FFFD. */
static size_t cp_back(const uint8_t *p, size_t lo, size_t pos, uint32_t *cp)
{
    size_t s = pos - 1;
    if (p[s] < 0x80) {
        *cp = p[s];
        return s;
    }
    size_t k = 0;
    while (s > lo && (p[s] & 0xC0) == 0x80 && k < 3) {
        s--;
        k++;
    }
    uint32_t c;
    if (acq_utf8_decode(p + s, pos - s, &c) != pos - s) {
        *cp = 0xFFFD;
        return pos - 1;
    }
    *cp = c;
    return s;
}

/* The code point that starts at pos (before end); returns its length. */
static size_t cp_fwd(const uint8_t *p, size_t pos, size_t end, uint32_t *cp)
{
    if (p[pos] < 0x80) {
        *cp = p[pos];
        return 1;
    }
    size_t len = acq_utf8_decode(p + pos, end - pos, cp);
    return len ? len : 1;
}

static size_t skip_space_back(const uint8_t *p, size_t lo, size_t pos)
{
    while (pos > lo) {
        uint32_t cp;
        size_t s = cp_back(p, lo, pos, &cp);
        if (!is_space_cp(cp))
            break;
        pos = s;
    }
    return pos;
}

static size_t skip_space_fwd(const uint8_t *p, size_t pos, size_t end)
{
    while (pos < end) {
        uint32_t cp;
        size_t len = cp_fwd(p, pos, end, &cp);
        if (!is_space_cp(cp))
            break;
        pos += len;
    }
    return pos;
}

/* A word ending at pos: letters of any script and inner hyphens
 * ("décision-cadre"). Returns its start (pos when there is none). */
static size_t word_back(const uint8_t *p, size_t lo, size_t pos)
{
    size_t start = pos;
    while (start > lo) {
        uint32_t cp;
        size_t s = cp_back(p, lo, start, &cp);
        if (cp < 128 ? is_alpha((uint8_t)cp)
                     : (acq_char_class(cp) == ACQ_CC_WORD && !acq_char_is_digit(cp)))
            start = s;
        else if (cp == '-' && start < pos && s > lo && is_alpha(p[s - 1]))
            start = s;
        else
            break;
    }
    return start;
}

static int digits_value(const uint8_t *p, size_t a, size_t b)
{
    int v = 0;
    for (size_t i = a; i < b && i < a + 6; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* ---- Type words -------------------------------------------------------- */

/* Folds p[a..b) as the analysis module folds words (case, accents, ß) into
 * w; 0 if it does not fit or memory ran out (then fb->failed is set and
 * stays set: the callers report ACQ_ENOMEM). */
static int fold_word(acq_buf *fb, const uint8_t *p, size_t a, size_t b, char w[WORD_MAX])
{
    if (b - a >= WORD_MAX)
        return 0;
    acq_buf_reset(fb);
    if (acq_fold((const char *)p + a, b - a, fb) != 0 || fb->len >= WORD_MAX)
        return 0;
    memcpy(w, fb->data, fb->len);
    w[fb->len] = '\0';
    return 1;
}

/* Word lists carry their lengths: classify() runs for every number in a
 * text and comparing lengths first keeps it cheap. */
typedef struct lit {
    const char *s;
    size_t n;
} lit;
#define W(x) {x, sizeof(x) - 1}
#define L(...) ((const lit[]){__VA_ARGS__, {NULL, 0}})

static int eq_any(const char *w, size_t n, const lit *list)
{
    for (; list->s; list++)
        if (list->n == n && memcmp(w, list->s, n) == 0)
            return 1;
    return 0;
}

static int ends_any(const char *w, size_t n, const lit *list)
{
    for (; list->s; list++)
        if (n >= list->n && memcmp(w + n - list->n, list->s, list->n) == 0)
            return 1;
    return 0;
}

/* The word before the word at w0, folded into w; its start in *start. */
static size_t prev_word(acq_buf *fb, const uint8_t *p, size_t lo, size_t w0, char w[WORD_MAX],
                        size_t *start)
{
    size_t e = skip_space_back(p, lo, w0);
    size_t s = word_back(p, lo, e);
    if (s == e || !fold_word(fb, p, s, e, w))
        return 0;
    *start = s;
    return strlen(w);
}

/* The act type named by the word p[w0..w1): 'R' regulation, 'L' directive,
 * 'D' decision, 'F' framework decision, 'H' recommendation, 'E' common
 * position, 'J' joint action (F or E by its suffix), 0 for any other word.
 * *start moves back over a first word ("Framework", "Joint"). */
static int classify(acq_buf *fb, const uint8_t *p, size_t lo, size_t w0, size_t w1, size_t *start)
{
    char w[WORD_MAX], v[WORD_MAX];
    size_t vs;
    if (!fold_word(fb, p, w0, w1, w))
        return 0;
    size_t n = strlen(w), nv;
    *start = w0;
    /* French puts qualifiers after the type word: "règlement d'exécution
     * (UE) 2018/2066", "règlement délégué (UE) 2017/590" */
    if (eq_any(w, n, L(W("execution"), W("delegue"), W("deleguee"), W("delegues"),
                       W("deleguees")))) {
        size_t e = w0;
        uint32_t cp;
        if (e > lo && cp_back(p, lo, e, &cp) < e && (cp == '\'' || cp == 0x2019) && w[0] == 'e') {
            e = cp_back(p, lo, e, &cp);
            if (e <= lo || (p[e - 1] | 32) != 'd')
                return 0;
            e--;
        } else if (w[0] == 'e') {
            return 0;
        }
        e = skip_space_back(p, lo, e);
        size_t t = word_back(p, lo, e);
        if (t == e || t == w0)
            return 0;
        return classify(fb, p, lo, t, e, start);
    }
    if (eq_any(w, n, L(W("decision-cadre"), W("decisions-cadres"), W("decision-cadres"))))
        return 'F';
    /* German compounds name the type in their last part */
    if (ends_any(w, n, L(W("verordnung"), W("verordnungen"))))
        return 'R';
    if (ends_any(w, n, L(W("richtlinie"), W("richtlinien"))))
        return 'L';
    if (ends_any(w, n, L(W("rahmenbeschluss"), W("rahmenbeschlusses"), W("rahmenbeschlusse"),
                      W("rahmenbeschlussen"))))
        return 'F';
    if (ends_any(w, n, L(W("beschluss"), W("beschlusses"), W("beschlusse"), W("beschlussen"),
                         W("entscheidung"),
                      W("entscheidungen"))))
        return 'D';
    if (ends_any(w, n, L(W("empfehlung"), W("empfehlungen"))))
        return 'H';
    /* English and French: "EU-Regulation" counts as "Regulation" */
    const char *h = strrchr(w, '-');
    const char *x = h ? h + 1 : w;
    size_t nx = n - (size_t)(x - w);
    if (eq_any(x, nx, L(W("regulation"), W("regulations"), W("reglement"), W("reglements"))))
        return 'R';
    if (eq_any(x, nx, L(W("directive"), W("directives"))))
        return 'L';
    if (eq_any(x, nx, L(W("recommendation"), W("recommendations"), W("recommandation"),
                        W("recommandations"))))
        return 'H';
    if (eq_any(x, nx, L(W("decision"), W("decisions")))) {
        if (x == w && (nv = prev_word(fb, p, lo, w0, v, &vs)) != 0 &&
            eq_any(v, nv, L(W("framework")))) {
            *start = vs;
            return 'F';
        }
        return 'D';
    }
    if (x != w)
        return 0;
    if (eq_any(w, n, L(W("action"), W("actions")))) {
        if ((nv = prev_word(fb, p, lo, w0, v, &vs)) != 0 && eq_any(v, nv, L(W("joint")))) {
            *start = vs;
            return 'J';
        }
        return 0;
    }
    if (eq_any(w, n, L(W("position"), W("positions")))) {
        if ((nv = prev_word(fb, p, lo, w0, v, &vs)) != 0 && eq_any(v, nv, L(W("common")))) {
            *start = vs;
            return 'E';
        }
        return 0;
    }
    if (eq_any(w, n, L(W("commune"), W("communes")))) { /* action commune, position commune */
        if ((nv = prev_word(fb, p, lo, w0, v, &vs)) != 0) {
            *start = vs;
            if (eq_any(v, nv, L(W("action"), W("actions"))))
                return 'J';
            if (eq_any(v, nv, L(W("position"), W("positions"))))
                return 'E';
        }
        return 0;
    }
    if (eq_any(w, n, L(W("massnahme"), W("massnahmen")))) { /* Gemeinsame Maßnahme */
        if ((nv = prev_word(fb, p, lo, w0, v, &vs)) != 0 &&
            eq_any(v, nv, L(W("gemeinsame"), W("gemeinsamen"), W("gemeinsamer")))) {
            *start = vs;
            return 'J';
        }
        return 0;
    }
    if (eq_any(w, n, L(W("standpunkt"), W("standpunkts"), W("standpunktes"), W("standpunkte")))) {
        if ((nv = prev_word(fb, p, lo, w0, v, &vs)) != 0 &&
            eq_any(v, nv,
                   L(W("gemeinsame"), W("gemeinsamen"), W("gemeinsamer"), W("gemeinsames")))) {
            *start = vs;
            return 'E';
        }
        return 0;
    }
    return 0;
}

/* ---- What stands before a number --------------------------------------- */

/* "No", "No.", "Nos", "Nos.", "N°", "n°", "nº", "N o", "Nr.", "Nr" ending at pos:
 * returns where the marker starts, or pos. */
static size_t no_marker_back(const uint8_t *p, size_t lo, size_t pos)
{
    size_t e = pos;
    if (e > lo && p[e - 1] == '.')
        e--;
    size_t s = e;
    if (s >= lo + 3 && p[s - 2] == 0xC2 && (p[s - 1] == 0xB0 || p[s - 1] == 0xBA) &&
        (p[s - 3] | 32) == 'n')
        s -= 3; /* N° n° nº */
    else if (s >= lo + 3 && (p[s - 3] | 32) == 'n' && p[s - 2] == ' ' && (p[s - 1] | 32) == 'o')
        s -= 3; /* "N o": the superscript o of EUR-Lex pages, flattened */
    else if (s >= lo + 3 && (p[s - 3] | 32) == 'n' && (p[s - 2] | 32) == 'o' &&
             (p[s - 1] | 32) == 's')
        s -= 3; /* Nos */
    else if (s >= lo + 2 && (p[s - 2] | 32) == 'n' &&
             ((p[s - 1] | 32) == 'o' || (p[s - 1] | 32) == 'r'))
        s -= 2;
    else
        return pos;
    if (s > lo && is_alnum(p[s - 1]))
        return pos; /* the end of a longer word: "Casino 12/2008" */
    return s;
}

/* "(EC)", "(EU, Euratom)", "( EEC )" ending at pos: returns the position of
 * the '(' and the suffixes inside, or pos. */
static size_t inst_back(const uint8_t *p, size_t lo, size_t pos, int inst[3])
{
    if (pos <= lo || p[pos - 1] != ')')
        return pos;
    size_t open = pos - 1;
    while (open > lo && pos - open < 32 && p[open - 1] != '(') {
        uint8_t c = p[open - 1];
        if (!(is_alpha(c) || c == ',' || c == ' '))
            return pos;
        open--;
    }
    if (open <= lo || p[open - 1] != '(')
        return pos;
    /* the suffixes between the parentheses */
    int k = 0;
    size_t i = open;
    while (i < pos - 1) {
        while (i < pos - 1 && !is_alpha(p[i]))
            i++;
        size_t t = i;
        while (i < pos - 1 && is_alpha(p[i]))
            i++;
        if (i > t) {
            int sfx = acq_cite_suffix_find((const char *)p + t, i - t);
            if (sfx == ACQ_SUFFIX_NONE)
                return pos; /* "(Annex)", "(see)": not institutions */
            if (k < 3)
                inst[k++] = sfx;
        }
    }
    return k ? open - 1 : pos;
}

/* " of 6 February 1970 (" before a number, as in "Council Directive of 6
 * February 1970 (70/157/EEC)"; also "du 6 février 1970", "vom 6. Februar
 * 1970". pos is the position of the '('. Returns the start of "of", or pos. */
static size_t date_back(const uint8_t *p, size_t lo, size_t pos)
{
    size_t e = skip_space_back(p, lo, pos);
    size_t s = e;
    while (s > lo && is_digit(p[s - 1]) && e - s < 5)
        s--;
    if (e - s != 4)
        return pos;
    e = skip_space_back(p, lo, s);
    s = word_back(p, lo, e); /* the month */
    if (s == e)
        return pos;
    e = skip_space_back(p, lo, s);
    if (e > lo && p[e - 1] == '.')
        e--;
    s = e;
    while (s > lo && is_digit(p[s - 1]) && e - s < 3)
        s--;
    if (e == s || e - s > 2)
        return pos;
    e = skip_space_back(p, lo, s);
    s = word_back(p, lo, e);
    size_t m = e - s;
    if (!((m == 2 && (p[s] | 32) == 'o' && (p[s + 1] | 32) == 'f') ||
          (m == 2 && (p[s] | 32) == 'd' && (p[s + 1] | 32) == 'u') ||
          (m == 3 && (p[s] | 32) == 'v' && (p[s + 1] | 32) == 'o' && (p[s + 2] | 32) == 'm')))
        return pos;
    return s;
}

/* The author French puts between the type word and the number:
 * "directives du Parlement européen et du Conseil 2001/24/CE",
 * "règlements du Conseil (CE) no 1/2003". Returns where the phrase starts,
 * or pos. */
static size_t author_back(acq_buf *fb, const uint8_t *p, size_t lo, size_t pos)
{
    static const char *const phrases[][6] = {
        {"conseil", "du", "et", "europeen", "parlement", "du"},
        {"conseil", "du", NULL},
        {"commission", "la", "de", NULL},
    };
    /* the last word decides at once for nearly every number */
    char w[WORD_MAX];
    size_t e = skip_space_back(p, lo, pos), s = word_back(p, lo, e);
    if (s == e || !fold_word(fb, p, s, e, w) ||
        (strcmp(w, "conseil") != 0 && strcmp(w, "commission") != 0))
        return pos;
    size_t last = s;
    for (size_t k = 0; k < sizeof phrases / sizeof *phrases; k++) {
        if (strcmp(w, phrases[k][0]) != 0)
            continue;
        size_t start = last;
        int ok = 1;
        for (size_t i = 1; i < 6 && phrases[k][i] && ok; i++) {
            char v[WORD_MAX];
            size_t ve = skip_space_back(p, lo, start), vs = word_back(p, lo, ve);
            ok = vs < ve && fold_word(fb, p, vs, ve, v) && strcmp(v, phrases[k][i]) == 0;
            start = vs;
        }
        if (ok)
            return start;
    }
    return pos;
}

typedef struct context {
    int type;          /* classify() code, 0 when no type word */
    size_t start;      /* the type word (or elem) */
    size_t elem;       /* the element without its type word: "(EC) No 1986/2006" */
    int has_no;
    int page;          /* "p. 2269/67", "pp. 32/62": a page, never an act */
    int inst[3];
} context;

static void read_context(acq_buf *fb, const uint8_t *p, size_t a0, context *c)
{
    size_t lo = a0 > BACK_WINDOW ? a0 - BACK_WINDOW : 0;
    memset(c, 0, sizeof *c);
    c->start = c->elem = a0;
    if (a0 > lo && p[a0 - 1] == '(') {
        /* "Directive (77/388/EEC)", "Council Directive of 6 February 1970
         * (70/157/EEC)" */
        size_t e = skip_space_back(p, lo, date_back(p, lo, a0 - 1));
        size_t w = word_back(p, lo, e);
        if (w < e)
            c->type = classify(fb, p, lo, w, e, &c->start);
        return;
    }
    size_t pos = skip_space_back(p, lo, a0);
    size_t q = no_marker_back(p, lo, pos);
    if (q != pos) {
        c->has_no = 1;
        c->elem = q;
        pos = skip_space_back(p, lo, q);
    }
    q = inst_back(p, lo, pos, c->inst);
    if (q != pos) {
        c->elem = q;
        pos = skip_space_back(p, lo, q);
    }
    pos = skip_space_back(p, lo, author_back(fb, p, lo, pos));
    if (pos > lo && p[pos - 1] == '.') {
        size_t w = word_back(p, lo, pos - 1);
        size_t m = pos - 1 - w;
        if ((m == 1 && (p[w] | 32) == 'p') ||
            (m == 2 && (p[w] | 32) == 'p' && (p[w + 1] | 32) == 'p'))
            c->page = 1;
        return;
    }
    size_t w = word_back(p, lo, pos);
    if (w < pos) {
        if (pos - w == 4 && memcmp(p + w, "page", 4) == 0)
            c->page = 1;
        else
            c->type = classify(fb, p, lo, w, pos, &c->start);
    }
}

/* ---- Numbers ------------------------------------------------------------ */

typedef struct number {
    size_t a0, a1, b0, b1; /* the digits before and after the '/' */
    size_t end;            /* end of the number with its suffix */
    int suffix;
} number;

/* Reads "A/B" or "A/B/SUFFIX" at a0 (A = a0..a1, p[a1] == '/'). Returns 1,
 * or 0 with x->end where scanning may go on. */
static int read_number(const uint8_t *p, size_t n, size_t a0, size_t a1, number *x)
{
    x->a0 = a0;
    x->a1 = a1;
    x->b0 = a1 + 1;
    x->b1 = x->b0;
    x->suffix = ACQ_SUFFIX_NONE;
    while (x->b1 < n && is_digit(p[x->b1]))
        x->b1++;
    x->end = x->b1;
    if (x->b1 == x->b0)
        return 0;
    if (a1 - a0 > 4 || x->b1 - x->b0 > 5)
        return 0;
    if (x->end < n && p[x->end] == '/') {
        size_t s0 = x->end + 1, s1 = s0;
        while (s1 < n && is_alpha(p[s1]) && s1 - s0 < 8)
            s1++;
        int sfx = acq_cite_suffix_find((const char *)p + s0, s1 - s0);
        if (sfx == ACQ_SUFFIX_NONE) {
            x->end = s1;
            return 0;
        }
        x->suffix = sfx;
        x->end = s1;
    }
    if (x->end < n && (is_alnum(p[x->end]) || p[x->end] == '/'))
        return 0;
    return 1;
}

static int year_of(int v, size_t digits)
{
    if (digits == 2)
        return v >= 52 ? 1900 + v : -1;
    if (digits == 4)
        return (v >= 1952 && v <= MAX_YEAR) ? v : -1;
    return -1;
}

/* The CELEX parts of number x cited with type word `type`: which side is
 * the year follows the style of the period (see the file comment of
 * citations.h). Returns 0, or -1 when the number cannot be such an act. A
 * footnote digit glued to a two- or four-digit year ("No 1612/683") is
 * dropped from x. */
static int resolve(int type, int has_no, number *x, const uint8_t *p, acq_cite_parts *o)
{
    int A = digits_value(p, x->a0, x->a1), B = digits_value(p, x->b0, x->b1);
    size_t la = x->a1 - x->a0, lb = x->b1 - x->b0;
    memset(o, 0, sizeof *o);
    o->has_no = has_no;
    o->suffix = x->suffix;
    char letter = (char)type;
    if (type == 'J')
        letter = x->suffix == ACQ_SUFFIX_CFSP ? 'E' : 'F';
    if (type == 'R') {
        /* number/year until 2014 ("No 1987/2006"), year/number from 2015 */
        int ny = (lb <= 4 && A >= 1) ? year_of(B, lb) : -1;
        if (ny > 2014)
            ny = -1;
        int yn = (la == 4 && A >= 2015 && A <= MAX_YEAR && lb <= 4) ? A : -1;
        if (ny > 0 && yn > 0) {
            if (has_no)
                yn = -1;
            else
                ny = -1;
        }
        if (ny < 0 && yn < 0 && x->suffix == ACQ_SUFFIX_NONE && (lb == 3 || lb == 5) && A >= 1 &&
            p[x->b1 - 1] != '0') {
            int y2 = year_of(B / 10, lb - 1);
            if (y2 > 0 && y2 <= 2014) {
                B /= 10;
                lb--;
                x->b1--;
                x->end = x->b1;
                ny = y2;
            }
        }
        if (ny > 0) {
            o->year = ny;
            o->number = A;
            o->number_first = 1;
            o->two_digit_year = lb == 2;
        } else if (yn > 0) {
            o->year = yn;
            o->number = B;
        } else {
            return -1;
        }
    } else {
        if (lb > 4)
            return -1;
        int yn = B >= 1 ? year_of(A, la) : -1;
        int ny = -1;
        /* "Decision No 574/2007/EC": number/year, from the co-decision
         * decisions of 1993 on, and the ECSC general decisions */
        if (letter == 'D' && has_no && x->suffix != ACQ_SUFFIX_NONE && A >= 1) {
            ny = year_of(B, lb);
            if (ny > 0 && ny < 1993 && x->suffix != ACQ_SUFFIX_ECSC)
                ny = -1;
        }
        if (ny > 0) {
            o->year = ny;
            o->number = A;
            o->number_first = 1;
            o->two_digit_year = lb == 2;
            if (x->suffix == ACQ_SUFFIX_ECSC)
                letter = 'S';
        } else if (yn > 0) {
            o->year = yn;
            o->number = B;
            o->two_digit_year = la == 2;
        } else {
            return -1;
        }
    }
    if (o->number < 1 || o->number > 9999)
        return -1;
    o->letter = letter;
    return 0;
}

/* "3" + year + letter + four-digit number (snprintf is a fifth of the
 * extractor's time when every citation goes through it). */
static void format_celex(const acq_cite_parts *o, int number, char celex[ACQ_CELEX_MAX])
{
    int y = o->year;
    celex[0] = '3';
    for (int i = 4; i >= 1; i--, y /= 10)
        celex[i] = (char)('0' + y % 10);
    celex[5] = o->letter;
    for (int i = 9; i >= 6; i--, number /= 10)
        celex[i] = (char)('0' + number % 10);
    celex[10] = '\0';
}

/* Lower-case ASCII copy of p[a..b) into key (the table's citation forms are
 * folded the same way); 0 if it does not fit. */
static int number_key(const uint8_t *p, size_t a, size_t b, char *key, size_t cap)
{
    if (b - a >= cap)
        return 0;
    for (size_t i = a; i < b; i++)
        key[i - a] = (char)(is_upper(p[i]) ? p[i] + 32 : p[i]);
    key[b - a] = '\0';
    return 1;
}

/* The series an act's number belongs to. Before 2015 regulations (and the
 * "Decision No 574/2007/EC" of co-decision) were numbered number/year in
 * one series, directives year/number in another, and decisions, framework
 * decisions, joint actions and common positions year/number in a third:
 * "2013/48/EU" is both Directive 2013/48/EU and Council Implementing
 * Decision 2013/48/EU. From 2015 every act is numbered year/number in one
 * series. */
static char series(char letter, int year, int number_first)
{
    if (number_first || (letter == 'R' && year < 2015))
        return 'N';
    if (year >= 2015)
        return 'U';
    if (letter == 'D' || letter == 'F' || letter == 'E')
        return 'C';
    return letter;
}

/* When the table knows the number, a type word that contradicts it within
 * one series is the author's slip ("Council Decision 2002/584/JHA" for the
 * framework decision, "Directive 2016/679" for the GDPR): the number names
 * the act. Across series the text is taken at its word. */
static void correct_by_table(const struct acq_instruments *kb, const uint8_t *p, const number *x,
                             const acq_cite_parts *o, char celex[ACQ_CELEX_MAX])
{
    if (kb == NULL || o->number_first)
        return;
    char key[32];
    if (!number_key(p, x->a0, x->b1, key, sizeof key))
        return;
    const char *k = acq_instruments_celex_of_form(kb, key, strlen(key), 0);
    if (k == NULL || strlen(k) != 10 || k[0] != '3' || k[5] == o->letter)
        return;
    if (strncmp(k + 1, celex + 1, 4) != 0 || strcmp(k + 6, celex + 6) != 0)
        return;
    if (series(k[5], o->year, 0) == series(o->letter, o->year, 0))
        memcpy(celex, k, 11);
}

/* ---- Lists and ranges ------------------------------------------------- */

/* What joins a list element to the one before: 1 for "and", "or", ",";
 * 2 for a range ("to", a dash); 0 when p[from..to) is anything else.
 * Footnote markers "(2)" and dates "of 27 November 1974" may stand
 * between. */
static int gap_kind(const uint8_t *p, size_t from, size_t to)
{
    if (to < from || to - from > GAP_MAX)
        return 0;
    int joins = 0, range = 0;
    size_t i = from;
    for (;;) {
        i = skip_space_fwd(p, i, to);
        if (i >= to)
            break;
        uint8_t c = p[i];
        if (c == ',') {
            joins++;
            i++;
            continue;
        }
        if (c == '(' || c == '[') {
            uint8_t close = c == '(' ? ')' : ']';
            size_t j = i + 1;
            while (j < to && (is_digit(p[j]) || p[j] == '*') && j - i < 5)
                j++;
            if (j == i + 1 || j >= to || p[j] != close)
                return 0;
            i = j + 1;
            continue;
        }
        uint32_t cp;
        size_t len = cp_fwd(p, i, to, &cp);
        if (is_dash_cp(cp)) {
            joins++;
            range = 1;
            i += len;
            continue;
        }
        if (cp == 0xE0) { /* à: "1234/70 à 1240/70" */
            joins++;
            range = 1;
            i += len;
            continue;
        }
        size_t w = i;
        while (i < to && is_alpha(p[i]))
            i++;
        size_t m = i - w;
        if (m == 0)
            return 0;
        char word[8];
        if (m >= sizeof word)
            return 0;
        for (size_t k = 0; k < m; k++)
            word[k] = (char)(p[w + k] | 32);
        word[m] = '\0';
        if (eq_any(word, m, L(W("and"), W("or"), W("et"), W("ou"), W("und"), W("oder")))) {
            joins++;
            if (i < to && p[i] == '/') /* and/or */
                i++;
        } else if (eq_any(word, m, L(W("to"), W("bis"), W("au")))) {
            joins++;
            range = 1;
        } else if (eq_any(word, m, L(W("of"), W("du"), W("vom")))) {
            /* a date: day, month, four-digit year */
            size_t j = skip_space_fwd(p, i, to), d = j;
            while (j < to && is_digit(p[j]) && j - d < 3)
                j++;
            if (j == d || j - d > 2)
                return 0;
            if (j < to && p[j] == '.')
                j++;
            j = skip_space_fwd(p, j, to);
            size_t mo = j;
            while (j < to) {
                uint32_t mc;
                size_t ml = cp_fwd(p, j, to, &mc);
                if (!(mc < 128 ? is_alpha((uint8_t)mc) : acq_char_class(mc) == ACQ_CC_WORD))
                    break;
                j += ml;
            }
            if (j == mo)
                return 0;
            j = skip_space_fwd(p, j, to);
            size_t y = j;
            while (j < to && is_digit(p[j]))
                j++;
            if (j - y != 4)
                return 0;
            i = j;
        } else {
            return 0;
        }
    }
    if (joins == 0)
        return 0;
    return range ? 2 : 1;
}

/* ---- The scan ------------------------------------------------------------ */

typedef struct scanner {
    const uint8_t *p;
    size_t n;
    const struct acq_instruments *kb;
    acq_citations *out;
    acq_buf fold;
    int failed;
    /* the last typed or listed citation, which a list may continue */
    int prev_valid;
    size_t prev_start, prev_end;
    int prev_type;
    acq_cite_parts prev;
} scanner;

static void emit(scanner *s, size_t start, size_t end, int how, const char *celex)
{
    if (s->failed)
        return;
    acq_citations *o = s->out;
    if (o->n == o->cap &&
        acq_grow((void **)&o->items, &o->cap, o->n + 1, sizeof *o->items) != 0) {
        s->failed = 1;
        return;
    }
    acq_citation *c = &o->items[o->n++];
    c->start = start;
    c->end = end;
    c->how = how;
    size_t n = strlen(celex);
    memcpy(c->celex, celex, n < ACQ_CELEX_MAX ? n + 1 : ACQ_CELEX_MAX);
    c->celex[ACQ_CELEX_MAX - 1] = '\0';
}

static void remember(scanner *s, size_t start, size_t end, int type, const acq_cite_parts *o)
{
    s->prev_valid = 1;
    s->prev_start = start;
    s->prev_end = end;
    s->prev_type = type;
    s->prev = *o;
}

/* A candidate "A/B" at a0..a1; returns where the scan goes on. */
static size_t try_number(scanner *s, size_t a0, size_t a1)
{
    const uint8_t *p = s->p;
    number x;
    if (!read_number(p, s->n, a0, a1, &x))
        return x.end > a1 ? x.end : a1;
    context c;
    read_context(&s->fold, p, a0, &c);
    acq_cite_parts o;
    char celex[ACQ_CELEX_MAX];
    if (c.type) {
        if (resolve(c.type, c.has_no, &x, p, &o) == 0) {
            format_celex(&o, o.number, celex);
            correct_by_table(s->kb, p, &x, &o, celex);
            emit(s, c.start, x.end, ACQ_CITE_TYPED, celex);
            remember(s, c.start, x.end, c.type, &o);
            return x.end;
        }
    } else if (s->prev_valid && !c.page) {
        int gap = gap_kind(p, s->prev_end, c.elem);
        if (gap && resolve(s->prev_type, c.has_no || s->prev.has_no, &x, p, &o) == 0) {
            format_celex(&o, o.number, celex);
            correct_by_table(s->kb, p, &x, &o, celex);
            const acq_cite_parts *q = &s->prev;
            if (gap == 2 && q->letter == o.letter && q->year == o.year &&
                q->number_first == o.number_first && o.number > q->number &&
                o.number - q->number <= RANGE_MAX) {
                char mid[ACQ_CELEX_MAX];
                for (int k = q->number + 1; k < o.number; k++) {
                    format_celex(&o, k, mid);
                    emit(s, s->prev_start, x.end, ACQ_CITE_RANGE, mid);
                }
            }
            emit(s, c.elem, x.end, ACQ_CITE_LIST, celex);
            remember(s, c.elem, x.end, s->prev_type, &o);
            return x.end;
        }
    }
    if (s->kb && !c.page) {
        char key[32];
        if (number_key(p, a0, x.end, key, sizeof key)) {
            const char *k = acq_instruments_celex_of_form(s->kb, key, strlen(key), 1);
            if (k)
                emit(s, a0, x.end, ACQ_CITE_TABLE, k);
        }
    }
    return x.end;
}

/* A candidate CELEX number: five digits at a0..a1 (sector and year), a
 * capital letter at a1. Returns where the scan goes on. */
static size_t try_celex(scanner *s, size_t a0, size_t a1)
{
    const uint8_t *p = s->p;
    size_t n = s->n, i = a1;
    while (i < n && is_upper(p[i]) && i - a1 < 3)
        i++;
    size_t letters = i - a1;
    size_t d = i;
    while (i < n && is_digit(p[i]) && i - d < 5)
        i++;
    if (letters < 1 || letters > 2 || i - d != 4)
        return i;
    int year = digits_value(p, a0 + 1, a1);
    if (year < 1951 || year > MAX_YEAR)
        return i;
    size_t end = i;
    char celex[ACQ_CELEX_MAX];
    size_t base = end - a0;
    if (p[a0] == '0') {
        /* a consolidated version, "02016R0794-20220628" (the date may be
         * left out): its act is the same CELEX with sector 3 */
        if (letters != 1)
            return end;
        if (end + 9 <= n && p[end] == '-') {
            size_t k = 1;
            while (k <= 8 && is_digit(p[end + k]))
                k++;
            if (k == 9)
                end += 9;
        }
        memcpy(celex, p + a0, base);
        celex[0] = '3';
        celex[base] = '\0';
    } else {
        if (end + 4 <= n && p[end] == '(' && is_digit(p[end + 1]) && is_digit(p[end + 2]) &&
            p[end + 3] == ')')
            end += 4;
        memcpy(celex, p + a0, end - a0);
        celex[end - a0] = '\0';
    }
    if (end < n && is_alnum(p[end]))
        return end;
    emit(s, a0, end, ACQ_CITE_CELEX, celex);
    return end;
}

/* 1 if a number may start at a0: not inside a word or an identifier, not
 * after a decimal point, not in a case number ("C-311/18", "C‑311/18"); a
 * dash after a digit or a space is a range ("1234/70–1236/70"). */
static int left_ok(const uint8_t *p, size_t a0)
{
    if (a0 == 0)
        return 1;
    uint8_t c = p[a0 - 1];
    if (is_alnum(c) || c == '/' || c == '_')
        return 0;
    if (c == '.')
        return !(a0 >= 2 && is_digit(p[a0 - 2]));
    uint32_t cp = c;
    size_t s = a0 - 1;
    if (c >= 0x80) {
        s = cp_back(p, 0, a0, &cp);
        if (acq_char_class(cp) == ACQ_CC_WORD)
            return 0;
    }
    if (is_dash_cp(cp) && s > 0) {
        uint32_t before;
        cp_back(p, 0, s, &before);
        if (before < 128 ? is_alpha((uint8_t)before) : acq_char_class(before) == ACQ_CC_WORD)
            return 0;
    }
    return 1;
}

int acq_citations_extract(const char *text, size_t len, const struct acq_instruments *kb,
                          acq_citations *out)
{
    if (out == NULL)
        return ACQ_EARG;
    out->n = 0;
    if (text == NULL)
        return len ? ACQ_EARG : ACQ_OK;
    scanner s;
    memset(&s, 0, sizeof s);
    s.p = (const uint8_t *)text;
    s.n = len;
    s.kb = kb;
    s.out = out;
    const uint8_t *p = s.p;
    size_t i = 0;
    while (i < len && !s.failed) {
        /* eight bytes at a time while none is a digit: most of a text */
        while (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            uint64_t y = x & 0x7F7F7F7F7F7F7F7FULL;
            uint64_t ge0 = y + 0x5050505050505050ULL;  /* high bit: byte >= '0' */
            uint64_t gt9 = y + 0x4646464646464646ULL;  /* high bit: byte > '9' */
            if (ge0 & ~gt9 & ~x & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (!is_digit(p[i])) {
            i++;
            continue;
        }
        size_t a0 = i;
        while (i < len && is_digit(p[i]))
            i++;
        if (!left_ok(p, a0) || i >= len)
            continue;
        if (p[i] == '/')
            i = try_number(&s, a0, i);
        else if (i - a0 == 5 && is_upper(p[i]))
            i = try_celex(&s, a0, i);
    }
    if (s.fold.failed)
        s.failed = 1;
    acq_buf_free(&s.fold);
    return s.failed ? ACQ_ENOMEM : ACQ_OK;
}

void acq_citations_free(acq_citations *c)
{
    if (c == NULL)
        return;
    acq_free(c->items);
    c->items = NULL;
    c->n = c->cap = 0;
}

int acq_citation_parse(const char *str, size_t len, acq_cite_parts *parts,
                       char celex[ACQ_CELEX_MAX])
{
    const uint8_t *p = (const uint8_t *)str;
    size_t a = skip_space_fwd(p, 0, len), b = len;
    while (b > a && is_space_cp(p[b - 1]))
        b--;
    if (parts)
        memset(parts, 0, sizeof *parts);
    /* a CELEX number alone */
    if (b - a >= 10 && b - a < ACQ_CELEX_MAX) {
        char tmp[ACQ_CELEX_MAX];
        memcpy(tmp, p + a, b - a);
        tmp[b - a] = '\0';
        if (acq_celex_valid(tmp)) {
            memcpy(celex, tmp, b - a + 1);
            return ACQ_OK;
        }
    }
    /* the number is the last thing in the string */
    size_t e = b;
    while (e > a && is_alpha(p[e - 1]))
        e--;
    if (e < b && e > a && p[e - 1] == '/')
        e--;
    else
        e = b;
    size_t b0 = e;
    while (b0 > a && is_digit(p[b0 - 1]))
        b0--;
    if (b0 == e || b0 == a || p[b0 - 1] != '/')
        return ACQ_ENOTFOUND;
    size_t a1 = b0 - 1, a0 = a1;
    while (a0 > a && is_digit(p[a0 - 1]))
        a0--;
    if (a0 == a1 || !left_ok(p, a0))
        return ACQ_ENOTFOUND;
    number x;
    if (!read_number(p, b, a0, a1, &x) || x.end != b)
        return ACQ_ENOTFOUND;
    acq_buf fb = {0};
    context c;
    read_context(&fb, p, a0, &c);
    int oom = fb.failed;
    acq_buf_free(&fb);
    if (oom)
        return ACQ_ENOMEM;
    acq_cite_parts o;
    if (c.type == 0 || resolve(c.type, c.has_no, &x, p, &o) != 0 || x.end != b)
        return ACQ_ENOTFOUND;
    /* before the type word only the institution: "Council", "Commission
     * Implementing" */
    for (size_t i = a; i < c.start; i++)
        if (!(is_alpha(p[i]) || p[i] == ' ' || p[i] == '-'))
            return ACQ_ENOTFOUND;
    memcpy(o.inst, c.inst, sizeof o.inst);
    format_celex(&o, o.number, celex);
    if (parts)
        *parts = o;
    return ACQ_OK;
}

int acq_celex_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 10 && n != 11 && n != 14 && n != 15)
        return 0;
    if (!((s[0] >= '1' && s[0] <= '9') || s[0] == 'C' || s[0] == 'E'))
        return 0;
    for (int i = 1; i <= 4; i++)
        if (!is_digit((uint8_t)s[i]))
            return 0;
    int year = digits_value((const uint8_t *)s, 1, 5);
    if (year < 1951 || year > MAX_YEAR)
        return 0;
    size_t i = 5;
    while (i < n && is_upper((uint8_t)s[i]) && i < 7)
        i++;
    if (i == 5)
        return 0;
    size_t d = i;
    while (i < n && is_digit((uint8_t)s[i]))
        i++;
    if (i - d != 4)
        return 0;
    if (i == n)
        return 1;
    return n - i == 4 && s[i] == '(' && is_digit((uint8_t)s[i + 1]) &&
           is_digit((uint8_t)s[i + 2]) && s[i + 3] == ')';
}
