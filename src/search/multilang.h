/* multilang.h: searching an index that holds documents of several languages
 * (issue 11). A query is analysed once per language the index holds, and
 * each document is matched through the analysis of its own language; see
 * multilang.c for the shape of the tree and why scores stay comparable.
 * Also: which languages an index holds, and per-language statistics. */
#ifndef ACQ_SEARCH_MULTILANG_H
#define ACQ_SEARCH_MULTILANG_H

#include "index/reader.h"
#include "query/query.h"

/* More distinct language codes than this in one index (the 24 official
 * languages and their spellings leave room): the index is searched as
 * before, in its default language. */
#define ACQ_MULTILANG_MAX 64

typedef struct acq_langset {
    size_t n;
    char code[ACQ_MULTILANG_MAX][16];  /* the lang keyword terms: the code
                                          each document was analysed with,
                                          lowercase ("fr", "pt-pt") */
    uint64_t docs[ACQ_MULTILANG_MAX];  /* documents, deleted ones included */
    int complete;   /* 1: every document of the index has one of these
                       codes (an index of at most ACQ_MULTILANG_MAX codes
                       whose lang terms count all its documents) */
} acq_langset;

/* The languages of an index, from the dictionary of its lang keyword field
 * (one term per document: the writer indexes the code it analysed the
 * document with). Costs one dictionary seek per segment. */
int acq_index_langs(acq_index *ix, acq_langset *out, acq_err *err);

/* Analyses the query (a string, a plain text, a built query: ctx says) with
 * the analyzer a into *out (NULL or a NONE tree when nothing is left). */
typedef int (*acq_ml_analyse_fn)(void *ctx, acq_analyzer *a, acq_qnode **out, acq_err *err);

/* The tree a search runs. With lang (opts.lang) set, or an index of one
 * language, the query analysed in that one language, as it always was.
 * Otherwise one subtree per language L of the index, the query analysed
 * for L and restricted to documents of L, the subtrees OR-ed; languages
 * whose analyses give the same tree share one subtree, and when they all
 * do, the tree is that one tree with no restriction (identifiers such as
 * 2016/680 or 32016L0680 cost nothing extra). stem and stopwords are the
 * analyzer settings (acq_analyzer_config). *out is never NULL on ACQ_OK.
 * one_language: instead of one subtree per language, the query analysed in
 * the likeliest language alone (whose documents hold most of its words),
 * unrestricted: for the models and feedback of lab.h, which score a bag of
 * words and cannot take a tree of languages. */
int acq_multilang_query(acq_qnode **out, acq_index *ix, const char *lang, int stem, int stopwords,
                        int one_language, acq_ml_analyse_fn fn, void *ctx, acq_err *err);

#endif
