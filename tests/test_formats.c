/* test_formats.c: EU law as EUR-Lex and the Publications Office publish it
 * (src/ingest/: eurlex_html.c, formex.c, package.c, eurlex_meta.c,
 * sidecar.c, markup.c, detect.c).
 *
 * Two sources of samples:
 *  - tests/data/eurlex/: small acts written for these tests, one per format
 *    (Official Journal XHTML, and its HTML as before 2014, a consolidated
 *    text without divisions, a whole EUR-Lex page, Formex COMBINED.FMX in
 *    Polish, a Formex package under its own names and renamed, a CONS.ACT
 *    with a meta.json, corrigenda whose CELEX number only their folder
 *    gives), so the logic is tested anywhere;
 *  - ../shared/corpus/eurlex-formats/: every real sample, in English, French
 *    and Polish, checked against a table (skipped, saying so, when absent).
 * Also: what broken, mis-encoded, foreign, empty and hostile files do (a
 * warning or a problem naming the file, the rest indexed, no crash), and
 * `acquis index --passages article`. */
#include <criterion/criterion.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/utf8.h"
#include "ingest/ingest.h"
#include "support.h"

#define DATA ACQ_SOURCE_DIR "/tests/data/eurlex"
/* ../shared/corpus/eurlex-formats (the shared folder is found at run time). */
static const char *shared_formats(void)
{
    static char path[2048];
    snprintf(path, sizeof path, "%s/corpus/eurlex-formats", ACQ_SHARED_DIR);
    return path;
}
#define SHARED shared_formats()

/* ---- what ingest delivers -------------------------------------------------- */

typedef struct doc {
    char *id, *title, *text, *lang, *date, *type, *celex, *url, *part, *source;
} doc;

typedef struct note {
    char *source, *msg;
} note;

#define MAX_DOCS 2048
#define MAX_NOTES 64

static struct {
    doc docs[MAX_DOCS];
    size_t ndocs;
    note probs[MAX_NOTES], warns[MAX_NOTES];
    size_t nprobs, nwarns;
} got;

static char *dup_field(const char *p, size_t n)
{
    if (p == NULL)
        return NULL;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static int on_doc(void *ctx, const acq_ingest_doc *d)
{
    (void)ctx;
    const acq_document *x = &d->doc;
    cr_assert(acq_utf8_valid((const uint8_t *)x->text, x->text_len, NULL));
    if (got.ndocs < MAX_DOCS) {
        doc *g = &got.docs[got.ndocs];
        g->id = dup_field(x->id, x->id_len);
        g->title = dup_field(x->title, x->title_len);
        g->text = dup_field(x->text, x->text_len);
        g->lang = dup_field(x->lang, x->lang_len);
        g->date = dup_field(x->date, x->date_len);
        g->type = dup_field(x->type, x->type_len);
        g->celex = dup_field(x->celex, x->celex_len);
        g->url = dup_field(x->url, x->url_len);
        g->part = dup_field(d->part, d->part_len);
        g->source = strdup(d->source);
    }
    got.ndocs++;
    return ACQ_OK;
}

static void keep_note(note *v, size_t *n, const char *source, const char *msg)
{
    if (*n < MAX_NOTES) {
        v[*n].source = strdup(source);
        v[*n].msg = strdup(msg);
    }
    (*n)++;
}

static void on_problem(void *ctx, const char *source, uint64_t line, const char *msg)
{
    (void)ctx;
    (void)line;
    keep_note(got.probs, &got.nprobs, source, msg);
}

static void on_warning(void *ctx, const char *source, const char *msg)
{
    (void)ctx;
    keep_note(got.warns, &got.nwarns, source, msg);
}

static const acq_ingest_callbacks callbacks = {on_doc, on_problem, NULL, NULL, on_warning};

static void clear(void)
{
    for (size_t i = 0; i < got.ndocs && i < MAX_DOCS; i++) {
        doc *g = &got.docs[i];
        char *f[] = {g->id, g->title, g->text, g->lang, g->date, g->type, g->celex, g->url, g->part, g->source};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
            free(f[k]);
    }
    for (size_t i = 0; i < got.nprobs && i < MAX_NOTES; i++)
        free(got.probs[i].source), free(got.probs[i].msg);
    for (size_t i = 0; i < got.nwarns && i < MAX_NOTES; i++)
        free(got.warns[i].source), free(got.warns[i].msg);
    memset(&got, 0, sizeof got);
}

static char *tmp;

static void setup(void)
{
    memset(&got, 0, sizeof got);
    tmp = test_tmpdir();
    cr_assert_not_null(tmp);
}

static void teardown(void)
{
    clear();
    test_rmrf(tmp);
    free(tmp);
}

TestSuite(formats, .init = setup, .fini = teardown);

static int read_path(const char *path, int passages)
{
    clear();
    acq_ingest_options opts = {.passages = passages ? ACQ_INGEST_ARTICLES : ACQ_INGEST_WHOLE_ACTS};
    acq_err err = {0};
    int rc = acq_ingest_path_opts(path, &opts, &callbacks, NULL, &err);
    cr_assert_eq(rc, ACQ_OK, "%s: %s", path, err.msg);
    return rc;
}

static const doc *by_id(const char *id)
{
    for (size_t i = 0; i < got.ndocs && i < MAX_DOCS; i++)
        if (strcmp(got.docs[i].id, id) == 0)
            return &got.docs[i];
    cr_assert_fail("no document %s among the %zu delivered", id, got.ndocs);
    return NULL;
}

static void expect_str(const char *what, const char *got_s, const char *want)
{
    if (want == NULL)
        cr_assert_null(got_s, "%s: '%s', expected none", what, got_s ? got_s : "");
    else
        cr_assert(got_s != NULL && strcmp(got_s, want) == 0, "%s: '%s', expected '%s'", what, got_s ? got_s : "(none)",
                  want);
}

static void expect_prefix(const char *what, const char *got_s, const char *want)
{
    cr_assert(got_s != NULL && strncmp(got_s, want, strlen(want)) == 0, "%s: '%.80s', expected it to start '%s'", what,
              got_s ? got_s : "(none)", want);
}

static int contains(const char *s, const char *needle) { return s != NULL && strstr(s, needle) != NULL; }

/* Nothing of the markup, the scripts, the styling or the page's chrome is text. */
static void expect_clean_text(const doc *d)
{
    static const char *const never[] = {
        "<p", "</", "<div", "<span", "<td", "<a ", "class=", "href=", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#",
        "function(", "$(", "window.", "dataLayer", "var ", "\xE2\x96\xBA" /* ► */, "\xE2\x96\xBC" /* ▼ */,
        "\xE2\x97\x84" /* ◄ */, "oj-", "eli-", "http-equiv", "stylesheet", "documentation tool",
        "outil de documentation", "Consolidated TEXT", "TEXTE consolid", "generateTOC", "ruxit", "xmlns", "{", "}",
        "Accept all cookies", "Advanced search", "Skip to main content", NULL};
    for (size_t i = 0; never[i] != NULL; i++)
        cr_assert(!contains(d->text, never[i]), "%s: the text holds '%s': ...%.80s", d->id, never[i],
                  strstr(d->text, never[i]) - (strstr(d->text, never[i]) - d->text > 30 ? 30 : 0));
    cr_assert(d->text[0] != ' ' && d->text[0] != '\n', "%s: the text starts with whitespace", d->id);
}

static size_t count_parts(const char *kind)
{
    size_t n = 0, k = strlen(kind);
    for (size_t i = 0; i < got.ndocs && i < MAX_DOCS; i++)
        if (got.docs[i].part != NULL && strncmp(got.docs[i].part, kind, k) == 0 && got.docs[i].part[k] == '-')
            n++;
    return n;
}

static void expect_problem_for(const char *path, const char *fragment)
{
    for (size_t i = 0; i < got.nprobs && i < MAX_NOTES; i++)
        if (strcmp(got.probs[i].source, path) == 0) {
            cr_assert(contains(got.probs[i].msg, fragment), "%s: '%s' does not say '%s'", path, got.probs[i].msg,
                      fragment);
            return;
        }
    cr_assert_fail("no problem reported for %s (%zu problems)", path, got.nprobs);
}

static void expect_warning_for(const char *path, const char *fragment)
{
    for (size_t i = 0; i < got.nwarns && i < MAX_NOTES; i++)
        if (strcmp(got.warns[i].source, path) == 0) {
            cr_assert(contains(got.warns[i].msg, fragment), "%s: '%s' does not say '%s'", path, got.warns[i].msg,
                      fragment);
            return;
        }
    cr_assert_fail("no warning for %s (%zu warnings)", path, got.nwarns);
}

static void write_bytes(const char *name, const char *data, size_t n)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f, "cannot write %s", p);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

