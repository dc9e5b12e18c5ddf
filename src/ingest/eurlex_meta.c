/* eurlex_meta.c: metadata out of EU texts and their file names.
 *
 * An Official Journal page says what it is in words, not in metadata: its
 * title "DIRECTIVE (EU) 2016/680 OF THE EUROPEAN PARLIAMENT AND OF THE
 * COUNCIL of 27 April 2016 on ..." gives the type (directive), the number
 * and so the CELEX number (3 2016 L 0680), the date, and the short name
 * passages are titled with ("Directive (EU) 2016/680"). This file reads
 * those, in the 24 official languages as far as the tables below go (types
 * and months in all 24; implementing, delegated and framework acts in the
 * larger languages), and the other places a CELEX number, date or language
 * shows: language codes, ELI identifiers, CELEX numbers in any dress, and
 * the names of downloaded files and their folders ("32016l0680r(01)/versions/
 * 2018-05-23--.../en.xml", "CL2016L0680EN0000010.0001.xml", "aia_fmx_pl.xml").
 *
 * Numbers in titles: since 2015 every act is "YYYY/N"; before, regulations
 * were "No N/YYYY" and directives and decisions "YYYY/N/EU" (two-digit years
 * until 1999). A corrigendum's title names the act it corrects, so neither
 * its number nor its date is taken from there. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---- small helpers ---------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha_ascii(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* s[0..n) lower-cased (Unicode) into out (NUL-terminated, truncated). */
static void lower(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    while (p < end && k + 5 < size) {
        uint32_t cp;
        size_t len = acq_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0)
            break;
        p += len;
        k += acq_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), (uint8_t *)out + k);
    }
    out[k] = '\0';
}

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

static int ends_with(const char *w, const char *suffix)
{
    size_t n = strlen(w), k = strlen(suffix);
    return n >= k && strcmp(w + n - k, suffix) == 0;
}

static int starts_with(const char *w, const char *prefix) { return strncmp(w, prefix, strlen(prefix)) == 0; }

/* ---- language codes ---------------------------------------------------------- */

static const struct { char two[3]; char three[2][4]; } eu_langs[] = {
    {"bg", {"bul", ""}}, {"cs", {"ces", "cze"}}, {"da", {"dan", ""}}, {"de", {"deu", "ger"}},
    {"el", {"ell", "gre"}}, {"en", {"eng", ""}}, {"es", {"spa", ""}}, {"et", {"est", ""}},
    {"fi", {"fin", ""}}, {"fr", {"fra", "fre"}}, {"ga", {"gle", ""}}, {"hr", {"hrv", ""}},
    {"hu", {"hun", ""}}, {"it", {"ita", ""}}, {"lt", {"lit", ""}}, {"lv", {"lav", ""}},
    {"mt", {"mlt", ""}}, {"nl", {"nld", "dut"}}, {"pl", {"pol", ""}}, {"pt", {"por", ""}},
    {"ro", {"ron", "rum"}}, {"sk", {"slk", "slo"}}, {"sl", {"slv", ""}}, {"sv", {"swe", ""}},
};

static int eu_two(const char *two)
{
    for (size_t i = 0; i < sizeof eu_langs / sizeof eu_langs[0]; i++)
        if (strcmp(eu_langs[i].two, two) == 0)
            return 1;
    return 0;
}

int meta_lang(const char *s, size_t n, int eu_only, char out[3])
{
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    const char *slash = NULL; /* ".../authority/language/ENG": the last segment */
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/')
            slash = s + i;
    if (slash != NULL) {
        n -= (size_t)(slash + 1 - s);
        s = slash + 1;
    }
    char w[4] = "";
    size_t k = 0;
    while (k < n && k < 3 && is_alpha_ascii(s[k])) {
        w[k] = (char)(s[k] | 0x20);
        k++;
    }
    w[k] = '\0';
    if (k < n && (k != 2 || (s[k] != '-' && s[k] != '_')))
        return 0; /* more letters, or "en" followed by something not a region */
    if (k == 2) {
        if (eu_only && !eu_two(w))
            return 0;
        memcpy(out, w, 3);
        return 1;
    }
    if (k == 3) {
        for (size_t i = 0; i < sizeof eu_langs / sizeof eu_langs[0]; i++) {
            if (strcmp(eu_langs[i].three[0], w) == 0 || strcmp(eu_langs[i].three[1], w) == 0) {
                memcpy(out, eu_langs[i].two, 3);
                return 1;
            }
        }
    }
    return 0;
}

