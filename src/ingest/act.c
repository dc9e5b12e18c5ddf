/* act.c: an act as the markup readers build it, and how it becomes
 * documents.
 *
 * A reader appends the act's body to `text`, one line per paragraph, and
 * marks where each recital, article and annex starts and ends; footnotes go
 * to `notes` with the part that cites them, so that a part split off keeps
 * its own footnotes. Metadata fields remember how much their value is
 * trusted (the document's own metadata, its text, the file name, a
 * meta.json), so sources can be consulted in any order and the most
 * trusted one wins.
 *
 * Whole, the act is one document: the body, then its footnotes. Split
 * (acquis index --passages article), each part is a document of its own
 * whose id is the act's plus "#art-5", "#rec-12" or "#anx-I" and whose
 * title names both ("Directive (EU) 2016/680, Article 5: Time-limits for
 * storage and review"). An act with a CELEX number gets the id the JSON
 * Lines corpora use, CELEX@date:lang, so the same version read from two
 * formats (consolidated XHTML and Formex) is one document in the index. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <stdio.h>
#include <string.h>

act *act_get(ingest_run *r)
{
    if (r->act == NULL) {
        r->act = acq_calloc(1, sizeof *r->act);
        if (r->act == NULL)
            return NULL;
    }
    act_reset(r->act);
    return r->act;
}

void act_reset(act *a)
{
    acq_buf_reset(&a->text);
    acq_buf_reset(&a->notes);
    a->text.failed = a->notes.failed = 0;
    a->nparts = a->nnotes = 0;
    a->open = 0;
    for (int i = 0; i < NMETA; i++) {
        acq_buf_reset(&a->meta[i]);
        a->meta[i].failed = 0;
        a->trust[i] = TRUST_NONE;
    }
    a->eurlex = a->corrigendum = a->failed = a->nested_part = 0;
    a->number[0] = '\0';
}

void act_free(act *a)
{
    if (a == NULL)
        return;
    acq_buf_free(&a->text);
    acq_buf_free(&a->notes);
    for (int i = 0; i < NMETA; i++)
        acq_buf_free(&a->meta[i]);
    acq_buf_free(&a->scratch);
    acq_buf_free(&a->id);
    acq_buf_free(&a->title);
    acq_free(a->parts);
    acq_free(a->notev);
    acq_free(a);
}

act_part *act_open_part(act *a) { return a->open ? &a->parts[a->open - 1] : NULL; }

void act_part_end(act *a)
{
    act_part *p = act_open_part(a);
    if (p != NULL)
        p->end = a->text.len;
    a->open = 0;
}

void act_part_begin(act *a, int kind, const char *label, size_t label_len)
{
    act_part_end(a);
    if (acq_grow((void **)&a->parts, &a->parts_cap, a->nparts + 1, sizeof *a->parts) != 0) {
        a->failed = 1;
        return;
    }
    act_part *p = &a->parts[a->nparts++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->start = p->end = a->text.len;
    a->open = a->nparts;
    act_part_label(a, label, label_len);
}

/* Labels end up in ids: keep letters and digits of ASCII only ("5a", "IV"). */
void act_part_label(act *a, const char *label, size_t n)
{
    act_part *p = act_open_part(a);
    if (p == NULL || p->label[0] != '\0' || label == NULL)
        return;
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof p->label; i++) {
        char c = label[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            p->label[k++] = c;
    }
    p->label[k] = '\0';
}

void act_note_add(act *a, size_t part, size_t start, size_t end)
{
    if (end <= start)
        return;
    if (acq_grow((void **)&a->notev, &a->notes_cap, a->nnotes + 1, sizeof *a->notev) != 0) {
        a->failed = 1;
        return;
    }
    a->notev[a->nnotes++] = (act_note){part, start, end};
}

void act_meta_set(act *a, int field, const char *s, size_t n, int trust)
{
    if (s == NULL || trust <= a->trust[field])
        return;
    size_t start;
    n = text_trim(s, n, &start);
    s += start;
    if (n == 0 || !acq_utf8_valid((const uint8_t *)s, n, NULL))
        return;
    acq_buf *b = &a->meta[field];
    acq_buf_reset(b);
    text_out t;
    text_init(&t, b, 1);
    text_put(&t, s, n);
    acq_buf_cstr(b);
    if (b->failed) {
        a->failed = 1;
        return;
    }
    a->trust[field] = trust;
}