static void write_text(const char *name, const char *text) { write_bytes(name, text, strlen(text)); }

static const char *in_tmp(const char *name)
{
    static char p[4][4200];
    static int k;
    char *s = p[k++ % 4];
    snprintf(s, sizeof p[0], "%s/%s", tmp, name);
    return s;
}

/* ---- the formats, on acts written for these tests --------------------------- */

Test(formats, official_journal_xhtml)
{
    read_path(DATA "/oj", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0);
    cr_assert_eq(got.ndocs, 1);
    const doc *d = by_id("32031L0007@2031-03-05:en");
    /* the title's lines, without "(Text with EEA relevance)" */
    expect_str("title", d->title, "DIRECTIVE (EU) 2031/7 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 5 March "
                                  "2031 on the exchange of test records between police authorities");
    expect_str("celex", d->celex, "32031L0007"); /* from the title's number and type */
    expect_str("date", d->date, "2031-03-05");   /* the act's, not the Official Journal's (12.3.2031) */
    expect_str("type", d->type, "DIR");
    expect_str("lang", d->lang, "en");
    expect_str("url", d->url, NULL);
    expect_clean_text(d);
    /* the header table is chrome; paragraphs are lines; numbers stay with what they number; footnote
       markers leave the sentence and the footnotes come last */
    expect_prefix("text", d->text, "THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,\n"
                                   "Having regard to the opinion of the Committee of the Regions,\nWhereas:\n"
                                   "(1) Police authorities exchange test records every day.\n");
    cr_assert(contains(d->text, "\n(a) records of Europol shall be kept apart;\n"), "%s", d->text);
    cr_assert(contains(d->text, "\nDone at Brussels, 5 March 2031.\nFor the Council\nThe President\nANNEX I\n"));
    cr_assert(contains(d->text, "vehicle registration data.\n(1) OJ C 10, 10.1.2031, p. 1.\n(2) Council Decision"));
    cr_assert(!contains(d->text, "Official Journal of the European Union") && !contains(d->text, "L 61/1"));
    cr_assert_null(got.docs[0].part);

    read_path(DATA "/oj", 1);
    cr_assert_eq(got.ndocs, 6, "2 recitals, 3 articles (the quoted Article 4a is not one), 1 annex: %zu", got.ndocs);
    cr_assert_eq(count_parts("rec"), 2);
    cr_assert_eq(count_parts("art"), 3);
    cr_assert_eq(count_parts("anx"), 1);
    d = by_id("32031L0007@2031-03-05:en#art-2");
    expect_str("title", d->title, "Directive (EU) 2031/7, Article 2: Time-limits for storage");
    expect_str("text", d->text, "Article 2\nTime-limits for storage\n1. Member States shall erase test records after "
                                "five years.\n(a) records of Europol shall be kept apart;");
    expect_str("part", d->part, "art-2");
    expect_str("celex", d->celex, "32031L0007");
    d = by_id("32031L0007@2031-03-05:en#rec-2"); /* a part keeps the footnotes it cites */
    expect_str("title", d->title, "Directive (EU) 2031/7, Recital 2");
    expect_str("text", d->text, "(2) Such records should be kept no longer than needed.\n"
                                "(2) Council Decision 2008/615/JHA on stepping up cross-border cooperation.");
    d = by_id("32031L0007@2031-03-05:en#art-3");
    cr_assert(contains(d->text, "\xE2\x80\x98" "Article 4a\nRecords shall be encrypted."));
    d = by_id("32031L0007@2031-03-05:en#anx-I");
    expect_str("title", d->title, "Directive (EU) 2031/7, Annex I: List of record formats");
}

/* Before 2014 the Official Journal's HTML had the same classes without
 * "oj-" and no divisions: articles run from heading to heading. */
Test(formats, official_journal_html_before_2014)
{
    read_path(DATA "/oj-old", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0);
    cr_assert_eq(got.ndocs, 1);
    const doc *d = by_id("32029D0999@2029-06-23:en");
    expect_str("title", d->title, "COUNCIL DECISION 2029/999/JHA of 23 June 2029 on the stepping up of cross-border "
                                  "cooperation on test records");
    expect_str("type", d->type, "DEC");
    expect_clean_text(d);
    expect_prefix("text", d->text, "THE COUNCIL OF THE EUROPEAN UNION,\nHaving regard to the Treaty on European Union,\n");
    read_path(DATA "/oj-old", 1);
    cr_assert_eq(got.ndocs, 3);
    d = by_id("32029D0999@2029-06-23:en#art-2");
    expect_str("title", d->title, "Council Decision 2029/999/JHA, Article 2: Establishment of national files");
    expect_str("text", d->text, "Article 2\nEstablishment of national files\nMember States shall open and keep "
                                "national files of test records.");
    expect_str("text", by_id("32029D0999@2029-06-23:en#anx-1")->text, "ANNEX\nFormats of test records.");
}

/* s with the first `from` replaced by `to` (a new string). */
static char *replace_once(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    cr_assert_not_null(at, "'%s' is not in the sample", from);
    size_t a = (size_t)(at - s), n = strlen(s), k = strlen(from), m = strlen(to);
    char *r = malloc(n - k + m + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, m);
    memcpy(r + a + m, at + k, n - a - k + 1);
    return r;
}

/* XHTML that is not well-formed XML after all (an HTML entity, an element
 * left open) is read by the HTML parser instead, to the same result. */
Test(formats, xhtml_that_is_not_well_formed_reads_the_same)
{
    read_path(DATA "/oj", 0);
    char *want = strdup(got.docs[0].text);
    char *page = test_read_file(DATA "/oj/L_2031061EN.01000101.xml", NULL);
    cr_assert_not_null(page);
    char *a = replace_once(page, "every day.", "every&nbsp;day.");
    char *b = replace_once(a, "<hr class=\"oj-doc-end\"/>", "<br>");
    write_text("L_2031061EN.01000101.xml", b);
    free(page), free(a), free(b);
    read_path(tmp, 0);
    cr_assert_eq(got.ndocs, 1);
    cr_assert_eq(got.nwarns + got.nprobs, 0);
    expect_str("id", got.docs[0].id, "32031L0007@2031-03-05:en");
    expect_str("text", got.docs[0].text, want);
    free(want);
}