/* ---- CELEX numbers and dates --------------------------------------------------- */

int meta_celex(const char *s, size_t n, char *out, size_t out_size)
{
    char c[40];
    size_t k = 0;
    if (n >= 6 && strncasecmp(s, "CELEX:", 6) == 0)
        s += 6, n -= 6;
    while (n > 0 && *s == ' ')
        s++, n--;
    for (size_t i = 0; i < n && k + 1 < sizeof c; i++) {
        char ch = s[i];
        if (ch == '%' && i + 2 < n && s[i + 1] == '2' && (s[i + 2] == '8' || s[i + 2] == '9')) {
            ch = s[i + 2] == '8' ? '(' : ')';
            i += 2;
        } else if (ch == '-' || ch == ' ' || ch == '#' || ch == '?' || ch == '&') {
            break; /* "02016L0680-20160504": the consolidated version's date is not part of it */
        }
        c[k++] = ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch;
    }
    c[k] = '\0';
    /* sector, year, one or two letters, the number, then R(01) or (01) */
    size_t i = 0;
    if (!(is_digit(c[0]) || c[0] == 'C' || c[0] == 'E'))
        return 0;
    i = 1;
    for (int d = 0; d < 4; d++, i++)
        if (!is_digit(c[i]))
            return 0;
    int year = (c[1] - '0') * 1000 + (c[2] - '0') * 100 + (c[3] - '0') * 10 + (c[4] - '0');
    if (year < 1950 || year > 2100)
        return 0;
    size_t letters = 0;
    while (is_upper_ascii(c[i]) && letters < 2)
        i++, letters++;
    if (letters == 0)
        return 0;
    size_t digits = 0;
    while (is_digit(c[i]))
        i++, digits++;
    if (digits < 1)
        return 0;
    if (c[i] == 'R' && c[i + 1] == '(')
        i++;
    if (c[i] == '(') {
        if (!(is_digit(c[i + 1]) && is_digit(c[i + 2]) && c[i + 3] == ')'))
            return 0;
        i += 4;
    }
    if (c[i] != '\0' || i + 1 > out_size)
        return 0;
    memcpy(out, c, i + 1);
    return 1;
}