void act_title_lines(act *a, const acq_buf *t, int trust)
{
    acq_buf out = {0};
    size_t i = 0;
    while (i < t->len) {
        size_t j = i;
        while (j < t->len && t->data[j] != '\n')
            j++;
        size_t start;
        size_t n = text_trim((const char *)t->data + i, j - i, &start);
        const char *line = (const char *)t->data + i + start;
        if (n > 0 && !(line[0] == '(' && line[n - 1] == ')')) {
            if (out.len > 0)
                acq_buf_putc(&out, ' ');
            acq_buf_put(&out, line, n);
        }
        i = j + 1;
    }
    act_meta_set(a, M_TITLE, (const char *)out.data, out.len, trust);
    if (out.failed || t->failed)
        a->failed = 1;
    acq_buf_free(&out);
}

/* ---- emitting ------------------------------------------------------------- */

static const char *part_code(int kind)
{
    return kind == PART_RECITAL ? "rec" : kind == PART_ARTICLE ? "art" : "anx";
}

/* "Recital" in the languages whose word acquis knows; the others get the
 * English one. Articles and annexes need no table: their headings are in
 * the text ("Article 5", "Artykuł 5", "ANNEX III"). */
static const char *recital_word(const char *lang)
{
    static const struct { const char *lang, *word; } words[] = {
        {"fr", "Considérant"}, {"de", "Erwägungsgrund"}, {"pl", "Motyw"}, {"es", "Considerando"},
        {"it", "Considerando"}, {"pt", "Considerando"}, {"nl", "Overweging"}, {"sv", "Skäl"},
        {"da", "Betragtning"}, {"ro", "Considerentul"},
    };
    for (size_t i = 0; lang != NULL && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(lang, words[i].lang) == 0)
            return words[i].word;
    return "Recital";
}

/* The id of the act: CELEX@date:lang when the CELEX number is known. */
static void act_id(act *a, const char *fallback)
{
    acq_buf *b = &a->id;
    acq_buf_reset(b);
    const char *celex = act_meta(a, M_CELEX);
    if (a->eurlex && celex != NULL) {
        acq_buf_puts(b, celex);
        if (act_meta(a, M_DATE) != NULL)
            acq_buf_printf(b, "@%s", act_meta(a, M_DATE));
        if (act_meta(a, M_LANG) != NULL)
            acq_buf_printf(b, ":%s", act_meta(a, M_LANG));
    } else {
        acq_buf_puts(b, fallback);
    }
    acq_buf_cstr(b);
}

static void set_field(const char **p, size_t *n, const act *a, int field)
{
    const char *v = act_meta(a, field);
    if (v != NULL) {
        *p = v;
        *n = a->meta[field].len;
    }
}

static void fill_metadata(acq_ingest_doc *d, const act *a)
{
    set_field(&d->doc.celex, &d->doc.celex_len, a, M_CELEX);
    set_field(&d->doc.date, &d->doc.date_len, a, M_DATE);
    set_field(&d->doc.type, &d->doc.type_len, a, M_TYPE);
    set_field(&d->doc.lang, &d->doc.lang_len, a, M_LANG);
    set_field(&d->doc.url, &d->doc.url_len, a, M_URL);
}

/* b's bytes from off on, or NULL when b holds nothing (an act without any
 * text: no pointer arithmetic on NULL). */
static const uint8_t *from(const acq_buf *b, size_t off) { return b->data ? b->data + off : NULL; }

/* Appends s[0..n) without its outer whitespace; returns what was added. */
static size_t put_trimmed(acq_buf *b, const uint8_t *s, size_t n)
{
    if (s == NULL || n == 0) /* an act without text: nothing, and no offset on NULL */
        return 0;
    size_t start;
    n = text_trim((const char *)s, n, &start);
    acq_buf_put(b, s + start, n);
    return n;
}

static int emit_whole(ingest_run *r, act *a, const char *path)
{
    acq_buf *t = &a->scratch;
    acq_buf_reset(t);
    put_trimmed(t, a->text.data, a->text.len);
    for (size_t i = 0; i < a->nnotes; i++) {
        if (t->len > 0)
            acq_buf_putc(t, '\n');
        put_trimmed(t, from(&a->notes, a->notev[i].start), a->notev[i].end - a->notev[i].start);
    }
    acq_buf_cstr(t);
    if (t->failed || a->id.failed)
        return ingest_nomem(r);
    acq_ingest_doc d;
    memset(&d, 0, sizeof d);
    d.doc.id = (const char *)a->id.data;
    d.doc.id_len = a->id.len;
    d.doc.text = t->len ? (const char *)t->data : ingest_empty;
    d.doc.text_len = t->len;
    set_field(&d.doc.title, &d.doc.title_len, a, M_TITLE);
    fill_metadata(&d, a);
    d.source = path;
    return ingest_emit(r, &d);
}

