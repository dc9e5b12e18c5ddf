/* formex.c: Formex 4 XML, the Publications Office's format for the Official
 * Journal, read with libxml2's streaming reader (one pass, no tree).
 *
 * Formex says in elements what XHTML says in words, so metadata comes from
 * the markup: LG.DOC the language, NO.CELEX (or a consolidated text's
 * INFO.CONSLEG/@CONSLEG.REF) the CELEX number, BIB.INSTANCE/DATE the act's
 * date (INFO.CONSLEG/@START.DATE a consolidated version's), LEGAL.VALUE or
 * @LEG.VAL the type, NO.DOC the year and number, NO.ELI the ELI. The title
 * is the act's TITLE/TI, line by line.
 *
 * The body: PREAMBLE (citations, "Whereas:", recitals CONSID), ENACTING.TERMS
 * (DIVISION headings, ARTICLEs with TI.ART and STI.ART), FINAL (signatures),
 * and the annexes (ANNEX, CONS.ANNEX; in a COMBINED.FMX file or a package
 * part of their own). Recitals, articles and annexes are marked as parts,
 * except inside QUOT.S: an amending act quotes the articles it inserts, and
 * those are text of the amending article, not articles of their own.
 * Footnotes (NOTE) leave the sentence that cites them and go with the part
 * they are cited in. QUOT.START/QUOT.END carry the quotation marks as code
 * points. Bibliographic blocks (BIB.INSTANCE, FAM.COMP, INFO.*, the Official
 * Journal's table of contents in a COMBINED.FMX) are read for metadata only.
 *
 * Every element not known to flow within a line ends one, so paragraphs,
 * list items and table rows come out as lines; list numbers ("(a)", "1.")
 * stay on the line they number. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX_MAX_DEPTH 300

/* The elements this reader tells apart, by name; every other element is
 * E_OTHER (a block: it ends a line). Names are compared once per element,
 * by binary search, and frames keep the code. */
enum {
    E_OTHER, E_ABBR, E_ACRONYM, E_ACT, E_ANNEX, E_ARTICLE, E_BIB_DATA, E_BIB_DOC, E_BIB_INSTANCE,
    E_BIB_INSTANCE_CONS, E_CELL, E_CONS_ANNEX, E_CONS_DOC, E_CONSID, E_DATE, E_DOC_MAIN_PUB, E_DOC_SUB_PUB,
    E_EXPONENT, E_FAM_COMP, E_FMX, E_FT, E_GR_CORRIG, E_HT, E_IE, E_INCLUSIONS, E_INF, E_INFO_CONSLEG,
    E_INFO_PROD, E_ITEM_VOLUME, E_LEGAL_VALUE, E_LG_DOC, E_LG_OJ, E_LINK, E_NO_CELEX, E_NO_CURRENT, E_NO_DOC,
    E_NO_ELI, E_NO_P, E_NO_PARAG, E_NOTE, E_NP, E_PAPER, E_PDF, E_PUBLICATION, E_PUBLICATION_REF, E_QUOT_END,
    E_QUOT_S, E_QUOT_START, E_REF_DOC, E_REF_DOC_ECR, E_REF_DOC_OJ, E_REF_DOC_SEC, E_STI, E_STI_ART, E_SUP, E_TI,
    E_TI_ART, E_TITLE, E_TOC, E_TXT_COL, E_URL, E_YEAR, E_COUNT
};