static int valid_ymd(int y, int m, int d) { return y >= 1950 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

/* "YYYY-MM-DD" of a valid date into out[11]. */
static void put_date(char out[11], int y, int m, int d)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

static int digits_value(const char *s, size_t n, int *v)
{
    if (n == 0 || n > 4)
        return 0;
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

int meta_date(const char *s, size_t n, char out[11])
{
    while (n > 0 && *s == ' ')
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    int y, m, d;
    if (n >= 8 && digits_value(s, 4, &y) && digits_value(s + 4, 2, &m) && digits_value(s + 6, 2, &d) &&
        (n == 8 || !is_digit(s[8]))) {
        /* 20160427 */
    } else if (n >= 10 && s[4] == '-' && s[7] == '-' && digits_value(s, 4, &y) && digits_value(s + 5, 2, &m) &&
               digits_value(s + 8, 2, &d)) {
        /* 2016-04-27, possibly with a time after it */
    } else {
        /* 4.5.2016, 04.05.2016 */
        size_t a = 0;
        while (a < n && is_digit(s[a]))
            a++;
        if (a == 0 || a > 2 || a >= n || s[a] != '.')
            return 0;
        size_t b = a + 1;
        while (b < n && is_digit(s[b]))
            b++;
        if (b == a + 1 || b - a - 1 > 2 || b >= n || s[b] != '.')
            return 0;
        size_t c = b + 1;
        while (c < n && is_digit(s[c]))
            c++;
        if (c - b - 1 != 4 || !digits_value(s, a, &d) || !digits_value(s + a + 1, b - a - 1, &m) ||
            !digits_value(s + b + 1, 4, &y))
            return 0;
    }
    if (!valid_ymd(y, m, d))
        return 0;
    put_date(out, y, m, d);
    return 1;
}

/* ---- act types in titles ------------------------------------------------------- */

/* The word for each type, lower case, as it starts an act's title (or ends a
 * compound: German "Durchführungsverordnung", Swedish "genomförandeförordning"). */
static const char *const dir_words[] = {
    "directive", "richtlinie", "directiva", "direttiva", "richtlijn", "diretiva", "dyrektywa", "směrnice",
    "smernica", "direktiva", "direktyva", "direktīva", "direktiv", "direktiivi", "direktiiv", "irányelv", "οδηγία",
    "директива", "treoir", "direttiva", NULL};
static const char *const reg_words[] = {
    "regulation", "règlement", "verordnung", "reglamento", "regolamento", "verordening", "regulamento",
    "rozporządzenie", "nařízení", "nariadenie", "uredba", "reglamentas", "regula", "forordning", "förordning",
    "asetus", "määrus", "rendelet", "κανονισμός", "регламент", "rialachán", "regolament", "regulamentul",
    "regulamentul", NULL};
static const char *const dec_words[] = {
    "decision", "décision", "beschluss", "entscheidung", "decisión", "decisione", "besluit", "beschikking",
    "decisão", "decyzja", "rozhodnutí", "rozhodnutie", "sklep", "odluka", "sprendimas", "lēmums", "afgørelse",
    "beslutning", "beslut", "päätös", "otsus", "határozat", "απόφαση", "решение", "cinneadh", "deċiżjoni",
    "decizia", "decizie", "rahmenbeschluss", "kaderbesluit", NULL};
/* Words (or word starts) that make an act implementing, delegated or a framework decision. */
static const char *const impl_words[] = {
    "implementing", "d'exécution", "durchführungs", "ejecución", "esecuzione", "uitvoerings", "execução",
    "wykonawcze", "wykonawcza", "prováděcí", "vykonávacie", "izvedbena", "provedbena", "įgyvendinimo",
    "īstenošanas", "gennemførelses", "genomförande", "täytäntöönpano", "rakendus", "végrehajtási",
    "εκτελεστικός", "εκτελεστική", "implimentazzjoni", NULL};
static const char *const del_words[] = {
    "delegated", "délégué", "déléguée", "delegierte", "delegierten", "delegado", "delegato", "gedelegeerde",
    "delegowane", "delegovaná", "delegované", "delegirana", "deleguotasis", "deleģētā", "delegeret",
    "delegerad", "delegoitu", "delegeeritud", "delegat", "delegata", NULL};
static const char *const framework_words[] = {
    "framework", "décision-cadre", "rahmenbeschluss", "ramowa", "marco", "quadro", "kaderbesluit",
    "decisão-quadro", NULL};
static const char *const corrigendum_words[] = {
    "corrigendum", "rectificatif", "berichtigung", "corrección", "rettifica", "rectificatie", "retificação",
    "rectificação", "sprostowanie", "oprava", "popravek", "ispravak", "klaidų", "kļūdu", "berigtigelse",
    "rättelse", "oikaisu", "parandus", "helyesbítés", "διορθωτικό", "поправка", "ceartúchán", "rettifika",
    "rectificare", NULL};
/* Words that say the next number is "N/YYYY" (a regulation before 2015). */
static const char *const no_words[] = {"no", "no.", "nr", "nr.", "n°", "n.º", "nº", "br.", "č.", "αριθ.", "№", "n.",
                                       "nru", "numărul", NULL};

static int word_matches(const char *w, const char *const *list, int compound)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(w, list[i]) == 0 || (compound && strlen(w) > strlen(list[i]) + 3 && ends_with(w, list[i])))
            return 1;
    return 0;
}

static int word_starts(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (starts_with(w, list[i]))
            return 1;
    return 0;
}

/* ---- months ---------------------------------------------------------------------- */

/* Month names as they appear in dates ("27 April 2016", "27 kwietnia 2016 r.",
 * "2016. gada 27. aprīļa"), lower case, for the 24 languages. "listopada" is
 * November in Polish and Czech but October in Croatian: see month_of(). */
