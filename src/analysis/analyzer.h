/* analyzer.h: the analysis chain, one per language.
 *
 *   text -> tokens (Unicode letters/digits; identifiers such as 2016/794,
 *   C-311/18 and 2008/615/JHA kept whole; hyphenated words split; English
 *   possessive 's dropped; Maltese articles and Irish t-/n- prefixes joined
 *   to their word) -> lowercase and accent folding -> stopwords -> stemming
 *   (Snowball through libstemmer, or our light stemmers) -> term.
 *
 * Each of the 24 official EU languages has its own chain (language.h, and
 * README.md "Languages"), selected by its ISO 639-1 code; any other code
 * gets the language-neutral chain. Documents and queries go through exactly
 * the same chain. Every token, stopwords included, takes a position, so
 * phrases keep their gaps.
 *
 * Speed: a token's surface bytes are looked up in a cache that maps them to
 * the final term id (in an acq_vocab shared by the writer's analyzers), so
 * folding and stemming run once per distinct word form, not per occurrence.
 * An analyzer is not thread-safe (libstemmer keeps state): one per thread. */
#ifndef ACQ_ANALYSIS_ANALYZER_H
#define ACQ_ANALYSIS_ANALYZER_H

#include "analysis/language.h"
#include "analysis/vocab.h"
#include "common/error.h"

#include <stddef.h>
#include <stdint.h>

/* Longest token kept, in bytes; longer runs (base64, garbage) are skipped. */
#define ACQ_MAX_TOKEN 128

typedef struct acq_token {
    uint32_t term_id;   /* id in the analyzer's vocab */
    const char *term;   /* the analysed term (valid until the next call) */
    size_t len;
    uint32_t pos;       /* position, counting stopwords */
    uint32_t start;     /* byte offsets of the surface form in the text */
    uint32_t end;
} acq_token;

typedef struct acq_analyzer acq_analyzer;

/* Most stoplists acq_analyzer_config.also may name (more are ignored). */
#define ACQ_ANALYZER_MAX_ALSO 24

typedef struct acq_analyzer_config {
    const char *lang;   /* ISO 639-1 code or alias (language.h); NULL = "en" */
    int stem;           /* 1 = stemming (Snowball, or ours) */
    int stopwords;      /* 1 = drop stopwords */
} acq_analyzer_config;

/* vocab may be shared by several analyzers (the writer's); NULL = private.
 * A code that is none of the 24 languages analyses without stopwords, and
 * with Snowball only if libstemmer knows the code; it is not an error (see
 * acq_language_resolve to refuse it). */
int acq_analyzer_open(acq_analyzer **out, const acq_analyzer_config *cfg,
                      acq_vocab *vocab, acq_err *err);
void acq_analyzer_close(acq_analyzer *a);
/* If a drops stopwords, it also drops the words of these lists from now on
 * (n of them, NULLs skipped, at most ACQ_ANALYZER_MAX_ALSO kept; they must
 * outlive a). A query of a mixed-language index drops the stopwords of the
 * language it is written in, whichever language it is analysed for
 * (search/multilang.c). Returns 1 if a word it analysed before is on one of
 * the lists (its cache is then forgotten: analyse the text again), else 0
 * (what it gave stays right). */
struct acq_stoplist;
int acq_analyzer_also_stop(acq_analyzer *a, const struct acq_stoplist *const *lists, size_t n);
acq_vocab *acq_analyzer_vocab(acq_analyzer *a);
/* Interns into vocab from now on (an analyzer opened with a shared vocab;
 * the writer gives each segment a new one) and forgets its caches. */
void acq_analyzer_use_vocab(acq_analyzer *a, acq_vocab *vocab);
/* The code as it was given to acq_analyzer_open ("pt-PT", "xx"). */
const char *acq_analyzer_lang(const acq_analyzer *a);
/* The language whose chain runs ("pt-PT" -> Portuguese); NULL for the
 * language-neutral chain. */
const acq_language *acq_analyzer_language(const acq_analyzer *a);
/* After this call tokens carry only term_id (term is NULL, len 0): the
 * index writer needs no strings, and skipping the lookup saves a cache miss
 * per token. acq_vocab_term gives the string when needed. */
void acq_analyzer_ids_only(acq_analyzer *a);
/* 0 if acq_analyzer_ids_only could not allocate its cache. */
int acq_analyzer_has_hot_cache(const acq_analyzer *a);
/* Forgets the surface cache (the writer calls this when it clears the vocab
 * after flushing a segment, to keep memory flat). */
void acq_analyzer_reset(acq_analyzer *a);
size_t acq_analyzer_memory(const acq_analyzer *a);

/* A cursor over one text. The text must be valid UTF-8 and stay alive. */
typedef struct acq_token_stream {
    const uint8_t *text;
    size_t len;
    size_t at;          /* next byte to look at */
    uint32_t pos;       /* position of the next token */
} acq_token_stream;

void acq_token_stream_init(acq_token_stream *s, const char *text, size_t len, uint32_t first_pos);
/* Next indexable token: 1 and *tok filled, 0 at the end, -1 on OOM. */
int acq_analyze_next(acq_analyzer *a, acq_token_stream *s, acq_token *tok);

/* Raw tokenizer step (no folding, no stopwords): finds the next surface
 * token at or after s->at; 1 with [start,end) set, 0 at the end. Exposed for
 * the snippet module and the tests. */
int acq_tokenize_next(acq_token_stream *s, uint32_t *start, uint32_t *end);
/* The same with the tokenising rules of a language (NULL: none), as
 * acq_analyze_next tokenises for it. */
int acq_tokenize_next_lang(acq_token_stream *s, const acq_language *lang, uint32_t *start, uint32_t *end);

#endif
