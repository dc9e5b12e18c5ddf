/* snippet.h: the best passage of a stored document, with its matches.
 *
 * Given a hit's stored text and the query's analysed terms, picks the
 * passage of about `width` characters that holds the most distinct query
 * terms, cuts it at word boundaries and reports where the matching words
 * are. The result is plain text plus byte offsets of the matches, never
 * marked-up text only (ParadeDB #1778): the command line renders the offsets
 * as "[...]" or terminal bold, the JSON output and the library's callers get
 * the offsets themselves.
 *
 * Cost: one tokenising pass over the text with a sliding window over the
 * matches (linear, no allocation per token), then work proportional to the
 * passage. The snippet's buffers are reused from call to call, so a search
 * that makes its snippets with one acq_snippet allocates nothing once warm. */
#ifndef ACQ_SNIPPET_SNIPPET_H
#define ACQ_SNIPPET_SNIPPET_H

#include "analysis/analyzer.h"
#include "common/buf.h"
#include "common/error.h"

#include <stddef.h>
#include <stdint.h>

/* Passage width in characters when the caller passes 0. */
#define ACQ_SNIPPET_WIDTH 200

typedef struct acq_snippet {
    acq_buf text;        /* the passage: plain UTF-8 text, NUL-terminated via acq_buf_cstr; "…" (U+2026) added
                            at a cut start/end that is not the start/end of the document */
    uint32_t *matches;   /* pairs (start, end): byte offsets of highlighted words within text.data */
    size_t nmatches;     /* number of pairs */
    size_t cap;          /* internal: capacity of `matches` in uint32_t units (also the
                            selection's scratch space) */
} acq_snippet;

/* Picks the best passage of `text` (valid UTF-8, len bytes) for the query terms `terms[0..nterms)` (analysed
   terms, as the analyzer `a` produces them: a word of the text matches when its analysed term equals one of them).
   The best passage is the window of about `width` characters (Unicode code points; 200 by default when width is 0)
   containing the most DISTINCT query terms (ties: more total matches, then the earliest), widened/shifted to word
   boundaries (never cut inside a word, never inside a multi-byte character), whitespace runs (incl. newlines)
   collapsed to single spaces in the output. If no query term occurs, the passage is the start of the text.
   Empty text → empty snippet (ok). Phrase matches: plain term matching is enough (each matching word highlighted).
   Output offsets refer to snippet->text after whitespace collapsing. Reuses the snippet's buffers.

   Also: `out` starts zeroed ({0}) and is freed with acq_snippet_free. term_lens may be NULL when the terms are
   NUL-terminated. Control characters (C0, DEL, C1) count as whitespace, so a stored text cannot send escape
   sequences to a terminal through its snippet; invalid UTF-8, should any reach here, comes out as U+FFFD.
   Texts of 4 GiB or more get ACQ_EARG (token offsets are 32-bit). On error the snippet is left empty. */
int acq_snippet_make(acq_snippet *out, acq_analyzer *a, const char *text, size_t len,
                     const char *const *terms, const size_t *term_lens, size_t nterms, size_t width, acq_err *err);
void acq_snippet_free(acq_snippet *s);

/* Render modes. */
enum {
    ACQ_SNIPPET_MARKERS = 0,  /* "[" and "]" around each match: pipes and files */
    ACQ_SNIPPET_BOLD = 1,     /* ANSI bold, ESC[1m ... ESC[0m: terminals */
    ACQ_SNIPPET_COLOUR = 2    /* ANSI bold red, ESC[1;31m ... ESC[0m: terminals that like colour */
};

/* Writes the snippet with highlights: mode 0 plain markers "[" "]" around each match; mode 1 ANSI bold
   (ESC[1m ... ESC[0m) for terminals. Appends to `out` (which stays NUL-terminated via acq_buf_cstr);
   an unknown mode renders as mode 0. An allocation failure shows in out->failed. */
void acq_snippet_render(const acq_snippet *s, int mode, acq_buf *out);

#endif
