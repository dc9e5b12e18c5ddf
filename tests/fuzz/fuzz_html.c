/* fuzz_html.c: libFuzzer harness for HTML and XML to text (ingest's html.c,
 * the largest hand-written parser of untrusted input), called directly so
 * that millions of inputs run: tags, comments, CDATA, <script> and <style>,
 * entities named and numeric. Its promise: valid UTF-8 in, valid UTF-8
 * out, title included.
 *
 * Input: u8 flags (bit 0: XML), then the document, if it is valid UTF-8
 * (ingest checks that before converting; other inputs are skipped). */
#include "fuzz_util.h"

#include "common/buf.h"
#include "common/utf8.h"
#include "ingest/ingest_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    int xml = fz_u8(&in) & 1;
    if (!acq_utf8_valid(in.p, in.n, NULL))
        return 0;
    acq_buf text = {0}, title = {0};
    if (ingest_html_to_text((const char *)in.p, in.n, xml, &text, &title) == 0) {
        size_t bad;
        if (!acq_utf8_valid(text.data, text.len, &bad))
            fz_die("the text is not valid UTF-8 at byte %zu", bad);
        if (!acq_utf8_valid(title.data, title.len, &bad))
            fz_die("the title is not valid UTF-8 at byte %zu", bad);
    }
    acq_buf_free(&text);
    acq_buf_free(&title);
    return 0;
}