static const char *const months[12][24] = {
    {"january", "janvier", "januar", "enero", "gennaio", "januari", "janeiro", "stycznia", "ledna", "januára",
     "januarja", "siječnja", "sausio", "janvāra", "tammikuuta", "jaanuar", "január", "ιανουαρίου", "януари",
     "eanáir", "jannar", "ianuarie", NULL},
    {"february", "février", "februar", "febrero", "febbraio", "februari", "fevereiro", "lutego", "února",
     "februára", "februarja", "veljače", "vasario", "februāra", "helmikuuta", "veebruar", "február",
     "φεβρουαρίου", "февруари", "feabhra", "frar", "februarie", NULL},
    {"march", "mars", "märz", "marzo", "maart", "março", "marca", "března", "marec", "ožujka", "kovo", "marta",
     "maaliskuuta", "märts", "március", "μαρτίου", "март", "márta", "marzu", "martie", NULL},
    {"april", "avril", "abril", "aprile", "kwietnia", "dubna", "apríla", "aprila", "travnja", "balandžio",
     "aprīļa", "huhtikuuta", "aprill", "április", "απριλίου", "април", "aibreán", "aprilie", NULL},
    {"may", "mai", "mayo", "maggio", "mei", "maio", "maja", "května", "mája", "svibnja", "gegužės", "maija",
     "toukokuuta", "május", "μαΐου", "μαίου", "май", "bealtaine", "mejju", NULL},
    {"june", "juin", "juni", "junio", "giugno", "junho", "czerwca", "června", "júna", "junija", "lipnja",
     "birželio", "jūnija", "kesäkuuta", "juuni", "június", "ιουνίου", "юни", "meitheamh", "ġunju", "iunie",
     NULL},
    {"july", "juillet", "juli", "julio", "luglio", "julho", "lipca", "července", "júla", "julija", "srpnja",
     "liepos", "jūlija", "heinäkuuta", "juuli", "július", "ιουλίου", "юли", "iúil", "lulju", "iulie", NULL},
    {"august", "août", "agosto", "augustus", "sierpnia", "srpna", "augusta", "avgusta", "kolovoza", "rugpjūčio",
     "elokuuta", "augusztus", "αυγούστου", "август", "lúnasa", "awwissu", NULL},
    {"september", "septembre", "septiembre", "settembre", "setembro", "września", "září", "septembra",
     "rujna", "rugsėjo", "syyskuuta", "szeptember", "σεπτεμβρίου", "септември", "settembru", "septembrie",
     NULL},
    {"october", "octobre", "oktober", "octubre", "ottobre", "outubro", "października", "října", "októbra",
     "oktobra", "spalio", "lokakuuta", "oktoober", "október", "οκτωβρίου", "октомври", "ottubru", "octombrie",
     NULL},
    {"november", "novembre", "noviembre", "novembro", "listopada", "listopadu", "novembra", "studenoga",
     "lapkričio", "marraskuuta", "νοεμβρίου", "ноември", "samhain", "novembru", "noiembrie", NULL},
    {"december", "décembre", "dezember", "diciembre", "dicembre", "dezembro", "grudnia", "prosince", "decembra",
     "prosinca", "gruodžio", "joulukuuta", "detsember", "δεκεμβρίου", "декември", "nollaig", "diċembru",
     "decembrie", NULL},
};

/* 1..12 for a month word (w lower case, prev the word before it), or 0. */
static int month_of(const char *w, const char *prev, const char *lang)
{
    if (strcmp(w, "listopada") == 0)
        return lang != NULL && strcmp(lang, "hr") == 0 ? 10 : 11;
    if (strcmp(w, "fómhair") == 0) /* Irish: Meán Fómhair, Deireadh Fómhair */
        return strcmp(prev, "deireadh") == 0 ? 10 : 9;
    for (int m = 0; m < 12; m++)
        for (size_t i = 0; months[m][i] != NULL; i++)
            if (strcmp(w, months[m][i]) == 0)
                return m + 1;
    return 0;
}

/* ---- titles ------------------------------------------------------------------------- */

#define MAX_WORDS 48

typedef struct word {
    const char *s;          /* in the title */
    size_t n;
    char low[64];           /* lower case, outer punctuation stripped (not '/', '.' inside) */
} word;