static const struct { const char *name; unsigned char code; } element_names[] = { /* sorted by strcmp */
    {"ABBR", E_ABBR}, {"ACRONYM", E_ACRONYM}, {"ACT", E_ACT}, {"ANNEX", E_ANNEX}, {"ARTICLE", E_ARTICLE},
    {"BIB.DATA", E_BIB_DATA}, {"BIB.DOC", E_BIB_DOC}, {"BIB.INSTANCE", E_BIB_INSTANCE},
    {"BIB.INSTANCE.CONS", E_BIB_INSTANCE_CONS}, {"CELL", E_CELL}, {"CONS.ANNEX", E_CONS_ANNEX},
    {"CONS.DOC", E_CONS_DOC}, {"CONSID", E_CONSID}, {"DATE", E_DATE}, {"DOC.MAIN.PUB", E_DOC_MAIN_PUB},
    {"DOC.SUB.PUB", E_DOC_SUB_PUB}, {"EXPONENT", E_EXPONENT}, {"FAM.COMP", E_FAM_COMP}, {"FMX", E_FMX},
    {"FT", E_FT}, {"GR.CORRIG", E_GR_CORRIG}, {"HT", E_HT}, {"IE", E_IE}, {"INCLUSIONS", E_INCLUSIONS},
    {"INF", E_INF}, {"INFO.CONSLEG", E_INFO_CONSLEG}, {"INFO.PROD", E_INFO_PROD}, {"ITEM.VOLUME", E_ITEM_VOLUME},
    {"LEGAL.VALUE", E_LEGAL_VALUE}, {"LG.DOC", E_LG_DOC}, {"LG.OJ", E_LG_OJ}, {"LINK", E_LINK},
    {"NO.CELEX", E_NO_CELEX}, {"NO.CURRENT", E_NO_CURRENT}, {"NO.DOC", E_NO_DOC}, {"NO.ELI", E_NO_ELI},
    {"NO.P", E_NO_P}, {"NO.PARAG", E_NO_PARAG}, {"NOTE", E_NOTE}, {"NP", E_NP}, {"PAPER", E_PAPER}, {"PDF", E_PDF},
    {"PUBLICATION", E_PUBLICATION}, {"PUBLICATION.REF", E_PUBLICATION_REF}, {"QUOT.END", E_QUOT_END},
    {"QUOT.S", E_QUOT_S}, {"QUOT.START", E_QUOT_START}, {"REF.DOC", E_REF_DOC}, {"REF.DOC.ECR", E_REF_DOC_ECR},
    {"REF.DOC.OJ", E_REF_DOC_OJ}, {"REF.DOC.SEC", E_REF_DOC_SEC}, {"STI", E_STI}, {"STI.ART", E_STI_ART},
    {"SUP", E_SUP}, {"TI", E_TI}, {"TI.ART", E_TI_ART}, {"TITLE", E_TITLE}, {"TOC", E_TOC}, {"TXT.COL", E_TXT_COL},
    {"URL", E_URL}, {"YEAR", E_YEAR},
};

