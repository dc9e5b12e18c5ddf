/* json_write.c: JSON output shared by the command line and the server (see
 * json_write.h). */
#include "json/json_write.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (at most e - p bytes), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *e)
{
    unsigned c = p[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if ((size_t)(e - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

void json_string(FILE *f, const char *s)
{
    if (s == NULL)
        fputs("null", f);
    else
        json_string_n(f, s, strlen(s));
}

void json_string_n(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s, *e = p + n; p < e;) {
        switch (*p) {
        case '"': fputs("\\\"", f); p++; continue;
        case '\\': fputs("\\\\", f); p++; continue;
        case '\n': fputs("\\n", f); p++; continue;
        case '\r': fputs("\\r", f); p++; continue;
        case '\t': fputs("\\t", f); p++; continue;
        default: break;
        }
        if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", *p++);
            continue;
        }
        size_t k = utf8_len(p, e);
        if (k == 0) {
            fputs("\\ufffd", f);
            p++;
            continue;
        }
        fwrite(p, 1, k, f);
        p += k;
    }
    fputc('"', f);
}

void json_fields(FILE *f, const acq_field *fields, size_t n)
{
    fputc('{', f);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && strcmp(fields[j].name, fields[i].name) != 0)
            j++;
        if (j < i)
            continue;
        fputs(first ? "" : ",", f);
        first = 0;
        json_string(f, fields[i].name);
        fputs(":[", f);
        for (size_t k = i, m = 0; k < n; k++)
            if (strcmp(fields[k].name, fields[i].name) == 0) {
                fputs(m++ ? "," : "", f);
                json_string(f, fields[k].value);
            }
        fputc(']', f);
    }
    fputc('}', f);
}

void json_hit(FILE *f, const acq_hit *h, size_t rank, unsigned what)
{
    const char *sep = "";
    fputc('{', f);
    if (what & JSON_HIT_RANK) {
        fprintf(f, "\"rank\":%zu", rank);
        sep = ",";
    }
    if (what & JSON_HIT_SCORE) {
        fprintf(f, "%s\"score\":%.6f", sep, h->score);
        sep = ",";
    }
    if (what & JSON_HIT_ID) {
        fprintf(f, "%s\"id\":", sep);
        json_string(f, h->id);
        sep = ",";
    }
    static const char *keys[] = {"title", "date", "type", "lang", "celex", "url"};
    static const unsigned bits[] = {JSON_HIT_TITLE, JSON_HIT_DATE, JSON_HIT_TYPE, JSON_HIT_LANG, JSON_HIT_CELEX,
                                    JSON_HIT_URL};
    const char *vals[] = {h->title, h->date, h->type, h->lang, h->celex, h->url};
    for (int i = 0; i < 6; i++) {
        if (!(what & bits[i]))
            continue;
        fprintf(f, "%s\"%s\":", sep, keys[i]);
        json_string(f, vals[i] && vals[i][0] ? vals[i] : NULL);
        sep = ",";
    }
    if ((what & JSON_HIT_FIELDS) && h->field_count) {
        fprintf(f, "%s\"fields\":", sep);
        json_fields(f, h->fields, h->field_count);
        sep = ",";
    }
    if (what & JSON_HIT_SNIPPET) {
        fprintf(f, "%s\"snippet\":", sep);
        json_string(f, h->snippet);
        fputs(",\"matches\":[", f);
        for (size_t m = 0; m < h->match_count; m++)
            fprintf(f, "%s[%u,%u]", m ? "," : "", h->match_offsets[2 * m], h->match_offsets[2 * m + 1]);
        fputc(']', f);
        sep = ",";
    }
    if (h->collapsed) {
        fprintf(f, "%s\"collapsed\":%llu", sep, (unsigned long long)h->collapsed);
        sep = ",";
    }
    if (h->explanation) {
        fprintf(f, "%s\"explanation\":", sep);
        json_string(f, h->explanation);
    }
    fputc('}', f);
}

void json_facets(FILE *f, const acq_results *r)
{
    size_t nf = acq_results_facets(r);
    fputc('{', f);
    for (size_t i = 0; i < nf; i++) {
        const acq_facet_value *v;
        size_t n;
        uint64_t distinct;
        const char *name = acq_results_facet(r, i, &v, &n, &distinct);
        fputs(i ? "," : "", f);
        json_string(f, name);
        fprintf(f, ":{\"distinct\":%llu,\"values\":[", (unsigned long long)distinct);
        for (size_t k = 0; k < n; k++) {
            fputs(k ? ",[" : "[", f);
            json_string(f, v[k].value);
            fprintf(f, ",%llu]", (unsigned long long)v[k].count);
        }
        fputs("]}", f);
    }
    fputc('}', f);
}

void json_stats(FILE *f, const acq_index_stats *s, const acq_language_stats *langs, size_t nlangs)
{
    uint64_t total = s->bytes_dictionary + s->bytes_postings + s->bytes_positions + s->bytes_stored +
                     s->bytes_lengths + s->bytes_other;
    fprintf(f,
            "{\"documents\":%llu,\"deleted\":%llu,\"segments\":%llu,\"terms\":%llu,\"postings\":%llu,"
            "\"positions\":%llu,\"bytes\":{\"dictionary\":%llu,\"postings\":%llu,\"positions\":%llu,"
            "\"stored\":%llu,\"lengths\":%llu,\"other\":%llu,\"total\":%llu},\"languages\":[",
            (unsigned long long)s->documents, (unsigned long long)s->deleted, (unsigned long long)s->segments,
            (unsigned long long)s->terms, (unsigned long long)s->postings, (unsigned long long)s->positions,
            (unsigned long long)s->bytes_dictionary, (unsigned long long)s->bytes_postings,
            (unsigned long long)s->bytes_positions, (unsigned long long)s->bytes_stored,
            (unsigned long long)s->bytes_lengths, (unsigned long long)s->bytes_other, (unsigned long long)total);
    /* codes are [a-z0-9_-] as the writer lowercases them; escaped all the same */
    for (size_t i = 0; i < nlangs; i++) {
        fprintf(f, "%s{\"lang\":", i ? "," : "");
        json_string(f, langs[i].lang);
        fprintf(f, ",\"documents\":%llu,\"words\":%llu,\"terms\":%llu}", (unsigned long long)langs[i].documents,
                (unsigned long long)langs[i].tokens, (unsigned long long)langs[i].terms);
    }
    fputs("]}", f);
}

void json_act_link(FILE *f, const acq_act_link *k)
{
    fputs("{\"celex\":", f);
    json_string(f, k->celex);
    fprintf(f, ",\"count\":%llu,\"name\":", (unsigned long long)k->count);
    json_string(f, k->name);
    fputs(",\"title\":", f);
    json_string(f, k->title);
    fputs(",\"date\":", f);
    json_string(f, k->date);
    fputc('}', f);
}