static size_t split_words(const char *s, size_t n, word *w, size_t max)
{
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        while (i < n && (s[i] == ' ' || s[i] == '\n'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n')
            j++;
        if (j > i) {
            w[k].s = s + i;
            w[k].n = j - i;
            const char *a = s + i, *b = s + j;
            while (a < b && (*a == '(' || *a == '\'' || *a == '"' || *a == ','))
                a++;
            while (b > a && (b[-1] == ',' || b[-1] == ';' || b[-1] == ':' || b[-1] == ')' || b[-1] == '\''))
                b--;
            lower(a, (size_t)(b - a), w[k].low, sizeof w[k].low);
            k++;
        }
        i = j;
    }
    return k;
}

/* "2016/680", "2014/41/EU", "1319/2011", "95/46/EC": the two numbers, or 0. */
static int act_number(const char *t, int *first, int *second, int *first_digits, int *second_digits)
{
    const char *p = t;
    int a = 0, na = 0, b = 0, nb = 0;
    while (is_digit(*p) && na < 5)
        a = a * 10 + (*p++ - '0'), na++;
    if (na == 0 || *p != '/')
        return 0;
    p++;
    while (is_digit(*p) && nb < 5)
        b = b * 10 + (*p++ - '0'), nb++;
    if (nb == 0 || is_digit(*p))
        return 0;
    if (*p != '\0' && *p != '/' && *p != '.')
        return 0;
    *first = a, *second = b, *first_digits = na, *second_digits = nb;
    return 1;
}

static int full_year(int y, int digits) { return digits == 4 ? y : digits == 2 ? 1900 + y : -1; }

/* Day and year around a month word at words[k]. */
static int date_around(const word *w, size_t nw, size_t k, int month, char out[11])
{
    int year = -1, day = -1;
    size_t lo = k >= 3 ? k - 3 : 0, hi = k + 4 < nw ? k + 4 : nw;
    for (size_t i = lo; i < hi; i++) {
        if (i == k)
            continue;
        const char *s = w[i].low;
        size_t d = 0;
        while (is_digit(s[d]))
            d++;
        if (d == 4 && year < 0) {
            int y = atoi(s);
            if (y >= 1950 && y <= 2100)
                year = y;
        } else if ((d == 1 || d == 2) && day < 0 && (i + 1 == k || i == k + 1 || i + 2 == k)) {
            day = atoi(s);
        }
    }
    if (year < 0 || !valid_ymd(year, month, day < 0 ? 0 : day))
        return 0;
    put_date(out, year, month, day);
    return 1;
}

/* Title case for a designation in capitals: English capitalises each word
 * ("Commission Implementing Regulation (EU) No 1319/2011"), the other
 * languages only the first ("Règlement d'exécution (UE) no 1319/2011").
 * Words in parentheses and words with digits stay as they are. */
static void recase(acq_buf *b, const char *s, size_t n, int english)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    int word_start = 1, first_word = 1, keep = 0;
    while (p < end) {
        uint32_t cp;
        size_t len = acq_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0)
            return;
        if (word_start) {
            /* look at the whole word: parenthesised or with digits stays */
            keep = *p == '(';
            for (const uint8_t *q = p; q < end && *q != ' '; q++)
                if (is_digit((char)*q))
                    keep = 1;
        }
        uint32_t out = cp;
        if (cp == ' ') {
            word_start = 1;
            first_word = 0;
        } else {
            if (!keep) {
                int upper = word_start && (first_word || english);
                out = (uint32_t)(upper ? utf8proc_toupper((utf8proc_int32_t)cp) : utf8proc_tolower((utf8proc_int32_t)cp));
            }
            word_start = 0;
        }
        uint8_t u[4];
        acq_buf_put(b, u, acq_utf8_encode(out, u));
        p += len;
    }
}

static int has_lower(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    while (p < end) {
        uint32_t cp;
        size_t len = acq_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0)
            return 0;
        if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL)
            return 1;
        p += len;
    }
    return 0;
}

void meta_recase_first_word(acq_buf *b, const char *s, size_t n)
{
    size_t w = 0;
    while (w < n && s[w] != ' ')
        w++;
    if (has_lower(s, w))
        acq_buf_put(b, s, w);
    else
        recase(b, s, w, 0);
    acq_buf_put(b, s + w, n - w);
}

static const char *type_name(int base, int impl, int del)
{
    static const char *const names[3][3] = {{"REG", "REG_IMPL", "REG_DEL"},
                                            {"DIR", "DIR_IMPL", "DIR_DEL"},
                                            {"DEC", "DEC_IMPL", "DEC_DEL"}};
    return names[base][impl ? 1 : del ? 2 : 0];
}

