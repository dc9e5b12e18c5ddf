/* test_reopen.c: what a long-running reader (acquis serve) needs of the
 * library: acq_index_changed says when another commit exists (after a
 * commit, a delete, a merge; not before; errors when the index is gone),
 * and acq_highlight marks the words of a query in a whole stored text
 * (the terms a snippet marks; not NOT clauses or filters; syntax errors
 * with their column; bad arguments). Only acquis.h is used. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

static void add(acq_writer *w, const char *id, const char *title, const char *text)
{
    acq_document d = {0};
    d.id = id;
    d.title = title;
    d.text = text;
    d.lang = "en";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static acq_writer *writer(const char *dir)
{
    acq_writer *w;
    char msg[512];
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.no_lang_detect = 1;
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

Test(reopen, changed_after_each_commit_only)
{
    char *dir = test_tmpdir();
    acq_writer *w = writer(dir);
    add(w, "a", "Europol", "Police cooperation.");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_index_changed(ix, msg, sizeof msg), 0, "%s", msg);
    /* Uncommitted work is not a change. */
    add(w, "b", "Frontex", "Border control.");
    cr_assert_eq(acq_index_changed(ix, msg, sizeof msg), 0);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_index_changed(ix, msg, sizeof msg), 1, "%s", msg);
    /* The old snapshot still answers as before. */
    acq_index_stats s = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &s), ACQ_OK);
    cr_assert_eq(s.documents, 1);
    acq_index *ix2;
    cr_assert_eq(acq_index_open(&ix2, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_index_changed(ix2, msg, sizeof msg), 0);
    cr_assert_eq(acq_writer_delete(w, "a"), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_index_changed(ix2, msg, sizeof msg), 1);
    acq_index_close(ix2);
    cr_assert_eq(acq_index_open(&ix2, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK);
    cr_assert_eq(acq_index_changed(ix2, msg, sizeof msg), 1);
    acq_writer_close(w);
    acq_index_close(ix2);
    /* The index removed under the reader: an error, not "unchanged". */
    test_rmrf(dir);
    cr_assert_eq(acq_index_changed(ix, msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert(strstr(msg, "MANIFEST") != NULL, "%s", msg);
    acq_index_close(ix);
    cr_assert_eq(acq_index_changed(NULL, msg, sizeof msg), ACQ_EARG);
    free(dir);
}

static acq_index *one_doc_index(char **dir)
{
    *dir = test_tmpdir();
    acq_writer *w = writer(*dir);
    add(w, "a", "Europol", "Europol supports police cooperation.\n\nThe police of Member States cooperate; Frontex does not.");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, *dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

/* The marked words of text, "|"-joined. */
static void marked(char *out, size_t n, const char *text, const uint32_t *off, size_t count)
{
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        cr_assert(off[2 * i] < off[2 * i + 1] && off[2 * i + 1] <= strlen(text));
        if (i)
            cr_assert(off[2 * i] >= off[2 * i - 1], "in text order");
        size_t at = strlen(out);
        snprintf(out + at, n - at, "%s%.*s", i ? "|" : "", (int)(off[2 * i + 1] - off[2 * i]), text + off[2 * i]);
    }
}

Test(reopen, highlight_marks_query_words_in_whole_text)
{
    char *dir;
    acq_index *ix = one_doc_index(&dir);
    acq_document *d;
    char msg[512], got[512];
    cr_assert_eq(acq_index_document(&d, ix, "a", msg, sizeof msg), ACQ_OK, "%s", msg);
    uint32_t *off;
    size_t n;
    /* Stemmed (cooperate, cooperation), both paragraphs, the line breaks
     * left in the text the offsets point into. */
    cr_assert_eq(acq_highlight(&off, &n, ix, "cooperation police -frontex", NULL, d->text, d->text_len, msg, sizeof msg),
                 ACQ_OK, "%s", msg);
    marked(got, sizeof got, d->text, off, n);
    cr_assert_str_eq(got, "police|cooperation|police|cooperate");
    acq_highlight_free(off);
    /* Filters mark nothing; a query of filters alone marks nothing at all. */
    cr_assert_eq(acq_highlight(&off, &n, ix, "type:REG lang:en", NULL, d->text, d->text_len, msg, sizeof msg), ACQ_OK);
    cr_assert_eq(n, 0);
    acq_highlight_free(off);
    /* A phrase marks its words. */
    cr_assert_eq(acq_highlight(&off, &n, ix, "\"member states\"", NULL, d->text, d->text_len, msg, sizeof msg), ACQ_OK);
    marked(got, sizeof got, d->text, off, n);
    cr_assert_str_eq(got, "Member|States");
    acq_highlight_free(off);
    /* Errors. */
    cr_assert_eq(acq_highlight(&off, &n, ix, "(police", NULL, d->text, d->text_len, msg, sizeof msg), ACQ_EQUERY);
    cr_assert(strncmp(msg, "column ", 7) == 0, "%s", msg);
    cr_assert_null(off);
    cr_assert_eq(acq_highlight(&off, &n, ix, "police", NULL, "\xff\xfe", 2, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_highlight(&off, &n, NULL, "police", NULL, "x", 1, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_highlight(&off, &n, ix, "police", NULL, "", 0, msg, sizeof msg), ACQ_OK);
    cr_assert_eq(n, 0);
    acq_highlight_free(off);
    acq_document_free(d);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
