/* langdetect.h: which of the 24 official EU languages a text is in, for
 * documents that come without a language (issue 11).
 *
 * Backed by CLD2 (Debian's libcld2), chosen over libexttextcat by measuring
 * both on ../shared/corpus/eurlex-24 (bench/README.md, "Language
 * detection"). Thread-safe; the first call initialises (pthread_once), and
 * CLD2's tables are compiled into libcld2.so, so there is no data file to
 * find at run time.
 *
 * Cost: the text is validated as UTF-8 in full, then at most
 * ACQ_LANG_SAMPLE bytes of it are classified (CLD2: about 12 MB/s).
 * Measured: 40 µs for a paragraph, 0.5 ms for a document of 100 KB, 0.8 ms
 * for 1 MB, 3 ms for 10 MB. */
#ifndef ACQ_ANALYSIS_LANGDETECT_H
#define ACQ_ANALYSIS_LANGDETECT_H

#include "common/error.h"

#include <stddef.h>

/* Fewer letters (Unicode category L) than this: ACQ_ENOTFOUND. */
#define ACQ_LANG_MIN_LETTERS 40
/* The detected language must hold at least this share (percent) of the
 * letters, or the text counts as mixed: ACQ_ENOTFOUND. */
#define ACQ_LANG_MIN_SHARE 60
/* Longer texts are sampled: four slices of a quarter of this, spread over
 * the text (start, 1/3, 2/3, end). */
#define ACQ_LANG_SAMPLE 8192

/* Detects the language of text[0..len) (UTF-8; need not be NUL-terminated).
 * On ACQ_OK, code holds the ISO 639-1 code ("fr", NUL-terminated), one of
 * bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv,
 * and *confidence (if not NULL) the share of the text's letters in that
 * language, 0.60 to 1.00. Otherwise code is "" and *confidence 0:
 *   ACQ_ENOTFOUND  unsure: too short, mixed, not one of the 24, or CLD2 not
 *                  confident (the caller falls back to its default);
 *                  but Norwegian, Bosnian, Latin-script Serbian, Galician
 *                  and Afrikaans, which CLD2 cannot tell from Danish or
 *                  Swedish, Croatian, Spanish or Portuguese and Dutch on EU
 *                  law, are answered as that official relative (why: in
 *                  langdetect.c);
 *   ACQ_EINPUT     the text is not valid UTF-8;
 *   ACQ_EARG       code is NULL, or text is NULL with len > 0;
 *   ACQ_ENOMEM     out of memory inside CLD2;
 *   ACQ_EIO        the installed libcld2 lacks one of the 24 languages. */
int acq_lang_detect(const char *text, size_t len, char code[3], double *confidence);

/* The same; err (may be NULL) receives the reason for every code but
 * ACQ_OK, ACQ_ENOTFOUND included ("too short: 12 letters ..."), so that a
 * caller can say why a document got its default language. */
int acq_lang_detect_err(const char *text, size_t len, char code[3], double *confidence,
                        acq_err *err);

#endif