Test(formats, consolidated_text_without_divisions)
{
    read_path(DATA "/consolidated", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0);
    cr_assert_eq(got.ndocs, 1);
    /* CELEX number, language and date from the page's <title> and reference line: the
       consolidated version's date, the act's CELEX number */
    const doc *d = by_id("32030R0012@2031-09-01:fr");
    expect_str("title", d->title, "RÈGLEMENT (UE) 2030/12 DU PARLEMENT EUROPÉEN ET DU CONSEIL du 12 février 2030 "
                                  "relatif aux registres d'essai des autorités répressives");
    expect_str("type", d->type, "REG");
    expect_str("lang", d->lang, "fr");
    expect_clean_text(d);
    /* no disclaimer, no box of amendments, no title again, no ►B/▼M1 markers */
    expect_prefix("text", d->text, "CHAPITRE I\nDispositions générales\nArticle premier\nObjet\n");
    cr_assert(!contains(d->text, "Modifié par") && !contains(d->text, "2031/3"));
    cr_assert(contains(d->text, "\na) les données d'Europol sont conservées à part;\n2. Les registres sont chiffrés."));

    read_path(DATA "/consolidated", 1);
    cr_assert_eq(got.ndocs, 4);
    d = by_id("32030R0012@2031-09-01:fr#art-1"); /* "Article premier" is article 1 */
    expect_str("title", d->title, "Règlement (UE) 2030/12, Article premier: Objet");
    expect_str("text", d->text, "Article premier\nObjet\nLe présent règlement fixe les règles applicables aux registres "
                                "d'essai.\n(1) Décision 2008/615/JAI du Conseil.");
    d = by_id("32030R0012@2031-09-01:fr#art-2"); /* it ends at the next chapter's heading */
    cr_assert(!contains(d->text, "CHAPITRE II"), "%s", d->text);
    d = by_id("32030R0012@2031-09-01:fr#anx-1");
    expect_str("title", d->title, "Règlement (UE) 2030/12, Annexe: Formats des registres");
}

Test(formats, whole_eurlex_page)
{
    read_path(DATA "/page", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0);
    cr_assert_eq(got.ndocs, 1);
    const doc *d = by_id("32029D0451@2029-11-20:en");
    /* <meta> and the canonical ELI beat the text; DC.language beats the site's own language (FR) */
    expect_str("celex", d->celex, "32029D0451");
    expect_str("type", d->type, "DEC_IMPL");
    expect_str("date", d->date, "2029-11-20");
    expect_str("lang", d->lang, "en");
    expect_str("url", d->url, "https://eur-lex.europa.eu/eli/dec_impl/2029/451/oj/eng");
    expect_prefix("title", d->title, "COMMISSION IMPLEMENTING DECISION (EU) 2029/451 of 20 November 2029");
    expect_clean_text(d);
    expect_str("text", d->text, "THE EUROPEAN COMMISSION,\nWhereas:\n(1) Formats differ between Member States.\n"
                                "Article 1\nTest records shall be exchanged in the format set out in the Annex.\n"
                                "Article 2\nThis Decision is addressed to the Member States.\nANNEX\n"
                                "Each record holds a reference number & a date.");
    read_path(DATA "/page", 1);
    cr_assert_eq(got.ndocs, 4);
    expect_str("title", by_id("32029D0451@2029-11-20:en#art-2")->title,
               "Commission Implementing Decision (EU) 2029/451, Article 2");
    expect_str("title", by_id("32029D0451@2029-11-20:en#anx-1")->title,
               "Commission Implementing Decision (EU) 2029/451, Annex");
}

Test(formats, formex_combined_in_polish)
{
    read_path(DATA "/formex/combined", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0);
    cr_assert_eq(got.ndocs, 1);
    const doc *d = by_id("32030R0031@2030-05-03:pl");
    expect_str("title", d->title, "Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2030/31 z dnia 3 maja 2030 r. "
                                  "w sprawie wymiany rejestrów testowych");
    expect_str("type", d->type, "REG");
    expect_str("lang", d->lang, "pl");
    expect_clean_text(d);
    /* the Official Journal's table of contents is not text; quotation marks come from QUOT.START/END;
       list numbers stay with their items; a table row is a line */
    cr_assert(!contains(d->text, "Dziennik Urzędowy"));
    cr_assert(contains(d->text, "\n1. Państwa członkowskie usuwają rejestry po pięciu latach:\na) rejestry "
                                "Europolu przechowuje się oddzielnie;\n"), "%s", d->text);
    cr_assert(contains(d->text, "\n\xE2\x80\x9E" "Artykuł 4a\nRejestry szyfruje się.\xE2\x80\x9D\n"), "%s", d->text);
    cr_assert(contains(d->text, "\nOdciski palców ANSI/NIST\n(1) Dz.U. C 1 z 1.1.2030, s. 1.\n(2) Decyzja Rady"));

    read_path(DATA "/formex/combined", 1);
    cr_assert_eq(count_parts("rec"), 2);
    cr_assert_eq(count_parts("art"), 3, "the quoted Artykuł 4a is not an article of this act");
    cr_assert_eq(count_parts("anx"), 1);
    d = by_id("32030R0031@2030-05-03:pl#art-2");
    expect_str("title", d->title, "Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2030/31, Artykuł 2: "
                                  "Okres przechowywania");
    expect_str("title", by_id("32030R0031@2030-05-03:pl#rec-1")->title,
               "Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2030/31, Motyw 1");
    expect_str("text", by_id("32030R0031@2030-05-03:pl#rec-2")->text,
               "(2) Rejestry należy przechowywać nie dłużej, niż to konieczne.\n(2) Decyzja Rady 2008/615/WSiSW.");
    d = by_id("32030R0031@2030-05-03:pl#anx-II");
    expect_str("title", d->title, "Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2030/31, Załącznik II: "
                                  "Formaty rejestrów");
}

static void expect_package_act(void)
{
    cr_assert_eq(got.nprobs + got.nwarns, 0, "%s", got.nprobs ? got.probs[0].msg : got.nwarns ? got.warns[0].msg : "");
    cr_assert_eq(got.ndocs, 1, "the manifest and its parts are one act: %zu documents", got.ndocs);
    const doc *d = by_id("32031R0099@2031-02-14:en");
    expect_str("title", d->title, "Commission Implementing Regulation (EU) 2031/99 of 14 February 2031 on the "
                                  "retention of test records");
    expect_str("type", d->type, "REG_IMPL"); /* LEGAL.VALUE REGIMP */
    expect_str("celex", d->celex, "32031R0099"); /* from the manifest's ELI */
    expect_str("text", d->text, "THE EUROPEAN COMMISSION,\nWhereas:\n(1) Test records need a common retention period.\n"
                                "HAS ADOPTED THIS REGULATION:\nArticle 1\nRetention\nTest records shall be retained "
                                "as set out in the Annex.\nANNEX\nRetention periods\nFingerprints: five years.");
}

Test(formats, formex_package_and_the_same_package_renamed)
{
    read_path(DATA "/formex/package", 0);
    expect_package_act();
    cr_assert(contains(got.docs[0].source, "L_203100099EN.doc.fmx.xml"));
    /* saved as DOC_1..DOC_3, the parts are found by the manifest they name, in NO.SEQ order */
    read_path(DATA "/formex/renamed", 0);
    expect_package_act();
    /* the manifest named alone finds its parts beside it */
    read_path(DATA "/formex/package/L_203100099EN.doc.fmx.xml", 1);
    cr_assert_eq(got.ndocs, 3);
    expect_str("title", by_id("32031R0099@2031-02-14:en#anx-1")->title,
               "Commission Implementing Regulation (EU) 2031/99, Annex: Retention periods");
    /* a part named alone is an act of its own; a table of contents is none */
    read_path(DATA "/formex/package/L_203100099EN.000101.fmx.xml", 0);
    cr_assert_eq(got.ndocs, 1);
    read_path(DATA "/formex/package/L_203100099EN.toc.fmx.xml", 0);
    cr_assert_eq(got.ndocs, 0);
    expect_problem_for(DATA "/formex/package/L_203100099EN.toc.fmx.xml", "table of contents");
}

/* Title, CELEX number, date, type and language come from the document,
 * else the file name, else the meta.json beside it. */