void meta_from_title(act *a)
{
    const char *title = act_meta(a, M_TITLE);
    if (title == NULL)
        return;
    const char *lang = act_meta(a, M_LANG);
    /* what a title from a meta.json says is worth no more than the meta.json */
    int trust = a->trust[M_TITLE] < TRUST_TEXT ? a->trust[M_TITLE] : TRUST_TEXT;
    word w[MAX_WORDS];
    size_t nw = split_words(title, a->meta[M_TITLE].len, w, MAX_WORDS);
    if (nw == 0)
        return;
    a->corrigendum = in_list(w[0].low, corrigendum_words) || (nw > 1 && in_list(w[1].low, corrigendum_words));

    /* the type: the first type word among the first words */
    int base = -1, impl = 0, del = 0, framework = 0;
    size_t at = 0;
    for (size_t i = 0; i < nw && i < 14 && base < 0; i++) {
        const char *x = w[i].low;
        if (word_matches(x, reg_words, 1))
            base = 0;
        else if (word_matches(x, dir_words, 1))
            base = 1;
        else if (word_matches(x, dec_words, 1) || starts_with(x, "décision-cadre"))
            base = 2;
        if (base >= 0)
            at = i;
    }
    if (base < 0)
        return;
    /* modifiers: around the type word, before the number */
    size_t number_at = nw;
    int n1 = 0, n2 = 0, d1 = 0, d2 = 0;
    for (size_t i = at + 1; i < nw && i < at + 14; i++) {
        if (act_number(w[i].low, &n1, &n2, &d1, &d2)) {
            number_at = i;
            break;
        }
        if (month_of(w[i].low, w[i - 1].low, lang))
            break; /* a date first: an act without a number in its title */
    }
    size_t mod_end = number_at < nw ? number_at : (at + 6 < nw ? at + 6 : nw);
    for (size_t i = at >= 3 ? at - 3 : 0; i < mod_end; i++) {
        const char *x = w[i].low;
        if (word_starts(x, impl_words) || in_list(x, impl_words))
            impl = 1;
        if (in_list(x, del_words))
            del = 1;
        if (in_list(x, framework_words) || starts_with(x, "décision-cadre") || starts_with(x, "rahmenbeschluss") ||
            starts_with(x, "kaderbesluit"))
            framework = 1;
    }
    if (base == 2 && framework)
        act_meta_set(a, M_TYPE, "DEC_FRAMEWORK", 13, trust);
    else
        act_meta_set(a, M_TYPE, type_name(base, impl, del), strlen(type_name(base, impl, del)), trust);

    if (number_at < nw) {
        /* number and year: "No N/YYYY" before 2015 for regulations, else YYYY/N */
        int by_no = number_at > 0 && in_list(w[number_at - 1].low, no_words);
        int year, number;
        if (by_no || (d1 != 4 && d2 == 4)) {
            number = n1;
            year = full_year(n2, d2);
        } else {
            year = full_year(n1, d1);
            number = n2;
        }
        if (year > 0 && number > 0 && a->number[0] == '\0')
            snprintf(a->number, sizeof a->number, "%d/%d", year, number);
        /* the short designation: from the title's start to the number */
        const char *end = w[number_at].s + w[number_at].n;
        while (end > title && (end[-1] == ',' || end[-1] == ';' || end[-1] == ':'))
            end--;
        size_t len = (size_t)(end - title);
        if (len < 160) {
            acq_buf b = {0};
            if (has_lower(title, (size_t)(w[number_at].s - title)))
                acq_buf_put(&b, title, len);
            else
                recase(&b, title, len, lang != NULL && strcmp(lang, "en") == 0);
            act_meta_set(a, M_SHORT, (const char *)b.data, b.len, trust);
            if (b.failed)
                a->failed = 1;
            acq_buf_free(&b);
        }
    }
    if (a->corrigendum)
        return;
    for (size_t i = at + 1; i < nw; i++) {
        int m = month_of(w[i].low, w[i - 1].low, lang);
        char date[11];
        if (m && date_around(w, nw, i, m, date)) {
            act_meta_set(a, M_DATE, date, 10, trust);
            break;
        }
    }
}

/* The number in a heading: "Article 5" -> 5, "5. cikk" -> 5, "ANNEX IV" ->
 * IV, "Article premier" -> 1; "" if none. */