/* A part's label, unique among the parts of its kind before it ("5", then
 * "5-2" for a second Article 5), or its position when it has none. */
static void part_label(const act *a, size_t i, char *out, size_t size)
{
    const act_part *p = &a->parts[i];
    size_t ordinal = 1, same = 1;
    for (size_t j = 0; j < i; j++) {
        if (a->parts[j].kind != p->kind)
            continue;
        ordinal++;
        if (p->label[0] != '\0' && strcmp(a->parts[j].label, p->label) == 0)
            same++;
    }
    if (p->label[0] == '\0')
        snprintf(out, size, "%zu", ordinal);
    else if (same > 1)
        snprintf(out, size, "%s-%zu", p->label, same);
    else
        snprintf(out, size, "%s", p->label);
}

/* "Directive (EU) 2016/680, Article 5: Time-limits for storage and review" */
static void part_title(act *a, const act_part *p, const char *label)
{
    acq_buf *b = &a->title;
    acq_buf_reset(b);
    const char *act_name = act_meta(a, M_SHORT) ? act_meta(a, M_SHORT) : act_meta(a, M_TITLE);
    if (act_name != NULL)
        acq_buf_printf(b, "%s, ", act_name);
    if (p->head_len > 0) {
        size_t start;
        size_t n = text_trim((const char *)from(&a->text, p->head), p->head_len, &start);
        if (p->kind == PART_ANNEX)
            meta_recase_first_word(b, (const char *)from(&a->text, p->head + start), n);
        else
            acq_buf_put(b, from(&a->text, p->head + start), n);
    } else if (p->kind == PART_RECITAL) {
        acq_buf_printf(b, "%s %s", recital_word(act_meta(a, M_LANG)), label);
    } else {
        acq_buf_printf(b, "%s %s", p->kind == PART_ARTICLE ? "Article" : "Annex", label);
    }
    if (p->sub_len > 0) {
        acq_buf_puts(b, ": ");
        put_trimmed(b, from(&a->text, p->sub), p->sub_len);
    }
    acq_buf_cstr(b);
}

static int emit_parts(ingest_run *r, act *a, const char *path)
{
    size_t base = a->id.len;
    for (size_t i = 0; i < a->nparts && r->rc == ACQ_OK; i++) {
        const act_part *p = &a->parts[i];
        acq_buf *t = &a->scratch;
        acq_buf_reset(t);
        if (put_trimmed(t, from(&a->text, p->start), p->end - p->start) == 0)
            continue; /* an empty part (a heading with nothing under it) is no passage */
        for (size_t k = 0; k < a->nnotes; k++) {
            if (a->notev[k].part != i + 1)
                continue;
            acq_buf_putc(t, '\n');
            put_trimmed(t, from(&a->notes, a->notev[k].start), a->notev[k].end - a->notev[k].start);
        }
        acq_buf_cstr(t);
        char label[64];
        part_label(a, i, label, sizeof label);
        a->id.len = base;
        acq_buf_printf(&a->id, "#%s-%s", part_code(p->kind), label);
        part_title(a, p, label);
        if (t->failed || a->id.failed || a->title.failed)
            return ingest_nomem(r);
        acq_ingest_doc d;
        memset(&d, 0, sizeof d);
        d.doc.id = (const char *)a->id.data;
        d.doc.id_len = a->id.len;
        d.doc.text = (const char *)t->data;
        d.doc.text_len = t->len;
        d.doc.title = (const char *)a->title.data;
        d.doc.title_len = a->title.len;
        fill_metadata(&d, a);
        d.source = path;
        d.part = d.doc.id + base + 1;
        d.part_len = a->id.len - base - 1;
        ingest_emit(r, &d);
    }
    return r->rc;
}

int act_emit(ingest_run *r, act *a, const char *path, const char *id)
{
    act_part_end(a);
    if (a->failed || a->text.failed || a->notes.failed)
        return ingest_nomem(r);
    act_id(a, id);
    if (r->passages == ACQ_INGEST_ARTICLES && a->eurlex && a->nparts > 0)
        return emit_parts(r, a, path);
    return emit_whole(r, a, path);
}