Test(formats, metadata_in_order_of_trust)
{
    read_path(DATA "/lex", 0);
    cr_assert_eq(got.nprobs + got.nwarns, 0, "%s", got.nprobs ? got.probs[0].msg : "");
    cr_assert_eq(got.ndocs, 4);
    /* a Formex consolidated text: the version's START.DATE over the act's date in its manifest; its own
       title and type over meta.json's; meta.json still gives the URL the document lacks */
    const doc *d = by_id("32031L0007@2031-09-01:en");
    expect_prefix("title", d->title, "Directive (EU) 2031/7 of the European Parliament");
    expect_str("type", d->type, "DIR");
    expect_str("url", d->url, "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02031L0007-20310901");
    cr_assert(contains(d->text, "\nANNEX I\nList of record formats\n"));
    /* a corrigendum: its title names the act it corrects, so its CELEX number comes from its folder
       ("32031l0007r(01)"); its date is the Official Journal's, which beats the folder's */
    d = by_id("32031L0007R(01)@2031-06-02:en");
    expect_str("celex", d->celex, "32031L0007R(01)");
    expect_str("type", d->type, "DIR");
    expect_prefix("title", d->title, "Corrigendum to Directive (EU) 2031/7");
    /* no header: the language from the file name (fr.xml), the date from the folder */
    d = by_id("32031L0007R(01)@2031-06-01:fr");
    expect_str("lang", d->lang, "fr");
    /* nothing in the document: everything from meta.json, the language from the expression that names
       this very file */
    d = by_id("32031L0007@2031-03-05:de");
    expect_str("title", d->title, "Richtlinie (EU) 2031/7 des Europäischen Parlaments und des Rates vom 5. März 2031");
    expect_str("type", d->type, "DIR");
    expect_str("url", d->url, "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32031L0007");
}

Test(formats, passages_option_is_checked)
{
    acq_ingest_options opts = {.passages = 7};
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path_opts(DATA "/oj", &opts, &callbacks, NULL, &err), ACQ_EARG);
    cr_assert(contains(err.msg, "passages"));
    /* whole acts are the default, and other documents are never split */
    clear();
    write_text("notes.html", "<html><body><h1>Article 5</h1><p>Text</p></body></html>");
    read_path(tmp, 1);
    cr_assert_eq(got.ndocs, 1);
    expect_str("id", got.docs[0].id, "notes.html");
}

/* ---- files that are not what they should be ------------------------------------- */

Test(formats, bad_files_are_named_and_the_rest_is_indexed)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "cp '%s/oj/L_2031061EN.01000101.xml' '%s/good.xml'", DATA, tmp);
    cr_assert_eq(system(cmd), 0);
    write_text("broken.html", "<html><body><p>Europol <b>data</p></i><div><p>unclosed");
    write_text("broken-formex.xml", "<?xml version=\"1.0\"?><ACT><TITLE><TI><P>Regulation</P></TI><ENACTING.TERMS></ACT>");
    write_text("latin1-says-utf8.html",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html><body><p>caf\xe9 Pr\xfcm</p></body></html>");
    write_text("utf8-says-latin1.html", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><body><p>caf\xc3\xa9 "
                                        "Pr\xc3\xbcm</p></body></html>");
    write_text("real-latin1.html", "<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9 Pr\xfcm</p></body>"
                                   "</html>");
    write_text("act.xml", "%PDF-1.7\n%\xe2\xe3\n");
    write_text("page.html", "{\"id\": \"x\"}\n");
    write_text("empty.html", "");
    write_text("blank.xml", "  \n");
    write_text("LICENSE", "Reuse is permitted with attribution.\n");
    write_text("meta.json", "{\"work_identifier\": \"not for these files\"}");
    acq_err err = {0};
    acq_ingest_stats st = {0};
    cr_assert_eq(acq_ingest_path(tmp, &callbacks, &st, &err), ACQ_OK, "%s", err.msg);
    /* read: the good act; broken HTML (as browsers read it); UTF-8 declared Latin-1 (read as UTF-8);
       real Latin-1 (converted) */
    cr_assert_eq(got.ndocs, 4, "%zu documents", got.ndocs);
    by_id("32031L0007@2031-03-05:en");
    expect_str("text", by_id("broken.html")->text, "Europol data\nunclosed");
    expect_str("text", by_id("utf8-says-latin1.html")->text, "café Prüm");
    expect_str("text", by_id("real-latin1.html")->text, "café Prüm");
    expect_warning_for(in_tmp("broken.html"), "broken HTML markup");
    expect_warning_for(in_tmp("utf8-says-latin1.html"), "declares ISO-8859-1 but its bytes are UTF-8");
    cr_assert_eq(got.nwarns, 2);
    cr_assert_eq(st.warnings, 2);
    /* skipped, each named with the reason */
    expect_problem_for(in_tmp("broken-formex.xml"), "not well-formed XML (line 1, column");
    expect_problem_for(in_tmp("latin1-says-utf8.html"), "invalid UTF-8 at byte 57, though the file declares UTF-8");
    expect_problem_for(in_tmp("act.xml"), "it is a PDF");
    expect_problem_for(in_tmp("page.html"), "it is JSON");
    expect_problem_for(in_tmp("empty.html"), "an empty file");
    expect_problem_for(in_tmp("blank.xml"), "nothing but spaces");
    expect_problem_for(in_tmp("LICENSE"), "not a format acquis reads");
    cr_assert_eq(got.nprobs, 7, "%zu problems (meta.json is read with documents, never reported)", got.nprobs);
    cr_assert_eq(st.skipped, 7);
}

/* Documents are untrusted: no entity is expanded, nothing outside the file
 * is read, depth and size are bounded, and nothing crashes or hangs. */
Test(formats, hostile_markup, .timeout = 60)
{
    write_text("laughs.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                             "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<ACT>&lol2;</ACT>");
    write_text("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE ACT [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                          "<ACT><TITLE><TI><P>&x;</P></TI></TITLE></ACT>");
    write_text("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE ACT SYSTEM \"file:///etc/passwd\">\n"
                          "<ACT><TITLE><TI><P>Regulation &x;</P></TI></TITLE></ACT>");
    /* 200,000 nested elements: libxml2 stops at 256 levels */
    size_t depth = 200000;
    size_t n = 0;
    char *deep = malloc(depth * 11 + 64);
    n += (size_t)sprintf(deep + n, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + n, "<div>", 5), n += 5;
    n += (size_t)sprintf(deep + n, "deep");
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + n, "</div>", 6), n += 6;
    write_bytes("deep.html", deep, n);
    n = (size_t)sprintf(deep, "<?xml version=\"1.0\"?>");
    for (size_t i = 0; i < 1000; i++)
        memcpy(deep + n, "<ACT>", 5), n += 5;
    write_bytes("deep.xml", deep, n);
    free(deep);
    /* a 300 MB file (sparse) is refused before it is read */
    FILE *f = fopen(in_tmp("huge.html"), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, 300L << 20, SEEK_SET), 0);
    fputc('x', f);
    fclose(f);

    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(tmp, &callbacks, NULL, &err), ACQ_OK, "%s", err.msg);
    expect_problem_for(in_tmp("laughs.xml"), "declares XML entities");
    expect_problem_for(in_tmp("xxe.xml"), "declares XML entities");
    expect_problem_for(in_tmp("dtd.xml"), "Entity 'x' not defined");
    expect_problem_for(in_tmp("deep.xml"), "not well-formed XML");
    expect_problem_for(in_tmp("huge.html"), "more than the 256 MB");
    expect_warning_for(in_tmp("deep.html"), "broken HTML markup");
    for (size_t i = 0; i < got.ndocs && i < MAX_DOCS; i++)
        cr_assert(!contains(got.docs[i].text, "root:"), "a file outside the document was read");
}

/* Pages that are not EUR-Lex's stay plain pages; markup is recognised
 * whatever its name. */
