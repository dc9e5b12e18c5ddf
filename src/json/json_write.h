/* json_write.h: JSON output shared by the command line (acquis search
 * --json, show --json, stats --json, batch) and the HTTP server (acquis
 * serve): string literals that are always valid JSON and valid UTF-8, and
 * the objects for a hit and for the facets of a result, so that both print
 * exactly the same shapes. A client of acquis.h only; writes to a FILE (the
 * server's is an open_memstream). */
#ifndef ACQ_JSON_WRITE_H
#define ACQ_JSON_WRITE_H

#include "acquis.h"

#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes); NULL prints null.
 * Control characters are escaped; bytes that are not valid UTF-8 (which
 * the library never hands out, but a caller's input may hold) become
 * U+FFFD, so the output is always valid UTF-8. */
void json_string(FILE *f, const char *s);
/* The same for n bytes, which may hold U+0000 (as \u0000). */
void json_string_n(FILE *f, const char *s, size_t n);

/* Extra fields as {"name":[values],...}, names in order of first use. */
void json_fields(FILE *f, const acq_field *fields, size_t n);

/* What json_hit writes, as bits. */
enum {
    JSON_HIT_RANK = 1u << 0, JSON_HIT_SCORE = 1u << 1, JSON_HIT_ID = 1u << 2, JSON_HIT_TITLE = 1u << 3,
    JSON_HIT_DATE = 1u << 4, JSON_HIT_TYPE = 1u << 5, JSON_HIT_LANG = 1u << 6, JSON_HIT_CELEX = 1u << 7,
    JSON_HIT_URL = 1u << 8, JSON_HIT_FIELDS = 1u << 9, JSON_HIT_SNIPPET = 1u << 10,
    JSON_HIT_ALL = (1u << 11) - 1
};
/* One hit as an object (no newline): {"rank":1,"score":..,"id":..,"title":..,
 * "date":..,"type":..,"lang":..,"celex":..,"url":..,"fields":{"name":[values]},
 * "snippet":..,"matches":[[start,end],..],"collapsed":N,"explanation":..},
 * members in `what` only (empty strings as null, "fields" only when the
 * document has extra fields, "collapsed" and "explanation" when set). */
void json_hit(FILE *f, const acq_hit *h, size_t rank, unsigned what);
/* The facets of r as one object {"type":{"distinct":5,"values":[["REG",120],
 * ...]},...} ({} without facets). */
void json_facets(FILE *f, const acq_results *r);
/* The statistics of an index as one object {"documents":..,"deleted":..,
 * "segments":..,"terms":..,"postings":..,"positions":..,"bytes":{"dictionary":
 * ..,"postings":..,"positions":..,"stored":..,"lengths":..,"other":..,
 * "total":..},"languages":[{"lang":"en","documents":..,"words":..,"terms":..},
 * ...]} with langs[0..nlangs) from acq_index_languages (acquis stats --json,
 * GET /api/stats). */
void json_stats(FILE *f, const acq_index_stats *s, const acq_language_stats *langs, size_t nlangs);
/* One act of acq_act_cites or acq_act_cited_by as {"celex":..,"count":..,
 * "name":..,"title":..,"date":..} (acquis cites --json, GET /api/cites). */
void json_act_link(FILE *f, const acq_act_link *k);

#endif