void meta_heading_label(const char *s, char *out, size_t size)
{
    out[0] = '\0';
    const char *p = s;
    const char *letters = NULL;
    size_t letters_len = 0;
    int words = 0;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '(')
            p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\n')
            q++;
        size_t n = (size_t)(q - p);
        while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ':' || p[n - 1] == ')'))
            n--;
        if (n == 0) {
            p = q;
            continue;
        }
        int digit = 0, upper = 1;
        for (size_t i = 0; i < n; i++) {
            if (p[i] >= '0' && p[i] <= '9')
                digit = 1;
            if (!(p[i] >= 'A' && p[i] <= 'Z'))
                upper = 0;
        }
        if (digit) {
            snprintf(out, size, "%.*s", (int)n, p);
            return;
        }
        /* "ANNEX IV", "ANNEX A": a short word in capitals after the first */
        if (upper && words > 0 && n <= 5 && letters == NULL) {
            letters = p;
            letters_len = n;
        }
        if ((n == 7 && strncasecmp(p, "premier", 7) == 0) || (n == 3 && strncmp(p, "1er", 3) == 0)) {
            snprintf(out, size, "1");
            return;
        }
        words++;
        p = q;
    }
    if (letters != NULL)
        snprintf(out, size, "%.*s", (int)letters_len, letters);
}

/* ---- ELI ------------------------------------------------------------------------------ */

static char celex_letter(const char *type)
{
    if (type == NULL)
        return 0;
    if (strncmp(type, "REG", 3) == 0)
        return 'R';
    if (strncmp(type, "DIR", 3) == 0)
        return 'L';
    if (strcmp(type, "DEC_FRAMEWORK") == 0)
        return 'F';
    if (strncmp(type, "DEC", 3) == 0)
        return 'D';
    return 0;
}

void meta_from_eli(act *a, const char *eli, size_t n, int trust)
{
    const char *e = NULL;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(eli + i, "/eli/", 5) == 0) {
            e = eli + i + 5;
            break;
        }
    if (e == NULL)
        return;
    /* type/year/number[/oj | /YYYY-MM-DD][/lang] */
    char seg[5][24];
    size_t ns = 0;
    const char *p = e, *end = eli + n;
    while (p < end && ns < 5) {
        const char *q = p;
        while (q < end && *q != '/' && *q != '"' && *q != '#' && *q != '?')
            q++;
        size_t len = (size_t)(q - p);
        if (len == 0 || len >= sizeof seg[0])
            break;
        memcpy(seg[ns], p, len);
        seg[ns][len] = '\0';
        ns++;
        if (q >= end || *q != '/')
            break;
        p = q + 1;
    }
    if (ns < 3)
        return;
    static const struct { const char *eli, *type; } types[] = {
        {"reg", "REG"}, {"reg_impl", "REG_IMPL"}, {"reg_del", "REG_DEL"}, {"dir", "DIR"},
        {"dir_impl", "DIR_IMPL"}, {"dir_del", "DIR_DEL"}, {"dec", "DEC"}, {"dec_impl", "DEC_IMPL"},
        {"dec_del", "DEC_DEL"}, {"dec_framw", "DEC_FRAMEWORK"},
    };
    const char *type = NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(seg[0], types[i].eli) == 0)
            type = types[i].type;
    int year, number;
    if (type == NULL || !digits_value(seg[1], strlen(seg[1]), &year) || strlen(seg[1]) != 4 ||
        !digits_value(seg[2], strlen(seg[2]), &number))
        return;
    act_meta_set(a, M_TYPE, type, strlen(type), trust);
    char celex[32];
    snprintf(celex, sizeof celex, "3%04d%c%04d", year, celex_letter(type), number);
    act_meta_set(a, M_CELEX, celex, strlen(celex), trust);
    for (size_t i = 3; i < ns; i++) {
        char date[11], lang[3];
        if (meta_date(seg[i], strlen(seg[i]), date))
            act_meta_set(a, M_DATE, date, 10, trust); /* a consolidated version's date */
        else if (strlen(seg[i]) == 3 && meta_lang(seg[i], 3, 1, lang))
            act_meta_set(a, M_LANG, lang, 2, trust);
    }
}

/* ---- file names ----------------------------------------------------------------------- */

/* A CELEX number inside a file or folder name ("32016l0680r(01)",
 * "32016L0680_EN"), delimited by non-alphanumerics. */
static int celex_in(const char *s, size_t n, char *out, size_t size)
{
    for (size_t i = 0; i + 10 <= n; i++) {
        if (i > 0 && (is_alpha_ascii(s[i - 1]) || is_digit(s[i - 1])))
            continue;
        size_t j = i;
        while (j < n && (is_alpha_ascii(s[j]) || is_digit(s[j]) || s[j] == '(' || s[j] == ')'))
            j++;
        /* the longest CELEX number starting here */
        for (size_t k = j; k >= i + 10; k--)
            if (meta_celex(s + i, k - i, out, size))
                return 1;
    }
    return 0;
}

