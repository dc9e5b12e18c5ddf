/* query.h: the query tree that the parser (query/parser.c) builds from a
 * query string and the search module (search/) evaluates. One query path
 * for the command line and the library.
 *
 * Language (see acq_query_parse):
 *   plain words                 ranked OR (SHOULD clauses)
 *   +word  -word                required / excluded
 *   a AND b, a OR b, NOT a      with precedence NOT > AND > OR; adjacency is OR
 *   ( ... )                     grouping
 *   "exact phrase"              positions checked, analysed like the text
 *   "words near"~N              all words within a window of N positions, any order
 *   field:term, field:"phrase"  fields title, id, celex, type, lang (body is default),
 *                               and the index's extra keyword fields; an
 *                               unknown name before ':' is an error
 *   prefix*                     expanded against the dictionary (limited)
 *   date:2015..2018             filter (no score): years or full dates,
 *   date:2016-05-11..           open ends allowed; type:DIR and lang:fr also
 *                               filter without changing scores
 * Ordinary legal text is never syntax: C-311/18, 2016/794, (EU),
 * anti-money-laundering, Article 2: are words. Only a known field name before
 * ':' makes a field, and '-'/'+' are operators only at the start of a word. */
#ifndef ACQ_QUERY_QUERY_H
#define ACQ_QUERY_QUERY_H

#include "analysis/analyzer.h"
#include "common/buf.h"
#include "common/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum acq_qkind {
    ACQ_Q_TERM,     /* one analysed term in a field */
    ACQ_Q_PHRASE,   /* analysed terms at relative positions (exact), or
                       within a window (slop > 0, any order) */
    ACQ_Q_PREFIX,   /* folded (not stemmed) prefix in a field */
    ACQ_Q_BOOL,     /* clauses with occur MUST / SHOULD / MUST_NOT / FILTER */
    ACQ_Q_DATE,     /* date range filter: [from, to] as YYYYMMDD */
    ACQ_Q_NONE      /* matches nothing (e.g. only stopwords) */
} acq_qkind;

typedef enum acq_occur {
    ACQ_SHOULD = 0, /* scores; at least one SHOULD must match when there is no
                       MUST (FILTER clauses do not count: "europol date:2016"
                       is europol documents of 2016) */
    ACQ_MUST,       /* must match, scores */
    ACQ_MUST_NOT,   /* must not match */
    ACQ_FILTER      /* must match, does not score */
} acq_occur;

/* A BOOL made by query expansion (knowledge/expand.h): its kids are
 * alternative forms of one concept (an instrument's CELEX, the acts citing
 * it, its names, the words typed), scored as one: the best kid's score
 * times its weight, never the sum. */
typedef struct acq_qconcept {
    char *label;       /* shown by --explain: "Prüm Decision (32008D0615)" */
    double *weights;   /* one per kid */
} acq_qconcept;

typedef struct acq_qnode acq_qnode;
struct acq_qnode {
    acq_qkind kind;
    acq_occur occur;     /* how this node joins its parent BOOL */
    int field;           /* ACQ_FIELD_* (segment/format.h) for TERM/PHRASE/PREFIX */
    char **terms;        /* TERM: 1; PHRASE: n analysed terms; PREFIX: 1 */
    size_t nterms;
    uint32_t *positions; /* PHRASE: position of each term relative to the
                            first (stopword gaps kept: "area of freedom" ->
                            0, 2) */
    uint32_t slop;       /* PHRASE: 0 exact, N for "..."~N */
    uint32_t date_from, date_to;   /* DATE: inclusive, YYYYMMDD (0 / 99999999 open) */
    acq_qnode **kids;    /* BOOL */
    size_t nkids;
    uint32_t column;     /* 1-based column in the query string where it starts */
    acq_qconcept *concept; /* BOOL: an expanded concept; NULL otherwise */
    double boost;        /* TERM, PHRASE: the score is multiplied by it; 0
                            means 1. A plain-text word typed n times has n
                            (query term frequency, as Lucene's BM25 with one
                            clause per occurrence); feedback sets weights */
};

/* Parses `query` into a tree. Terms are analysed with `a` (the index's
 * chain: folding, stopwords, stemming; keyword fields are only folded).
 * On a syntax error returns ACQ_EQUERY with a message naming the column
 * ("column 12: missing closing quote") in err and *err_column set. */
int acq_query_parse(acq_qnode **out, const char *query, acq_analyzer *a, uint32_t *err_column, acq_err *err);

/* The extra keyword fields of an index (its manifest's), that a query may
 * name besides the built-in ones: field i has key byte ACQ_FIELD_EXTRA + i.
 * Their values are matched whole, folded (analysis/keyword.h), and filter
 * like type: and lang: (they restrict, they do not score). */
typedef struct acq_query_fields {
    const char (*names)[32];
    size_t n;
} acq_query_fields;

/* acq_query_parse with the index's extra fields (fields may be NULL). A
 * word of the form name:value (no space after the colon) whose name is no
 * field of the index is a syntax error that lists the fields: a misspelt
 * field (titel:europol) never silently matches nothing. */
int acq_query_parse_fields(acq_qnode **out, const char *query, acq_analyzer *a, const acq_query_fields *fields,
                           uint32_t *err_column, acq_err *err);
void acq_query_free(acq_qnode *q);
/* Plain text, no syntax: its distinct analysed words as a ranked OR of
 * body terms, each with boost = the number of times it occurs (a NONE tree
 * if there are none). For TREC topics and pasted text, where "(", "-", ":"
 * or an upper-case NOT are just text. */
int acq_query_plain(acq_qnode **out, const char *text, acq_analyzer *a, acq_err *err);
/* Debug form, e.g. (+body:polic body:cooper -"body:monei body:launder") */
void acq_query_format(const acq_qnode *q, acq_buf *out);

#endif