Test(formats, plain_pages_and_markup_under_other_names)
{
    write_text("site.html", "<!DOCTYPE html><html lang=\"de-AT\"><head><title>Europol-Bericht</title>"
                            "<script>var x = 1;</script></head><body><header>Startseite Suche</header>"
                            "<nav><a href=\"/\">Menü</a></nav><main><header><h1>Bericht 2031</h1></header>"
                            "<p>Der <b>Euro</b>pol-Bericht.</p></main><aside>Werbung</aside>"
                            "<footer>Impressum</footer><div role=\"navigation\">Weiter</div></body></html>");
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "cp '%s/oj/L_2031061EN.01000101.xml' '%s/download'", DATA, tmp);
    cr_assert_eq(system(cmd), 0);
    write_text("notes", "plain words, no markup\n");
    read_path(tmp, 0);
    cr_assert_eq(got.ndocs, 2);
    const doc *d = by_id("site.html");
    expect_str("title", d->title, "Europol-Bericht");
    expect_str("text", d->text, "Bericht 2031\nDer Europol-Bericht.");
    expect_str("lang", d->lang, "de");
    expect_str("celex", d->celex, NULL);
    by_id("32031L0007@2031-03-05:en"); /* "download": an Official Journal act without an extension */
    expect_problem_for(in_tmp("notes"), "not a format acquis reads");
    cr_assert_eq(got.nprobs, 1);
}

/* ---- acquis index --passages article ---------------------------------------- */

Test(formats, acquis_index_passages_article)
{
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s index --passages article -o '%s/ix' '%s' 2>&1", ACQ_CLI_PATH, tmp, DATA);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out);
    cr_assert(contains(out, "indexed 3"), "%s", out); /* 3x documents, whatever x is */
    free(out);
    snprintf(cmd, sizeof cmd, "%s search -i '%s/ix' --json 'title:\"time-limits for storage\"'", ACQ_CLI_PATH, tmp);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out);
    cr_assert(contains(out, "\"id\":\"32031L0007@2031-03-05:en#art-2\""), "%s", out);
    cr_assert(contains(out, "\"title\":\"Directive (EU) 2031/7, Article 2: Time-limits for storage\""), "%s", out);
    free(out);
    /* whole acts by default */
    snprintf(cmd, sizeof cmd, "%s index -o '%s/whole' '%s/oj' 2>&1 && %s search -i '%s/whole' --json encrypted",
             ACQ_CLI_PATH, tmp, DATA, ACQ_CLI_PATH, tmp);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out);
    cr_assert(contains(out, "\"id\":\"32031L0007@2031-03-05:en\""), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s index --passages paragraph -o '%s/x' '%s/oj' 2>&1", ACQ_CLI_PATH, tmp, DATA);
    cr_assert_eq(test_run(cmd, &out), 2, "%s", out);
    cr_assert(contains(out, "--passages wants 'article'"), "%s", out);
    free(out);
    /* a warning is printed with the file's name, and the file is indexed */
    write_text("broken.html", "<html><body><p>Europol <b>data</p></i>");
    snprintf(cmd, sizeof cmd, "%s index -o '%s/w' '%s/broken.html' 2>&1", ACQ_CLI_PATH, tmp, tmp);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out);
    cr_assert(contains(out, "broken.html: warning: broken HTML markup"), "%s", out);
    cr_assert(contains(out, "indexed 1 documents"), "%s", out);
    free(out);
}

/* ---- every sample of ../shared/corpus/eurlex-formats/ --------------------------- */

/* Per sample (a file; for a Formex package, its manifest): the act's title
 * (its start), CELEX number, date, type and language; the first and last
 * words of its text (nothing of the page before or after it); its recitals,
 * articles and annexes when split, and one article's title and the words
 * its text starts with after its heading. Consolidated texts have no
 * preamble, corrigenda no parts. Values checked against the documents. */
typedef struct sample_row {
    const char *path; /* under eurlex-formats/, with * for the hash in version folders */
    const char *title, *celex, *date, *type, *lang;
    int recitals, articles, annexes;
    const char *part, *part_title, *part_words;
    const char *first, *last;
} sample_row;