void meta_from_path(act *a, const char *path)
{
    /* the last four components: the file, then the folders above it */
    const char *end = path + strlen(path);
    for (int level = 0; level < 4 && end > path; level++) {
        const char *start = end;
        while (start > path && start[-1] != '/')
            start--;
        size_t n = (size_t)(end - start);
        char celex[24], date[11], lang[3];
        /* Formex of a consolidated text: CL2016L0680EN0000010.0001.xml */
        if (n > 13 && start[0] == 'C' && start[1] == 'L' && is_digit(start[2]) &&
            meta_celex(start + 1, 10, celex, sizeof celex)) {
            celex[0] = '3';
            act_meta_set(a, M_CELEX, celex, strlen(celex), TRUST_FILENAME);
            if (meta_lang(start + 11, 2, 1, lang) && !is_alpha_ascii(start[13]))
                act_meta_set(a, M_LANG, lang, 2, TRUST_FILENAME);
        } else if (celex_in(start, n, celex, sizeof celex)) {
            act_meta_set(a, M_CELEX, celex, strlen(celex), TRUST_FILENAME);
        }
        /* Official Journal file names: L_2016119EN.01008901.xml, L_202400903EN.000101.fmx.xml */
        if (n > 12 && (start[0] == 'L' || start[0] == 'C') && start[1] == '_') {
            size_t d = 2;
            while (d < n && is_digit(start[d]))
                d++;
            if (d >= 9 && d + 2 < n && meta_lang(start + d, 2, 1, lang) && start[d + 2] == '.')
                act_meta_set(a, M_LANG, lang, 2, TRUST_FILENAME);
        }
        for (size_t i = 0; i + 10 <= n; i++) {
            if ((i == 0 || !is_digit(start[i - 1])) && start[i + 4] == '-' && meta_date(start + i, 10, date) &&
                (i + 10 == n || !is_digit(start[i + 10]))) {
                act_meta_set(a, M_DATE, date, 10, TRUST_FILENAME);
                break;
            }
        }
        /* the language: "en.xml", "fr.fmx4", "aia_fmx_pl.xml", "act-de.html" */
        size_t stem = 0;
        while (stem < n && start[stem] != '.')
            stem++;
        if (stem == 2 && meta_lang(start, 2, 1, lang))
            act_meta_set(a, M_LANG, lang, 2, TRUST_FILENAME);
        else if (stem > 3 && (start[stem - 3] == '_' || start[stem - 3] == '-') && is_alpha_ascii(start[stem - 2]) &&
                 meta_lang(start + stem - 2, 2, 1, lang))
            act_meta_set(a, M_LANG, lang, 2, TRUST_FILENAME);
        end = start > path ? start - 1 : path;
    }
}

/* ---- at the end ---------------------------------------------------------------------- */

void meta_finish(act *a)
{
    meta_from_title(a);
    const char *type = act_meta(a, M_TYPE);
    if (act_meta(a, M_CELEX) == NULL && a->number[0] != '\0' && celex_letter(type) && !a->corrigendum) {
        int year = 0, number = 0;
        if (sscanf(a->number, "%d/%d", &year, &number) == 2 && year >= 1950 && number > 0) {
            char celex[32];
            snprintf(celex, sizeof celex, "3%04d%c%04d", year, celex_letter(type), number);
            act_meta_set(a, M_CELEX, celex, strlen(celex), TRUST_INFERRED);
        }
    }
    const char *celex = act_meta(a, M_CELEX);
    if (celex != NULL && act_meta(a, M_TYPE) == NULL && strlen(celex) > 5) {
        static const struct { char letter; const char *type; } letters[] = {
            {'R', "REG"}, {'L', "DIR"}, {'D', "DEC"}, {'F', "DEC_FRAMEWORK"}};
        for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
            if (celex[5] == letters[i].letter && !is_upper_ascii(celex[6]))
                act_meta_set(a, M_TYPE, letters[i].type, strlen(letters[i].type), TRUST_INFERRED);
    }
    if (act_meta(a, M_OJDATE) != NULL)
        act_meta_set(a, M_DATE, act_meta(a, M_OJDATE), a->meta[M_OJDATE].len, TRUST_INFERRED);
}
