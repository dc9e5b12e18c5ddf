/* langdetect_cld2.cc: the C interface to CLD2 (see langdetect_cld2.h).
 *
 * The library's only C++ file, because Debian's libcld2 exports nothing but
 * C++ symbols (namespace CLD2, std::vector in its signatures). It makes
 * plain calls and converts: no state, no policy. CLD2 itself is thread-safe
 * (its tables are constant), so these calls are too. */
#include "analysis/langdetect_cld2.h"

#include <cstdio> /* compact_lang_det.h uses FILE without including it */
#include <cstring>
#include <new>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

static void copy_code(char dst[16], CLD2::Language lang)
{
    const char *c = lang == CLD2::UNKNOWN_LANGUAGE ? "" : CLD2::LanguageCode(lang);
    std::snprintf(dst, 16, "%s", c ? c : "");
}

extern "C" int acq_cld2_detect(const char *text, int len, const char *hint, acq_cld2_answer *out)
{
    std::memset(out, 0, sizeof *out);
    try {
        CLD2::Language hint_lang = hint ? CLD2::GetLanguageFromName(hint) : CLD2::UNKNOWN_LANGUAGE;
        CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, hint_lang};
        /* Set beforehand: CLD2 returns early, filling nothing, on text that
         * is not "interchange-valid" (controls, noncharacters). */
        CLD2::Language lang3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                   CLD2::UNKNOWN_LANGUAGE};
        int percent3[3] = {0, 0, 0}, text_bytes = 0, valid_prefix = 0;
        double score3[3] = {0, 0, 0};
        bool reliable = false;
        /* is_plain_text: our texts are extracted text, never markup, and
         * CLD2 would otherwise skip anything between '<' and '>'. Best
         * effort: the top three even when CLD2 hesitates (it would answer
         * "unknown"), because langdetect.c decides what is unsure. */
        CLD2::ExtDetectLanguageSummaryCheckUTF8(text, len, true, &hints, CLD2::kCLDFlagBestEffort,
                                                lang3, percent3,
                                                score3, nullptr, &text_bytes, &reliable,
                                                &valid_prefix);
        for (int i = 0; i < 3; i++) {
            copy_code(out->code[i], lang3[i]);
            out->percent[i] = percent3[i];
        }
        out->reliable = reliable && valid_prefix == len;
        return 0;
    } catch (...) {
        std::memset(out, 0, sizeof *out);
        return -1;
    }
}

extern "C" int acq_cld2_knows(const char *code)
{
    try {
        return CLD2::GetLanguageFromName(code) != CLD2::UNKNOWN_LANGUAGE;
    } catch (...) {
        return 0;
    }
}

extern "C" const char *acq_cld2_version(void)
{
    return CLD2::DetectLanguageVersion();
}
