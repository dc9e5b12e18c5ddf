/* instruments.h: the table of JHA instruments: what each act is called, how
 * it is cited, what it replaced and what replaced it.
 *
 * The table is data the project owns (corpus/instruments.txt, documented in
 * corpus/instruments.md). It is compiled into the library, so a program
 * always has it, whatever the working directory or install prefix; the
 * environment variable ACQUIS_INSTRUMENTS names a file to use instead, and a
 * user's own table (acq_instruments_load_file) adds instruments or replaces
 * bundled ones by key.
 *
 * Every record is checked when loaded: well-formed key, CELEX, type, date;
 * the `cite:` line parsed by the citation extractor must give the record's
 * CELEX; successors and predecessors must name known keys; no CELEX and no
 * citation form may belong to two instruments. A bad line is an error that
 * names the file, the line and what is wrong; a failed load leaves the table
 * as it was.
 *
 * Lookups fold case and accents as the analysis module does: "PRÜM",
 * "prum" and "Prüm" are one name; "Regulation (EU) 2016/794", "2016/794",
 * "32016R0794" and "Verordnung (EU) 2016/794" are one act.
 *
 * A loaded table is read only: any number of threads may look things up in
 * it at once. A load changes it and must not run beside lookups. */
#ifndef ACQ_KNOWLEDGE_INSTRUMENTS_H
#define ACQ_KNOWLEDGE_INSTRUMENTS_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"

/* The environment variable naming a table to use instead of the bundled one. */
#define ACQ_INSTRUMENTS_ENV "ACQUIS_INSTRUMENTS"
/* The environment variable naming a table loaded over it (new keys add
 * instruments, known keys replace records): what `acquis --instruments
 * FILE` sets. */
#define ACQ_INSTRUMENTS_ADD_ENV "ACQUIS_INSTRUMENTS_ADD"

typedef struct acq_instrument_name {
    const char *text;   /* as written in the table: "Prüm Decision" */
    const char *lang;   /* "en", "fr", "de", ...; "" when it is the same in
                           every language ("SIS II", "Eurodac") */
    int abbr;           /* 1 for an abbreviation ("EAW", "GDPR") */
    int ambiguous;      /* 1 when the name has other senses ("Prüm" is also
                           a town): a search should prefer the acts that
                           cite the instrument to those that merely contain
                           the word */
} acq_instrument_name;

typedef struct acq_instrument {
    const char *key;    /* stable identifier: "prum-decision" */
    const char *celex;  /* "32008D0615" */
    const char *type;   /* "decision", "framework-decision", "regulation", ... */
    const char *date;   /* date of the act (signature for conventions), YYYY-MM-DD */
    const char *title;  /* official English title */
    const char *cite;   /* the citation as the act gives it: "Council Decision
                           2008/615/JHA"; "" for acts without a number */
    const char *area;   /* "police", "asylum", ... or "" */
    const char *note;   /* free text, or "" */
    const acq_instrument_name *names;
    size_t n_names;
    const char *const *forms; /* every citation form, as written: derived
                                 from cite and CELEX in English, French and
                                 German, plus the record's `form:` lines
                                 (one per normal form: "Decision 2008/615"
                                 and "decision 2008/615" count once) */
    size_t n_forms;
    const size_t *successors;   /* indices for acq_instruments_get: the acts
                                   that replaced this one */
    size_t n_successors;
    const size_t *predecessors; /* the acts this one replaced */
    size_t n_predecessors;
    const char *source; /* file the record was read from ("instruments.txt
                           (bundled)" for the bundled table) */
    size_t line;        /* line of its "[key]" */
} acq_instrument;

typedef struct acq_instruments acq_instruments;

/* Opens the bundled table, or the file named by $ACQUIS_INSTRUMENTS when
 * that is set (its errors are reported, never replaced by the bundled
 * table), then loads $ACQUIS_INSTRUMENTS_ADD over it when set. ACQ_EINPUT with "FILE:LINE: what is wrong", ACQ_EIO, ACQ_ENOMEM. */
int acq_instruments_open(acq_instruments **out, acq_err *err);
/* An empty table, for a caller who wants nothing but its own. */
int acq_instruments_new(acq_instruments **out, acq_err *err);
/* Reads a table file into kb: new keys add instruments, known keys replace
 * the earlier record whole. On error kb is unchanged. */
int acq_instruments_load_file(acq_instruments *kb, const char *path, acq_err *err);
/* The same for a table in memory; name is used in messages. */
int acq_instruments_load_text(acq_instruments *kb, const char *name, const char *text,
                              size_t len, acq_err *err);
void acq_instruments_free(acq_instruments *kb);

/* The instruments, in table order (index 0 .. count-1). Pointers stay valid
 * until the next load or the free. */
size_t acq_instruments_count(const acq_instruments *kb);
const acq_instrument *acq_instruments_get(const acq_instruments *kb, size_t i);
const acq_instrument *acq_instruments_by_key(const acq_instruments *kb, const char *key);
/* By CELEX ("32008D0615"); a consolidated version's CELEX
 * ("02016R0794-20220628") gives its act. */
const acq_instrument *acq_instruments_by_celex(const acq_instruments *kb, const char *celex);
/* The instrument a citation denotes: any citation form ("2008/615",
 * "2008/615/JAI", "Council Decision 2008/615/JHA", "32008D0615"), or any
 * text the citation extractor reads as one citation ("Regulation 2016/794"
 * with odd spacing). NULL if none. */
const acq_instrument *acq_instruments_by_citation(const acq_instruments *kb, const char *text,
                                                  size_t len);
/* The instruments a name or abbreviation denotes ("Prüm", "SIS II",
 * "Dublin III", "mandat d'arrêt européen"), case, accents, hyphens and
 * punctuation folded. Stores up to max of them in out (with, in name_out
 * when not NULL, the matching name of each) and returns how many there
 * are. */
size_t acq_instruments_by_name(const acq_instruments *kb, const char *text, size_t len,
                               const acq_instrument **out, const acq_instrument_name **name_out,
                               size_t max);

/* For the citation extractor: the CELEX of the instrument one of whose
 * citation forms is key[0..n) exactly (already lower-case ASCII, as
 * "2008/615/jha"); NULL if none. With bare set, NULL also when the number
 * written alone may be another act: before 2015 directives and decisions
 * were numbered in separate series, so "2013/48/EU" is both Directive
 * 2013/48/EU and Council Implementing Decision 2013/48/EU. The numbers
 * that stand alone are those of regulations and co-decision decisions
 * ("1987/2006", "574/2007/EC"), of acts with a JHA or CFSP suffix
 * ("2008/615/JHA") and of acts from 2015 on ("2016/794"). */
const char *acq_instruments_celex_of_form(const acq_instruments *kb, const char *key, size_t n,
                                          int bare);

/* The normal forms lookups compare: for names, folded with runs of spaces
 * and punctuation made one space ("Prüm-Beschluss" -> "prum beschluss");
 * for citation forms, folded with runs of spaces made one space. Appended
 * to out; 0 or -1 on OOM. */
int acq_instruments_norm_name(const char *s, size_t n, acq_buf *out);
int acq_instruments_norm_form(const char *s, size_t n, acq_buf *out);

#endif
