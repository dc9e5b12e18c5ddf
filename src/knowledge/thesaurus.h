/* thesaurus.h: a multilingual thesaurus that expands queries on request
 * (acq_search_options.thesaurus, `acquis search --thesaurus PATH`): a word
 * or phrase of the query that is a label of a concept also matches the
 * concept's other labels (synonyms, and translations into the language of
 * the index) and its value in the keyword field `eurovoc`.
 *
 * Two forms are read (corpus/thesaurus.md has the whole description):
 *   - a file of lines "CONCEPT<TAB>LANG<TAB>LABEL" (UTF-8; '#' starts a
 *     comment line; a concept's first label in a language is its preferred
 *     one, later ones are synonyms);
 *   - a folder of LANG.json files, each one JSON object mapping concept ids
 *     to preferred labels ({"6724": "European arrest warrant", ...}), the
 *     form EuroVoc's label mappings are distributed in
 *     (../shared/thesaurus/eurovoc-tn-aixpa/label_mappings_tc).
 * Labels are compared case- and accent-folded (analysis/keyword.h).
 * Loaded tables are kept for the process, one per path, read only after
 * their load, so searches on any thread share them without a lock. */
#ifndef ACQ_KNOWLEDGE_THESAURUS_H
#define ACQ_KNOWLEDGE_THESAURUS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

typedef struct acq_thesaurus acq_thesaurus;

typedef struct acq_thes_label {
    const char *label;   /* as written */
    const char *lang;    /* "en", "de", ... */
} acq_thes_label;

/* Reads a thesaurus file or folder. ACQ_EINPUT ("PATH:LINE: what is
 * wrong"), ACQ_EIO, ACQ_ENOMEM. */
int acq_thesaurus_load(acq_thesaurus **out, const char *path, acq_err *err);
/* The same for one text in memory: CONCEPT<TAB>LANG<TAB>LABEL lines when
 * lang is NULL, else one LANG.json object of labels in language lang; name
 * is used in messages. */
int acq_thesaurus_load_text(acq_thesaurus **out, const char *name, const char *lang, const char *text, size_t len,
                            acq_err *err);
void acq_thesaurus_free(acq_thesaurus *t);
/* The process's table for path, loaded at its first use and kept. */
int acq_thesaurus_shared(const acq_thesaurus **out, const char *path, acq_err *err);

size_t acq_thesaurus_concepts(const acq_thesaurus *t);
size_t acq_thesaurus_labels_total(const acq_thesaurus *t);
/* The concepts (indices) one of whose labels is s[0..n), folded; up to max
 * stored, the number found returned. */
size_t acq_thesaurus_lookup(const acq_thesaurus *t, const char *s, size_t n, uint32_t *out, size_t max);
/* The concept's id ("6724") and its labels (all languages; preferred
 * labels first in each language). */
const char *acq_thesaurus_id(const acq_thesaurus *t, uint32_t concept);
size_t acq_thesaurus_labels(const acq_thesaurus *t, uint32_t concept, const acq_thes_label **out);

#endif
