/* keyword.c: the indexed form of keyword values (see keyword.h). */
#include "analysis/keyword.h"

#include "analysis/fold.h"

int acq_keyword_fold(const char *s, size_t n, acq_buf *out)
{
    acq_buf_reset(out);
    acq_buf folded = {0};
    if (acq_fold(s, n, &folded) != 0) {
        acq_buf_free(&folded);
        return -1;
    }
    /* White space of any width or kind (folding left it as it was) becomes
     * one ASCII space; no leading or trailing space. */
    int pending_space = 0;
    for (size_t i = 0; i < folded.len; i++) {
        uint8_t c = folded.data[i];
        size_t skip = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            skip = 1;
        else if (c == 0xC2 && i + 1 < folded.len && folded.data[i + 1] == 0xA0)
            skip = 2; /* no-break space */
        if (skip) {
            pending_space = out->len > 0;
            i += skip - 1;
            continue;
        }
        if (pending_space) {
            acq_buf_putc(out, ' ');
            pending_space = 0;
        }
        acq_buf_putc(out, c);
    }
    acq_buf_free(&folded);
    if (out->failed)
        return -1;
    if (out->len > ACQ_KEYWORD_MAX) {
        size_t cut = ACQ_KEYWORD_MAX;
        while (cut > 0 && (out->data[cut] & 0xC0) == 0x80)
            cut--;
        out->len = cut;
    }
    return 0;
}
