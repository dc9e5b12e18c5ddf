/* citations.h: finding the citations of EU acts in a text and normalising
 * each to its CELEX number.
 *
 * "Council Decision 2008/615/JHA", "Decisions 2008/615/JHA and
 * 2008/616/JHA", "Regulation (EC) No 1987/2006", "Regulation (EU) 2016/794",
 * "Directive 95/46/EC", "Framework Decision 2002/584/JHA", "Regulation (EEC)
 * No 1408/71", their French and German forms ("règlement (CE) n° 1987/2006",
 * "Rahmenbeschluss 2002/584/JI") and bare CELEX numbers ("32008D0615") all
 * become CELEX numbers with the byte offsets where they were written. The
 * act type comes from the word before the number, the order of year and
 * number from the style of the period (see corpus/instruments.md, "What the
 * citation extractor recognises"). A number written without a type word is
 * resolved only through the instruments table (knowledge/instruments.h),
 * when one is given, and only when the number alone cannot be another act.
 *
 * The extractor runs over every document at index time: one pass over the
 * bytes, work per candidate bounded by a fixed window, no allocation except
 * the output (and one small scratch buffer per call), no global state, so
 * threads may extract at once. Any byte string is accepted: invalid UTF-8
 * is skipped over, never read past its end. */
#ifndef ACQ_KNOWLEDGE_CITATIONS_H
#define ACQ_KNOWLEDGE_CITATIONS_H

#include <stddef.h>
#include <stdint.h>

/* Room for the longest CELEX number produced, with its NUL:
 * "42000A0922(02)" is 14 bytes. */
#define ACQ_CELEX_MAX 24

struct acq_instruments;

/* How a citation was recognised. */
enum acq_cite_how {
    ACQ_CITE_TYPED = 1, /* type word and number: "Council Decision 2008/615/JHA" */
    ACQ_CITE_LIST = 2,  /* a later element of a list: the second of "Decisions
                           2008/615/JHA and 2008/616/JHA" */
    ACQ_CITE_RANGE = 3, /* an act inside a range: "Decisions 98/119/EC to
                           98/131/EC" cites 98/120/EC too (span: the range) */
    ACQ_CITE_TABLE = 4, /* a number without a type word that the instruments
                           table knows: "2008/615/JHA", "Reglamento (CE) n°
                           1987/2006" */
    ACQ_CITE_CELEX = 5  /* a CELEX number: "32008D0615"; a consolidated
                           version "02016R0794-20220628" (or "02016R0794")
                           gives its act */
};

typedef struct acq_citation {
    size_t start, end;          /* bytes [start, end) of the text: from the
                                   type word (or the list element) to the end
                                   of the number and its suffix */
    int how;                    /* an acq_cite_how */
    char celex[ACQ_CELEX_MAX];  /* NUL-terminated, e.g. "32008D0615" */
} acq_citation;

/* A growable list of citations, in text order (the acts of a range follow
 * its first element). Zero-initialise; reuse across texts; free once. */
typedef struct acq_citations {
    acq_citation *items;
    size_t n, cap;
} acq_citations;

/* Finds every citation in text[0..len) and stores them in out (emptied
 * first). kb, which may be NULL, resolves numbers written without a type
 * word and corrects a type word that contradicts the table (see the
 * document). Returns 0, or ACQ_ENOMEM (out then holds what was found). */
int acq_citations_extract(const char *text, size_t len,
                          const struct acq_instruments *kb, acq_citations *out);
void acq_citations_free(acq_citations *c);

/* Canonical suffixes of act numbers ("/JHA") and of the institutions in
 * parentheses ("(EC)"), with their French and German spellings. */
enum acq_cite_suffix {
    ACQ_SUFFIX_NONE = 0, ACQ_SUFFIX_EC, ACQ_SUFFIX_EEC, ACQ_SUFFIX_EU,
    ACQ_SUFFIX_JHA, ACQ_SUFFIX_CFSP, ACQ_SUFFIX_ECSC, ACQ_SUFFIX_EURATOM,
    ACQ_SUFFIX_COUNT
};
/* The spelling of a suffix in "en", "fr" or "de" ("JHA", "JAI", "JI"). */
const char *acq_cite_suffix_name(int suffix, const char *lang);
/* The suffix written s[0..n) (any of the three languages, case as
 * printed: "JHA", "Euratom"), or ACQ_SUFFIX_NONE. */
int acq_cite_suffix_find(const char *s, size_t n);

/* One citation taken apart: what acq_citation_parse understood. */
typedef struct acq_cite_parts {
    char letter;        /* CELEX type letter: R L D F E H S */
    int year;           /* four digits */
    int number;
    int number_first;   /* written number/year: regulations to 2014
                           ("No 1987/2006"), "Decision No 574/2007/EC" */
    int two_digit_year; /* the year was written with two digits ("95/46") */
    int has_no;         /* "No" (N°, Nr.) before the number */
    int suffix;         /* acq_cite_suffix of the number ("/JHA") */
    int inst[3];        /* acq_cite_suffix of the parenthesised institutions,
                           "(EU, Euratom)" = {EU, EURATOM, NONE} */
} acq_cite_parts;

/* Parses s[0..len) as exactly one citation with a type word or one CELEX
 * number ("Council Regulation (EC) No 2007/2004", "32016R0794"), nothing
 * before or after but spaces. Writes the CELEX and, when parts is not NULL,
 * its parts (zeroed for a CELEX number). Returns 0, ACQ_ENOTFOUND, or
 * ACQ_ENOMEM. */
int acq_citation_parse(const char *s, size_t len, acq_cite_parts *parts,
                       char celex[ACQ_CELEX_MAX]);

/* 1 if s is a well-formed CELEX number: sector (1-9, C or E), a year from
 * 1951, one or two capital letters, four digits, optionally "(NN)". */
int acq_celex_valid(const char *s);

#endif
