/* expand.h: query expansion by the instruments of the field.
 *
 * A query that names an act, by any of its names in the instruments table
 * ("Prüm", "the Prüm Decision", "SIS II", "Dublin III", "EAW Framework
 * Decision"), by a citation ("Regulation (EU) 2016/794", "Regulation
 * 2016/794"), its CELEX ("32016R0794") or a partial number ("2008/615",
 * which stands for 2008/615/JHA, or for any act numbered 2008/615 when the
 * table knows none), gets that part of its tree replaced by one concept
 * (query.h's acq_qconcept) whose alternatives are:
 *   - celex:CELEX, the act itself (each of its versions), weighing
 *     ACQ_EXPAND_ACT_WEIGHT;
 *   - cites:CELEX, every act that cites it in any form (the writer's
 *     citation field), when the index has that field;
 *   - the act's full names in the query's language as body phrases, and its
 *     one-word citation forms ("2008/615/jha") as body terms;
 *   - for a partial number, the body terms that complete it ("2008/615/jha"
 *     for "2008/615"), looked up in the index's dictionary;
 *   - the words as typed, so expansion never loses a match.
 * The concept scores as its best alternative (search/concept.c): the forms
 * of one act are never added up, and an expanded name weighs what one word
 * weighs beside the other words of the query.
 *
 * The JHA sense of an ambiguous name: when the name typed is marked
 * ambiguous in the table ("Prüm" is also a town of the Bitburg-Prüm
 * district), the words as typed count half (ACQ_EXPAND_AMBIGUOUS_WEIGHT):
 * a document that only contains the word ranks below one that is or cites
 * the instrument. The weight is a rule fixed before any measurement, not a
 * value tuned to queries.
 *
 * Query strings expand (acq_search); plain text (opts.plain: TREC topics,
 * pasted text) and queries built with acq_query_new_* do not, nor do the
 * queries of deletions (acq_writer_delete_query), which must mean what
 * they say.
 *
 * Only words joined by plain adjacency (or all required, +a +b) expand;
 * phrases in quotes, field values, prefixes and excluded words are left as
 * typed. An abbreviation expands only when typed in the table's capitals
 * ("LED" is the Law Enforcement Directive, "led" is a verb).
 *
 * With a thesaurus (on request: acq_expand_opts.thesaurus), a span that is
 * a label of a concept ("Europäischer Haftbefehl", "EAW") becomes that
 * concept the same way: its labels in the query's language as body
 * phrases (synonyms, and the translation of a label typed in another
 * language), every label as a value of the keyword field `eurovoc` when
 * the index has one, and the words typed. Instrument names win a span
 * both could take. */
#ifndef ACQ_KNOWLEDGE_EXPAND_H
#define ACQ_KNOWLEDGE_EXPAND_H

#include "analysis/analyzer.h"
#include "common/buf.h"
#include "common/error.h"
#include "query/query.h"

struct acq_index;

#define ACQ_EXPAND_AMBIGUOUS_WEIGHT 0.5
/* The act itself (celex:CELEX, a keyword that occurs once) scores its idf
 * times this: k1 + 1 at the default k1, the most a term of the same idf
 * can score however often a text repeats it. So the act named ranks above
 * the acts that merely cite it or repeat its number. */
#define ACQ_EXPAND_ACT_WEIGHT 1.9
#define ACQ_EXPAND_MAX_WORDS 8   /* longest name or citation looked up */
#define ACQ_EXPAND_MAX_FORMS 48  /* alternatives of one concept */
#define ACQ_EXPAND_MAX_CONCEPTS 32 /* expansions in one query: past them,
                                      names stay words (bounds the work a
                                      long pasted text can cause) */

/* Expands *root in place (see above). query is the string the tree was
 * parsed from (node columns point into it), a the analyzer the tree was
 * analysed with, ix the index to search (its fields and dictionary; may be
 * NULL: no cites: and no completions). When describe is not NULL, one line
 * per expansion is appended to it ("Prüm -> ..."). Returns ACQ_OK (also
 * when nothing expands) or ACQ_ENOMEM / a dictionary read error; on error
 * *root is still a valid tree. */
typedef struct acq_expand_opts {
    int instruments;        /* expand instrument names and act numbers */
    const char *thesaurus;  /* a thesaurus (knowledge/thesaurus.h) whose
                               labels expand to their concept, or NULL */
} acq_expand_opts;

int acq_expand_query(acq_qnode **root, const char *query, acq_analyzer *a, struct acq_index *ix,
                     const acq_expand_opts *eo, acq_buf *describe, acq_err *err);

#endif