static const sample_row samples[] = {
    {"lex-corpus/32014l0041/versions/2014-05-01*/en.fmx4/CL2014L0041EN0000020.0001.doc.xml",
     "Directive 2014/41/EU of the European Parliament ", "32014L0041", "2014-05-01", "DIR", "en",
     46, 39, 4, "art-5", "Directive 2014/41/EU, Article 5: Content and form of the EIO", "1. The EIO in the form set out in Annex ",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", " Network (OJ L 348, 24.12.2008, p. 130)."},
    {"lex-corpus/32014l0041/versions/2014-05-01*/fr.fmx4/CL2014L0041FR0000020.0001.doc.xml",
     "Directive 2014/41/UE du Parlement européen et du", "32014L0041", "2014-05-01", "DIR", "fr",
     46, 39, 4, "art-5", "Directive 2014/41/UE, Article 5: Contenu et forme de la décision d'enquête européenne", "1. La décision d'enquête européenne prév",
     "LE PARLEMENT EUROPÉEN ET LE CONSEIL DE L", "ropéen (JO L 348 du 24.12.2008, p. 130)."},
    {"lex-corpus/32014l0041/versions/2022-03-13*/en.fmx4/CL2014L0041EN0010010.0001.doc.xml",
     "Directive 2014/41/EU of the European Parliament ", "32014L0041", "2022-03-13", "DIR", "en",
     0, 39, 4, "art-5", "Directive 2014/41/EU, Article 5: Content and form of the EIO", "1. The EIO in the form set out in Annex ",
     "CHAPTER I", " Network (OJ L 348, 24.12.2008, p. 130)."},
    {"lex-corpus/32014l0041/versions/2022-03-13*/fr.fmx4/CL2014L0041FR0010010.0001.doc.xml",
     "Directive 2014/41/UE du Parlement européen et du", "32014L0041", "2022-03-13", "DIR", "fr",
     0, 39, 4, "art-5", "Directive 2014/41/UE, Article 5: Contenu et forme de la décision d'enquête européenne", "1. La décision d'enquête européenne prév",
     "CHAPITRE I", "ropéen (JO L 348 du 24.12.2008, p. 130)."},
    {"lex-corpus/32014l0041r(02)/versions/2015-06-09*/en.xml",
     "Corrigendum to Directive 2014/41/EU of the Europ", "32014L0041R(02)", "2015-06-09", "DIR", "en",
     0, 0, 0, NULL, NULL, NULL,
     "On page 6, Article 1(1), second line:", "the figure ‘1.’ is deleted."},
    {"lex-corpus/32014l0041r(02)/versions/2015-06-09*/fr.xml",
     "Rectificatif à la directive 2014/41/UE du Parlem", "32014L0041R(02)", "2015-06-09", "DIR", "fr",
     0, 0, 0, NULL, NULL, NULL,
     "Page 24, annexe A, section C, deuxième l", "ème ligne, le chiffre «1.» est supprimé."},
    {"lex-corpus/32015l0849/versions/2015-05-20*/en.xml",
     "DIRECTIVE (EU) 2015/849 OF THE EUROPEAN PARLIAME", "32015L0849", "2015-05-20", "DIR", "en",
     68, 69, 4, "art-5", "Directive (EU) 2015/849, Article 5", "Member States may adopt or retain in for",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "epositories (OJ L 201, 27.7.2012, p. 1)."},
    {"lex-corpus/32015l0849/versions/2015-05-20*/fr.xml",
     "DIRECTIVE (UE) 2015/849 DU PARLEMENT EUROPÉEN ET", "32015L0849", "2015-05-20", "DIR", "fr",
     68, 69, 4, "art-5", "Directive (UE) 2015/849, Article 5", "Les États membres peuvent arrêter ou mai",
     "LE PARLEMENT EUROPÉEN ET LE CONSEIL DE L", " centraux (JO L 201 du 27.7.2012, p. 1)."},
    {"lex-corpus/32015l0849/versions/2018-07-09*/en.fmx4/CL2015L0849EN0010010.0001.doc.xml",
     "Directive (EU) 2015/849 of the European Parliame", "32015L0849", "2018-07-09", "DIR", "en",
     0, 78, 4, "art-5", "Directive (EU) 2015/849, Article 5", "Member States may adopt or retain in for",
     "CHAPTER I", "ting powers (OJ L 55, 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2018-07-09*/en.html",
     "DIRECTIVE (EU) 2015/849 OF THE EUROPEAN PARLIAME", "32015L0849", "2018-07-09", "DIR", "en",
     0, 78, 4, "art-5", "Directive (EU) 2015/849, Article 5", "Member States may adopt or retain in for",
     "CHAPTER I", "ting powers (OJ L 55, 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2018-07-09*/fr.fmx4/CL2015L0849FR0010010.0001.doc.xml",
     "Directive (UE) 2015/849 du Parlement Européen et", "32015L0849", "2018-07-09", "DIR", "fr",
     0, 78, 4, "art-5", "Directive (UE) 2015/849, Article 5", "Les États membres peuvent arrêter ou mai",
     "CHAPITRE I", "ommission (JO L 55 du 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2018-07-09*/fr.html",
     "DIRECTIVE (UE) 2015/849 DU PARLEMENT EUROPÉEN ET", "32015L0849", "2018-07-09", "DIR", "fr",
     0, 78, 4, "art-5", "Directive (UE) 2015/849, Article 5", "Les États membres peuvent arrêter ou mai",
     "CHAPITRE I", "ommission (JO L 55 du 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2024-12-30*/en.fmx4/CL2015L0849EN0040010.0001.doc.xml",
     "Directive (EU) 2015/849 of the European Parliame", "32015L0849", "2024-12-30", "DIR", "en",
     0, 81, 4, "art-5", "Directive (EU) 2015/849, Article 5", "Member States may adopt or retain in for",
     "CHAPTER I", "ting powers (OJ L 55, 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2024-12-30*/en.html",
     "DIRECTIVE (EU) 2015/849 OF THE EUROPEAN PARLIAME", "32015L0849", "2024-12-30", "DIR", "en",
     0, 81, 4, "art-5", "Directive (EU) 2015/849, Article 5", "Member States may adopt or retain in for",
     "CHAPTER I", "ting powers (OJ L 55, 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2024-12-30*/fr.fmx4/CL2015L0849FR0040010.0001.doc.xml",
     "Directive (UE) 2015/849 du Parlement Européen et", "32015L0849", "2024-12-30", "DIR", "fr",
     0, 81, 4, "art-5", "Directive (UE) 2015/849, Article 5", "Les États membres peuvent arrêter ou mai",
     "CHAPITRE I", "ommission (JO L 55 du 28.2.2011, p. 13)."},
    {"lex-corpus/32015l0849/versions/2024-12-30*/fr.html",
     "DIRECTIVE (UE) 2015/849 DU PARLEMENT EUROPÉEN ET", "32015L0849", "2024-12-30", "DIR", "fr",
     0, 81, 4, "art-5", "Directive (UE) 2015/849, Article 5", "Les États membres peuvent arrêter ou mai",
     "CHAPITRE I", "ommission (JO L 55 du 28.2.2011, p. 13)."},
    {"lex-corpus/32016l0680/versions/2016-04-27*/en.xml",
     "DIRECTIVE (EU) 2016/680 OF THE EUROPEAN PARLIAME", "32016L0680", "2016-04-27", "DIR", "en",
     107, 65, 0, "art-5", "Directive (EU) 2016/680, Article 5: Time-limits for storage and review", "Member States shall provide for appropri",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "(18) OJ C 192, 30.6.2012, p. 7."},
    {"lex-corpus/32016l0680/versions/2016-04-27*/fr.xml",
     "DIRECTIVE (UE) 2016/680 DU PARLEMENT EUROPÉEN ET", "32016L0680", "2016-04-27", "DIR", "fr",
     107, 65, 0, "art-5", "Directive (UE) 2016/680, Article 5: Délais de conservation et d'examen", "Les États membres prévoient que des déla",
     "LE PARLEMENT EUROPÉEN ET LE CONSEIL DE L", "(18) JO C 192 du 30.6.2012, p. 7."},
    {"lex-corpus/32016l0680/versions/2016-05-04*/en.fmx4/CL2016L0680EN0000010.0001.doc.xml",
     "Directive (EU) 2016/680 of the European Parliame", "32016L0680", "2016-05-04", "DIR", "en",
     0, 65, 0, "art-5", "Directive (EU) 2016/680, Article 5: Time-limits for storage and review", "Member States shall provide for appropri",
     "CHAPTER I", "ctive is addressed to the Member States."},
    {"lex-corpus/32016l0680/versions/2016-05-04*/en.html",
     "DIRECTIVE (EU) 2016/680 OF THE EUROPEAN PARLIAME", "32016L0680", "2016-05-04", "DIR", "en",
     0, 65, 0, "art-5", "Directive (EU) 2016/680, Article 5: Time-limits for storage and review", "Member States shall provide for appropri",
     "CHAPTER I", "ctive is addressed to the Member States."},
    {"lex-corpus/32016l0680/versions/2016-05-04*/fr.fmx4/CL2016L0680FR0000010.0001.doc.xml",
     "Directive (UE) 2016/680 du Parlement européen et", "32016L0680", "2016-05-04", "DIR", "fr",
     0, 65, 0, "art-5", "Directive (UE) 2016/680, Article 5: Délais de conservation et d'examen", "Les États membres prévoient que des déla",
     "CHAPITRE I", " destinataires de la présente directive."},
    {"lex-corpus/32016l0680/versions/2016-05-04*/fr.html",
     "DIRECTIVE (UE) 2016/680 DU PARLEMENT EUROPÉEN ET", "32016L0680", "2016-05-04", "DIR", "fr",
     0, 65, 0, "art-5", "Directive (UE) 2016/680, Article 5: Délais de conservation et d'examen", "Les États membres prévoient que des déla",
     "CHAPITRE I", " destinataires de la présente directive."},
    {"lex-corpus/32016l0680r(01)/versions/2018-05-23*/en.xml",
     "Corrigendum to Directive (EU) 2016/680 of the Eu", "32016L0680R(01)", "2018-05-23", "DIR", "en",
     0, 0, 0, NULL, NULL, NULL,
     "On page 128, point (f) of Article 51(1):", "s, recommendations and best practices;’."},
    {"lex-corpus/32016l0680r(01)/versions/2018-05-23*/fr.xml",
     "Rectificatif à la directive (UE) 2016/680 du Par", "32016L0680R(01)", "2018-05-23", "DIR", "fr",
     0, 0, 0, NULL, NULL, NULL,
     "Page 128, à l’article 51, paragraphe 1, ", "commandations et des bonnes pratiques;»."},
    {"lex-corpus/32016r0679/versions/2016-04-27*/en.xml",
     "REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAM", "32016R0679", "2016-04-27", "REG", "en",
     173, 99, 0, "art-5", "Regulation (EU) 2016/679, Article 5: Principles relating to processing of personal data", "1. Personal data shall be:",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", " documents (OJ L 145, 31.5.2001, p. 43)."},
    {"lex-corpus/32016r0679/versions/2016-04-27*/fr.xml",
     "RÈGLEMENT (UE) 2016/679 DU PARLEMENT EUROPÉEN ET", "32016R0679", "2016-04-27", "REG", "fr",
     173, 99, 0, "art-5", "Règlement (UE) 2016/679, Article 5: Principes relatifs au traitement des données à caractère personnel", "1. Les données à caractère personnel doi",
     "LE PARLEMENT EUROPÉEN ET LE CONSEIL DE L", "mmission (JO L 145 du 31.5.2001, p. 43)."},
    {"lex-corpus/32016r0679/versions/2016-05-04*/en.fmx4/CL2016R0679EN0000020.0001.doc.xml",
     "Regulation (EU) 2016/679 of the European Parliam", "32016R0679", "2016-05-04", "REG", "en",
     0, 99, 0, "art-5", "Regulation (EU) 2016/679, Article 5: Principles relating to processing of personal data", "1. Personal data shall be:",
     "CHAPTER I", " documents (OJ L 145, 31.5.2001, p. 43)."},
    {"lex-corpus/32016r0679/versions/2016-05-04*/en.html",
     "REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAM", "32016R0679", "2016-05-04", "REG", "en",
     0, 99, 0, "art-5", "Regulation (EU) 2016/679, Article 5: Principles relating to processing of personal data", "1. Personal data shall be:",
     "CHAPTER I", " documents (OJ L 145, 31.5.2001, p. 43)."},
    {"lex-corpus/32016r0679/versions/2016-05-04*/fr.fmx4/CL2016R0679FR0000020.0001.doc.xml",
     "Règlement (UE) 2016/679 du Parlement européen et", "32016R0679", "2016-05-04", "REG", "fr",
     0, 99, 0, "art-5", "Règlement (UE) 2016/679, Article 5: Principes relatifs au traitement des données à caractère personnel", "1. Les données à caractère personnel doi",
     "CHAPITRE I", "mmission (JO L 145 du 31.5.2001, p. 43)."},
    {"lex-corpus/32016r0679/versions/2016-05-04*/fr.html",
     "RÈGLEMENT (UE) 2016/679 DU PARLEMENT EUROPÉEN ET", "32016R0679", "2016-05-04", "REG", "fr",
     0, 99, 0, "art-5", "Règlement (UE) 2016/679, Article 5: Principes relatifs au traitement des données à caractère personnel", "1. Les données à caractère personnel doi",
     "CHAPITRE I", "mmission (JO L 145 du 31.5.2001, p. 43)."},
    {"lex-corpus/32018l0843/versions/2018-05-30*/en.xml",
     "DIRECTIVE (EU) 2018/843 OF THE EUROPEAN PARLIAME", "32018L0843", "2018-05-30", "DIR", "en",
     55, 6, 0, "art-5", "Directive (EU) 2018/843, Article 5: Entry into force", "This Directive shall enter into force on",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "(14) OJ C 85, 18.3.2017, p. 3."},
    {"lex-corpus/32018l0843/versions/2018-05-30*/fr.xml",
     "DIRECTIVE (UE) 2018/843 DU PARLEMENT EUROPÉEN ET", "32018L0843", "2018-05-30", "DIR", "fr",
     55, 6, 0, "art-5", "Directive (UE) 2018/843, Article 5: Entrée en vigueur", "La présente directive entre en vigueur l",
     "LE PARLEMENT EUROPÉEN ET LE CONSEIL DE L", "(14) JO C 85 du 18.3.2017, p. 3."},
    {"lex-corpus/32023r1543/versions/2023-07-28*/en.fmx4/CL2023R1543EN0000020.0001.doc.xml",
     "Regulation (EU) 2023/1543 of the European Parlia", "32023R1543", "2023-07-28", "REG", "en",
     0, 34, 6, "art-5", "Regulation (EU) 2023/1543, Article 5: Conditions for issuing a European Production Order", "1. An issuing authority may only issue a",
     "CHAPTER I", "ronic seal or equivalent authentication."},
    {"lex-corpus/32023r1543/versions/2023-07-28*/en.html",
     "REGULATION (EU) 2023/1543 OF THE EUROPEAN PARLIA", "32023R1543", "2023-07-28", "REG", "en",
     0, 34, 6, "art-5", "Regulation (EU) 2023/1543, Article 5: Conditions for issuing a European Production Order", "1. An issuing authority may only issue a",
     "CHAPTER I", "ronic seal or equivalent authentication."},
    {"lex-corpus/32023r1543/versions/2023-07-28*/fr.fmx4/CL2023R1543FR0000020.0001.doc.xml",
     "Règlement (UE) 2023/1543 du Parlement européen e", "32023R1543", "2023-07-28", "REG", "fr",
     0, 34, 6, "art-5", "Règlement (UE) 2023/1543, Article 5: Conditions d’émission d’une injonction européenne de production", "1. Une autorité d’émission ne peut émett",
     "CHAPITRE I", "que ou une authentification équivalente."},
    {"lex-corpus/32023r1543/versions/2023-07-28*/fr.html",
     "RÈGLEMENT (UE) 2023/1543 DU PARLEMENT EUROPÉEN E", "32023R1543", "2023-07-28", "REG", "fr",
     0, 34, 6, "art-5", "Règlement (UE) 2023/1543, Article 5: Conditions d’émission d’une injonction européenne de production", "1. Une autorité d’émission ne peut émett",
     "CHAPITRE I", "que ou une authentification équivalente."},
    {"lex-corpus/32023r1543r(02)/versions/2026-07-13*/en.xml",
     "Corrigendum to Regulation (EU) 2023/1543 of the ", "32023R1543R(02)", "2026-07-13", "REG", "en",
     0, 0, 0, NULL, NULL, NULL,
     "1. Page 126, in recital 50, the second s", "eedings (OJ L 191, 28.7.2023, p. 181).’,"},
    {"lex-corpus/32023r1543r(02)/versions/2026-07-13*/fr.xml",
     "Rectificatif au règlement (UE) 2023/1543 du Parl", "32023R1543R(02)", "2026-07-13", "REG", "fr",
     0, 0, 0, NULL, NULL, NULL,
     "1) Page 126, considérant 50, deuxième ph", "nales (JO L 191 du 28.7.2023, p. 181).»,"},
    {"ai-act/aia.xhtml",
     "REGULATION (EU) 2024/1689 OF THE EUROPEAN PARLIA", "32024R1689", "2024-06-13", "REG", "en",
     180, 113, 13, "art-5", "Regulation (EU) 2024/1689, Article 5: Prohibited AI practices", "1. The following AI practices shall be p",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", " 2009/22/EC (OJ L 409, 4.12.2020, p. 1)."},
    {"ai-act/aia_fmx_en.xml",
     "Regulation (EU) 2024/1689 of the European Parlia", "32024R1689", "2024-06-13", "REG", "en",
     180, 113, 13, "art-5", "Regulation (EU) 2024/1689, Article 5: Prohibited AI practices", "1. The following AI practices shall be p",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", " 2009/22/EC (OJ L 409, 4.12.2020, p. 1)."},
    {"ai-act/aia_fmx_pl.xml",
     "Rozporządzenie Parlamentu Europejskiego i Rady (", "32024R1689", "2024-06-13", "REG", "pl",
     180, 113, 13, "art-5", "Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2024/1689, Artykuł 5: Zakazane praktyki w zakresie AI", "1. Zakazuje się następujących praktyk w ",
     "PARLAMENT EUROPEJSKI I RADA UNII EUROPEJ", "9/22/WE (Dz.U. L 409 z 4.12.2020, s. 1)."},
    {"ai-act/dga.html",
     "REGULATION (EU) 2022/868 OF THE EUROPEAN PARLIAM", "32022R0868", "2022-05-30", "REG", "en",
     63, 38, 0, "art-5", "Regulation (EU) 2022/868, Article 5: Conditions for re-use", "1. Public sector bodies which are compet",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "nd services (OJ L 151, 7.6.2019, p. 70)."},
    {"ai-act/eprivacy_consolidated.html",
     "DIRECTIVE 2002/58/EC OF THE EUROPEAN PARLIAMENT ", "32002L0058", "2009-12-19", "DIR", "en",
     0, 23, 0, "art-5", "Directive 2002/58/EC, Article 5: Confidentiality of the communications", "1. Member States shall ensure the confid",
     "Article 1", "( 11 ) OJ L 105, 13.4.2006, p. 54."},
    {"ai-act/gdpr_fmx.xml",
     "Regulation (EU) 2016/679 of the European Parliam", "32016R0679", "2016-04-27", "REG", "en",
     173, 99, 0, "art-5", "Regulation (EU) 2016/679, Article 5: Principles relating to processing of personal data", "1. Personal data shall be:",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", " documents (OJ L 145, 31.5.2001, p. 43)."},
    {"formex-samples/formex/5cca*/DOC_1.xml",
     "Commission Implementing Regulation (EU) No 1319/", "32011R1319", "2011-12-15", "REG_IMPL", "en",
     4, 2, 1, "art-1", "Commission Implementing Regulation (EU) No 1319/2011, Article 1", "Annex I to Regulation (EC) No 1484/95 is",
     "THE EUROPEAN COMMISSION,", "e code “ZZ” represents “other origins”.’"},
    {"formex-samples/formex/c008*/DOC_1/L_202400903EN.doc.fmx.xml",
     "Regulation (EU) 2024/903 of the European Parliam", "32024R0903", "2024-03-13", "REG", "en",
     57, 23, 1, "art-5", "Regulation (EU) 2024/903, Article 5: General principles", "1. The Commission shall publish Interope",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "nd services (OJ L 151, 7.6.2019, p. 70)."},
    {"formex-samples/formex/e115*/DOC_1.xml",
     "Regulation (EC) No 1137/2008 of the European Par", "32008R1137", "2008-10-22", "REG", "en",
     3, 3, 2, "art-1", "Regulation (EC) No 1137/2008, Article 1", "The instruments listed in the Annex are ",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "(72) OJ L 114, 27.4.2006, p. 64."},
    {"formex-samples/regulations/html/c008*/DOC_1.html",
     "REGULATION (EU) 2024/903 OF THE EUROPEAN PARLIAM", "32024R0903", "2024-03-13", "REG", "en",
     57, 23, 1, "art-5", "Regulation (EU) 2024/903, Article 5: General principles", "1. The Commission shall publish Interope",
     "THE EUROPEAN PARLIAMENT AND THE COUNCIL ", "nd services (OJ L 151, 7.6.2019, p. 70)."},

};

static const char *shared_path(const char *pattern, char *out, size_t size)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", SHARED, pattern);
    glob_t g;
    cr_assert_eq(glob(full, 0, NULL, &g), 0, "%s is not there", full);
    cr_assert_eq(g.gl_pathc, 1, "%s matches %zu files", full, g.gl_pathc);
    snprintf(out, size, "%s", g.gl_pathv[0]);
    globfree(&g);
    return out;
}

Test(formats, shared_samples_table, .timeout = 120)
{
    if (access(SHARED, R_OK) != 0)
        cr_skip("%s is not there", SHARED);
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        const sample_row *s = &samples[i];
        char path[4096];
        shared_path(s->path, path, sizeof path);
        read_path(path, 0);
        cr_assert_eq(got.nprobs + got.nwarns, 0, "%s: %s", s->path,
                     got.nprobs ? got.probs[0].msg : got.nwarns ? got.warns[0].msg : "");
        cr_assert_eq(got.ndocs, 1, "%s: %zu documents", s->path, got.ndocs);
        const doc *d = &got.docs[0];
        char what[160];
        snprintf(what, sizeof what, "%s: title", s->path);
        expect_prefix(what, d->title, s->title);
        snprintf(what, sizeof what, "%s: celex", s->path);
        expect_str(what, d->celex, s->celex);
        snprintf(what, sizeof what, "%s: date", s->path);
        expect_str(what, d->date, s->date);
        snprintf(what, sizeof what, "%s: type", s->path);
        expect_str(what, d->type, s->type);
        snprintf(what, sizeof what, "%s: lang", s->path);
        expect_str(what, d->lang, s->lang);
        char id[64];
        snprintf(id, sizeof id, "%s@%s:%s", s->celex, s->date, s->lang);
        snprintf(what, sizeof what, "%s: id", s->path);
        expect_str(what, d->id, id);
        expect_clean_text(d);
        snprintf(what, sizeof what, "%s: text", s->path);
        expect_prefix(what, d->text, s->first);
        size_t n = strlen(d->text), k = strlen(s->last);
        cr_assert(n >= k && strcmp(d->text + n - k, s->last) == 0, "%s: the text ends '%s', expected '%s'", s->path,
                  d->text + (n > 60 ? n - 60 : 0), s->last);

        read_path(path, 1);
        cr_assert_eq(got.nprobs + got.nwarns, 0, "%s", s->path);
        cr_assert_eq(count_parts("rec"), (size_t)s->recitals, "%s: %zu recitals", s->path, count_parts("rec"));
        cr_assert_eq(count_parts("art"), (size_t)s->articles, "%s: %zu articles", s->path, count_parts("art"));
        cr_assert_eq(count_parts("anx"), (size_t)s->annexes, "%s: %zu annexes", s->path, count_parts("anx"));
        if (s->part == NULL) {
            cr_assert_eq(got.ndocs, 1, "%s: an act without parts stays whole", s->path);
            continue;
        }
        char part_id[96];
        snprintf(part_id, sizeof part_id, "%s#%s", id, s->part);
        const doc *p = by_id(part_id);
        snprintf(what, sizeof what, "%s: %s", s->path, s->part);
        expect_str(what, p->title, s->part_title);
        expect_str(what, p->part, s->part);
        char line[200];
        snprintf(line, sizeof line, "\n%s", s->part_words);
        cr_assert(contains(p->text, line), "%s: %s does not have a line starting '%s':\n%.300s", s->path, s->part,
                  s->part_words, p->text);
        expect_clean_text(p);
    }
}

/* The whole folder in one go: every act read, the files that are none of
 * these formats named, and each act version read from two formats (a
 * consolidated XHTML page and its Formex) gets one id, so an index holds it
 * once. */
Test(formats, shared_folder_in_one_command, .timeout = 120)
{
    if (access(SHARED, R_OK) != 0)
        cr_skip("%s is not there", SHARED);
    read_path(SHARED, 0);
    cr_assert_eq(got.nwarns, 0, "%s", got.nwarns ? got.warns[0].msg : "");
    cr_assert_eq(got.ndocs, sizeof samples / sizeof samples[0] + 1, "%zu documents", got.ndocs); /* + README.md */
    const char *others[] = {"PROVENANCE.tsv", "lex-corpus/LICENSE", "lex-corpus/NOTICE", "lex-corpus/manifest.json"};
    cr_assert_eq(got.nprobs, 4, "%zu problems: %s", got.nprobs, got.nprobs ? got.probs[0].source : "");
    for (size_t i = 0; i < 4; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", SHARED, others[i]);
        expect_problem_for(p, "not a format acquis reads");
    }
    size_t twice = 0;
    for (size_t i = 0; i < got.ndocs; i++)
        for (size_t j = i + 1; j < got.ndocs; j++)
            if (strcmp(got.docs[i].id, got.docs[j].id) == 0)
                twice++;
    cr_assert_eq(twice, 13, "13 versions come as consolidated XHTML and Formex, or OJ XHTML and Formex: %zu", twice);
    const char *same = "32016L0680@2016-05-04:en";
    size_t seen = 0;
    for (size_t i = 0; i < got.ndocs; i++)
        if (strcmp(got.docs[i].id, same) == 0)
            seen++;
    cr_assert_eq(seen, 2, "en.html and en.fmx4 of 2016-05-04 are one version");
}

/* Bytes libxml2 passes through unconverted (here a file that declares an
 * encoding no one knows, amid broken markup: the input fuzz_markup found)
 * become U+FFFD: the document is indexed, and valid UTF-8, not lost. */
Test(formats, text_libxml2_left_unconverted_becomes_replacement_characters)
{
    FILE *f = fopen(ACQ_SOURCE_DIR "/tests/fuzz/regressions/fuzz_markup/text-not-utf8", "rb");
    cr_assert_not_null(f);
    static char bytes[8192];
    size_t n = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_gt(n, 1);
    write_bytes("act.xml", bytes + 1, n - 1); /* the first byte is the harness's flags */
    read_path(tmp, 0);
    cr_assert_eq(got.ndocs, 1, "%zu documents", got.ndocs);
    const char *text = got.docs[0].text;
    cr_assert(acq_utf8_valid((const uint8_t *)text, strlen(text), NULL), "text not valid UTF-8");
    cr_assert(contains(text, "\xEF\xBF\xBD"), "no U+FFFD where the bytes were: %s", text);
    cr_assert(contains(text, "Rectifa dir"), "the readable text is kept: %s", text);
    expect_warning_for(in_tmp("act.xml"), "broken HTML markup");
}