static int element_code(const char *name)
{
    size_t lo = 0, hi = sizeof element_names / sizeof element_names[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(element_names[mid].name, name);
        if (c == 0)
            return element_names[mid].code;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return E_OTHER;
}

/* Elements whose text is metadata, not body. */
static int bib_block(int e)
{
    return e == E_BIB_INSTANCE || e == E_BIB_DOC || e == E_BIB_DATA || e == E_BIB_INSTANCE_CONS ||
           e == E_INFO_CONSLEG || e == E_INFO_PROD || e == E_FAM_COMP || e == E_FMX || e == E_PUBLICATION_REF ||
           e == E_DOC_MAIN_PUB || e == E_DOC_SUB_PUB || e == E_PAPER || e == E_PDF;
}

/* Elements skipped whole: an Official Journal's table of contents, corrigenda
 * lists, inclusions. */
static int skipped(int e) { return e == E_PUBLICATION || e == E_GR_CORRIG || e == E_INCLUSIONS || e == E_TOC; }

/* Elements that flow within a line. */
static int inline_element(int e)
{
    return e == E_HT || e == E_FT || e == E_DATE || e == E_REF_DOC || e == E_REF_DOC_OJ || e == E_REF_DOC_ECR ||
           e == E_REF_DOC_SEC || e == E_QUOT_START || e == E_QUOT_END || e == E_IE || e == E_LINK || e == E_URL ||
           e == E_ABBR || e == E_ACRONYM || e == E_NO_P || e == E_NO_PARAG || e == E_EXPONENT || e == E_INF ||
           e == E_SUP || e == E_NOTE || e == E_TXT_COL;
}


enum { FX_BODY, FX_TITLE, FX_NOTE, FX_NONE };

enum {
    FXF_PART = 1,      /* opened a part */
    FXF_HEADING = 2,   /* the open part's heading */
    FXF_SUBTITLE = 4,  /* the open part's subtitle */
    FXF_NOTE = 8,      /* a footnote */
    FXF_META = 16,     /* text captured for a metadata field */
    FXF_QUOT = 32,     /* QUOT.S: quoted text */
    FXF_GLUE = 64,     /* a number that stays on the line of what it numbers */
    FXF_TITLE = 128,   /* the act's title */
    FXF_LABEL = 256,   /* a recital's number: its label */
};

typedef struct fx_frame {
    int code;          /* E_* */
    int sink;
    int flags;
    int meta;          /* M_* captured (FXF_META) */
    size_t mark;       /* where its heading, footnote or captured text starts */
} fx_frame;

typedef struct formex {
    ingest_run *r;
    act *a;
    text_out body, title, note, cap;
    acq_buf title_buf, cap_buf;
    int sink;
    int title_trust;
    int title_done;
    int quoted;        /* QUOT.S levels around */
    fx_frame stack[FX_MAX_DEPTH];
    int depth;
    char year[8];      /* NO.DOC/YEAR, NO.DOC/NO.CURRENT */
    char current[12];
} formex;

static int parent(const formex *f) { return f->depth > 0 ? f->stack[f->depth - 1].code : E_OTHER; }

static int inside(const formex *f, int code)
{
    for (int i = f->depth - 1; i >= 0; i--)
        if (f->stack[i].code == code)
            return 1;
    return 0;
}

static text_out *out(formex *f)
{
    switch (f->sink) {
    case FX_BODY: return &f->body;
    case FX_TITLE: return &f->title;
    case FX_NOTE: return &f->note;
    default: return NULL;
    }
}

static char *attr(xmlTextReaderPtr rd, const char *name) { return (char *)xmlTextReaderGetAttribute(rd, (const xmlChar *)name); }

/* "REGIMP" -> "REG_IMPL", "DIRDEL" -> "DIR_DEL", others as they are. */
static void set_type(act *a, const char *v, int trust)
{
    char t[24];
    size_t n = strlen(v);
    if (n >= 6 && n < 12 && strcmp(v + n - 3, "IMP") == 0)
        snprintf(t, sizeof t, "%.*s_IMPL", (int)(n - 3), v);
    else if (n >= 6 && n < 12 && strcmp(v + n - 3, "DEL") == 0)
        snprintf(t, sizeof t, "%.*s_DEL", (int)(n - 3), v);
    else
        snprintf(t, sizeof t, "%s", v);
    act_meta_set(a, M_TYPE, t, strlen(t), trust);
}

static void capture(formex *f, fx_frame *fr, int field)
{
    fr->flags |= FXF_META;
    fr->meta = field;
    fr->mark = f->cap_buf.len;
    text_start_at_mark(&f->cap);
}

/* An element starts. Returns 1 to skip its subtree. */
static int start(formex *f, xmlTextReaderPtr rd, const char *name)
{
    act *a = f->a;
    int e = element_code(name);
    if (skipped(e))
        return 1;
    if (f->depth >= FX_MAX_DEPTH)
        return 1; /* libxml2 stops far earlier (256 levels) */
    fx_frame *fr = &f->stack[f->depth];
    memset(fr, 0, sizeof *fr);
    fr->code = e;
    fr->sink = f->sink;
    int up = parent(f);
    char *v;

    /* metadata */
    if (e == E_INFO_CONSLEG) {
        if ((v = attr(rd, "CONSLEG.REF")) != NULL) {
            char celex[32];
            char ref[40];
            snprintf(ref, sizeof ref, "3%s", v);
            if (meta_celex(ref, strlen(ref), celex, sizeof celex))
                act_meta_set(a, M_CELEX, celex, strlen(celex), TRUST_METADATA);
            xmlFree(v);
        }
        if ((v = attr(rd, "START.DATE")) != NULL) {
            char date[11];
            if (meta_date(v, strlen(v), date))
                act_meta_set(a, M_DATE, date, 10, TRUST_VERSION);
            xmlFree(v);
        }
    }
    if ((e == E_INFO_CONSLEG || e == E_FAM_COMP) && (v = attr(rd, "LEG.VAL")) != NULL) {
        set_type(a, v, TRUST_METADATA);
        xmlFree(v);
    }
    if (e == E_DATE && (up == E_BIB_INSTANCE || up == E_DOC_MAIN_PUB) &&
        (v = attr(rd, "ISO")) != NULL) {
        char date[11];
        if (meta_date(v, strlen(v), date))
            act_meta_set(a, M_DATE, date, 10, TRUST_METADATA);
        xmlFree(v);
    }
    if (e == E_NO_ELI && (v = attr(rd, "ID")) != NULL) {
        meta_from_eli(a, v, strlen(v), TRUST_METADATA);
        xmlFree(v);
    }
    if (e == E_LG_DOC)
        capture(f, fr, M_LANG);
    else if (e == E_LG_OJ)
        capture(f, fr, M_LANG);
    else if (e == E_NO_CELEX)
        capture(f, fr, M_CELEX);
    else if (e == E_LEGAL_VALUE)
        capture(f, fr, M_TYPE);
    else if ((e == E_YEAR || e == E_NO_CURRENT) && up == E_NO_DOC &&
             (inside(f, E_BIB_INSTANCE) || inside(f, E_BIB_DOC)))
        capture(f, fr, e == E_YEAR ? -1 : -2);

    if (bib_block(e)) {
        f->sink = FX_NONE;
    } else if (e == E_QUOT_S) {
        f->quoted++;
        fr->flags |= FXF_QUOT;
    } else if (e == E_TITLE && !f->title_done &&
               ((f->sink == FX_BODY && (up == E_ACT || up == E_CONS_DOC)) ||
                up == E_ITEM_VOLUME)) {
        /* the act's title (ITEM.VOLUME: a manifest's, trusted less) */
        f->sink = FX_TITLE;
        fr->flags |= FXF_TITLE;
        f->title_trust = up == E_ITEM_VOLUME ? TRUST_INFERRED : TRUST_TEXT;
        acq_buf_reset(&f->title_buf);
        text_start_at_mark(&f->title);
    } else if (!f->quoted && f->sink == FX_BODY) {
        act_part *p = act_open_part(a);
        if (e == E_ANNEX || e == E_CONS_ANNEX) {
            text_break(&f->body, TEXT_LINE);
            act_part *last = a->nparts > 0 ? &a->parts[a->nparts - 1] : NULL;
            if (f->depth == 0 && a->nested_part && last != NULL && last->kind == PART_ANNEX && last->end == a->text.len)
                a->open = a->nparts; /* an annex included in the one before it (INCL.ELEMENT): the same part */
            else
                act_part_begin(a, PART_ANNEX, NULL, 0);
            fr->flags |= FXF_PART;
        } else if (e == E_CONSID) {
            text_break(&f->body, TEXT_LINE);
            act_part_begin(a, PART_RECITAL, NULL, 0);
            fr->flags |= FXF_PART;
        } else if (e == E_ARTICLE && (p == NULL || p->kind != PART_ANNEX)) {
            text_break(&f->body, TEXT_LINE);
            char *id = attr(rd, "IDENTIFIER");
            const char *label = id;
            while (label != NULL && label[0] == '0' && label[1] != '\0')
                label++;
            act_part_begin(a, PART_ARTICLE, label, label ? strlen(label) : 0);
            if (id != NULL)
                xmlFree(id);
            fr->flags |= FXF_PART;
        } else if (p != NULL && p->head_len == 0 &&
                   ((e == E_TI_ART && p->kind == PART_ARTICLE) ||
                    (e == E_TI && p->kind == PART_ANNEX && up == E_TITLE))) {
            text_break(&f->body, TEXT_LINE);
            fr->flags |= FXF_HEADING;
            fr->mark = a->text.len;
        } else if (p != NULL && p->sub_len == 0 && p->head_len > 0 &&
                   ((e == E_STI_ART && p->kind == PART_ARTICLE) ||
                    (e == E_STI && p->kind == PART_ANNEX && up == E_TITLE))) {
            text_break(&f->body, TEXT_LINE);
            fr->flags |= FXF_SUBTITLE;
            fr->mark = a->text.len;
        } else if (e == E_NO_P && p != NULL && p->kind == PART_RECITAL && p->label[0] == '\0' &&
                   up == E_NP) {
            fr->flags |= FXF_LABEL;
            fr->mark = a->text.len;
        }
    }
    if (e == E_NOTE) {
        char *ref = attr(rd, "NOTE.REF");
        if (ref != NULL) { /* a reference to a table's note: nothing in it */
            xmlFree(ref);
        } else if (f->sink == FX_BODY || f->sink == FX_TITLE) {
            f->sink = FX_NOTE;
            fr->flags |= FXF_NOTE;
            text_start_at_mark(&f->note);
            fr->mark = a->notes.len;
            char *nid = attr(rd, "NOTE.ID");
            const char *d = nid;
            while (d != NULL && *d != '\0' && (*d < '1' || *d > '9'))
                d++;
            if (d != NULL && *d != '\0') {
                acq_buf_printf(&a->notes, "(%d) ", atoi(d));
                f->note.mark = a->notes.len;
            }
            if (nid != NULL)
                xmlFree(nid);
        }
    }
    if (e == E_QUOT_START || e == E_QUOT_END) {
        char *code = attr(rd, "CODE");
        text_out *o = out(f);
        if (code != NULL && o != NULL) {
            unsigned long cp = strtoul(code, NULL, 16);
            if (cp >= 0x20 && cp < 0x110000 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                uint8_t u[4];
                size_t n = acq_utf8_encode((uint32_t)cp, u);
                /* a quotation mark joins the word it quotes */
                if (e == E_QUOT_END && o->pending == TEXT_SPACE)
                    o->pending = TEXT_NONE;
                text_put(o, (const char *)u, n);
                if (e == E_QUOT_START)
                    o->pending = TEXT_NONE;
            }
        }
        if (code != NULL)
            xmlFree(code);
    }
    text_out *o = out(f);
    if (o != NULL && !inline_element(e))
        text_break(o, e == E_CELL ? TEXT_SPACE : TEXT_LINE);
    if (e == E_NO_P || e == E_NO_PARAG)
        fr->flags |= FXF_GLUE;
    f->depth++;
    return 0;
}

static void end(formex *f)
{
    if (f->depth == 0)
        return;
    act *a = f->a;
    fx_frame *fr = &f->stack[--f->depth];
    int e = fr->code;
    if (fr->flags & FXF_META) {
        size_t start;
        size_t n = text_trim((const char *)f->cap_buf.data + fr->mark, f->cap_buf.len - fr->mark, &start);
        const char *v = (const char *)f->cap_buf.data + fr->mark + start;
        char tmp[64];
        if (n < sizeof tmp) {
            memcpy(tmp, v, n);
            tmp[n] = '\0';
            char norm[32];
            if (fr->meta == M_LANG && meta_lang(tmp, n, 0, norm))
                act_meta_set(a, M_LANG, norm, 2, e == E_LG_DOC ? TRUST_METADATA : TRUST_TEXT);
            else if (fr->meta == M_CELEX && meta_celex(tmp, n, norm, sizeof norm))
                act_meta_set(a, M_CELEX, norm, strlen(norm), TRUST_METADATA);
            else if (fr->meta == M_TYPE && n > 0)
                set_type(a, tmp, TRUST_METADATA);
            else if (fr->meta == -1 && f->year[0] == '\0' && n < sizeof f->year)
                memcpy(f->year, tmp, n + 1);
            else if (fr->meta == -2 && f->current[0] == '\0' && n < sizeof f->current)
                memcpy(f->current, tmp, n + 1);
        }
        f->cap_buf.len = fr->mark;
    }
    act_part *p = act_open_part(a);
    if ((fr->flags & FXF_HEADING) && p != NULL) {
        p->head = fr->mark;
        p->head_len = a->text.len - fr->mark;
        if (p->label[0] == '\0') {
            char num[24];
            char tmp[128];
            size_t n = p->head_len < sizeof tmp - 1 ? p->head_len : sizeof tmp - 1;
            memcpy(tmp, a->text.data + p->head, n);
            tmp[n] = '\0';
            meta_heading_label(tmp, num, sizeof num);
            act_part_label(a, num, strlen(num));
        }
    }
    if ((fr->flags & FXF_SUBTITLE) && p != NULL) {
        p->sub = fr->mark;
        p->sub_len = a->text.len - fr->mark;
    }
    if ((fr->flags & FXF_LABEL) && p != NULL) {
        char num[24];
        char tmp[32];
        size_t n = a->text.len - fr->mark < sizeof tmp - 1 ? a->text.len - fr->mark : sizeof tmp - 1;
        memcpy(tmp, a->text.data + fr->mark, n);
        tmp[n] = '\0';
        meta_heading_label(tmp, num, sizeof num);
        act_part_label(a, num, strlen(num));
    }
    if (fr->flags & FXF_NOTE) {
        act_note_add(a, a->open, fr->mark, a->notes.len);
        acq_buf_putc(&a->notes, '\n');
    }
    if (fr->flags & FXF_TITLE) {
        f->title_done = f->title_buf.len > 0; /* a manifest's second TITLE is often an empty reference */
        act_title_lines(a, &f->title_buf, f->title_trust);
    }
    if (fr->flags & FXF_QUOT)
        f->quoted--;
    if (fr->flags & FXF_PART)
        act_part_end(a);
    f->sink = fr->sink;
    text_out *o = out(f);
    if (o != NULL && !inline_element(e))
        text_break(o, e == E_CELL ? TEXT_SPACE : TEXT_LINE);
    if ((fr->flags & FXF_GLUE) && o != NULL)
        text_glue(o);
}

int formex_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding)
{
    xml_errors errs;
    xmlTextReaderPtr rd = markup_xml_reader(s, n, encoding, &errs);
    if (rd == NULL) {
        ingest_nomem(r);
        return -1;
    }
    formex *f = acq_calloc(1, sizeof *f);
    if (f == NULL) {
        xmlFreeTextReader(rd);
        ingest_nomem(r);
        return -1;
    }
    f->r = r;
    f->a = a;
    a->eurlex = 1;
    text_init(&f->body, &a->text, 0);
    f->body.mark = 0;
    text_init(&f->title, &f->title_buf, 0);
    text_init(&f->note, &a->notes, 0);
    text_init(&f->cap, &f->cap_buf, 1);
    if (a->text.len > 0)
        text_break(&f->body, TEXT_LINE); /* the next part of a package */
    f->sink = FX_BODY;
    int ret = xmlTextReaderRead(rd);
    while (ret == 1) {
        int type = xmlTextReaderNodeType(rd);
        int skip = 0;
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstName(rd);
            int empty = xmlTextReaderIsEmptyElement(rd);
            skip = start(f, rd, name ? name : "");
            if (!skip && empty)
                end(f);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            end(f);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            text_out *o = f->depth > 0 && (f->stack[f->depth - 1].flags & FXF_META) ? &f->cap : out(f);
            if (v != NULL && o != NULL)
                text_put(o, v, strlen(v));
        }
        ret = skip ? xmlTextReaderNext(rd) : xmlTextReaderRead(rd);
    }
    if (f->year[0] != '\0' && f->current[0] != '\0' && a->number[0] == '\0')
        snprintf(a->number, sizeof a->number, "%s/%s", f->year, f->current);
    xmlFreeTextReader(rd);
    int failed = f->title_buf.failed || f->cap_buf.failed;
    acq_buf_free(&f->title_buf);
    acq_buf_free(&f->cap_buf);
    acq_free(f);
    if (errs.nomem || failed) {
        ingest_nomem(r);
        return -1;
    }
    if (ret < 0 || errs.count > 0) {
        char where[300];
        markup_error_text(&errs, where, sizeof where);
        ingest_problem(r, path, 0, "not well-formed XML (%s): fix the file or download it again", where);
        return -1;
    }
    return 0;
}
