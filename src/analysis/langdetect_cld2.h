/* langdetect_cld2.h: the C view of CLD2 (Debian's libcld2), whose only
 * interface is C++. langdetect_cld2.cc is the library's one C++ file; it
 * holds nothing but these three calls, so every decision (thresholds,
 * sampling, the 24 languages) stays in C, in langdetect.c. */
#ifndef ACQ_ANALYSIS_LANGDETECT_CLD2_H
#define ACQ_ANALYSIS_LANGDETECT_CLD2_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct acq_cld2_answer {
    char code[3][16]; /* CLD2's codes of its top three ("en", "sr-ME"), "" for none */
    int percent[3];   /* share of the text's letters in each, 0..100 */
    int reliable;     /* CLD2's own verdict: length and margin over the second */
} acq_cld2_answer;

/* Detects the language of valid UTF-8 plain text (len bytes). hint is NULL
 * or a language code that CLD2 should favour. CLD2 answers even when it
 * hesitates (its best effort), with reliable then 0. Returns 0, or -1 if CLD2
 * failed (out of memory: it throws, and nothing may cross into C). */
int acq_cld2_detect(const char *text, int len, const char *hint, acq_cld2_answer *out);

/* 1 if this libcld2 has the language code in its tables, else 0. */
int acq_cld2_knows(const char *code);

/* "V2.0 - 20141016": the code version and table date. */
const char *acq_cld2_version(void);

#ifdef __cplusplus
}
#endif

#endif
