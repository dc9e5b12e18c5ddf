/* snapshot.h: what an open index holds, read document by document from its
 * segments (stored fields, lengths, deletion marks), for the tests that
 * compare an index with a model of what it should hold (test_powerloss,
 * test_kill, test_model). Searching for each expected document would miss
 * the documents that should not be there; this lists them all. */
#ifndef ACQ_TEST_SNAPSHOT_H
#define ACQ_TEST_SNAPSHOT_H

#include "acquis.h"

#include <stddef.h>
#include <stdint.h>

typedef struct test_doc {
    char *id, *title, *lang, *date, *type, *celex, *url, *text;
    uint32_t body_len;    /* indexed tokens of title + text (+ celex) */
    int deleted;          /* marked deleted, not yet merged away */
} test_doc;

typedef struct test_docs {
    test_doc *v;
    size_t n;
} test_docs;

/* Reads every document of the snapshot, deleted ones too when
 * include_deleted, sorted by id (then live before deleted). ACQ_OK, or a
 * code with the reason in msg. */
int test_docs_read(acq_index *ix, int include_deleted, test_docs *out, char *msg, size_t msg_size);
void test_docs_free(test_docs *d);
/* The live document with this id in a sorted list, or NULL. */
const test_doc *test_docs_find(const test_docs *d, const char *id);

/* A generated document: everything follows from (n, version), so a model
 * keeps only numbers. Its text holds the word "u<n>v<version>", found in no
 * other document, and the word "common", found in all; some texts are long
 * enough for the writer's token cache, some repeat another's verbatim. */
typedef struct test_gen {
    char id[16], title[64], text[1024], date[16], type[8], url[64];
} test_gen;
void test_gen_doc(int n, int version, test_gen *g);
int test_gen_add(acq_writer *w, int n, int version);
/* Compares a snapshot's live documents with a model: want[n] is the version
 * of generated document n (0: absent), n < count. 0 if they are the same
 * documents with the same stored fields, else -1 with the first
 * difference in why. */
int test_docs_match(const test_docs *got, const int *want, size_t count, char *why, size_t why_size);
/* Fetches each document of the model through acq_index_document (the
 * model's version, or ACQ_ENOTFOUND for one it does not have), searches the
 * snapshot for each wanted document's own word (one hit, that document) and
 * for "common" (exactly the wanted documents). 0, or -1 with why. */
int test_search_match(acq_index *ix, const int *want, size_t count, char *why, size_t why_size);
/* The same for document `one` only, and "common". */
int test_search_one(acq_index *ix, const int *want, size_t count, size_t one, char *why, size_t why_size);

/* Writes, fsyncs and renames into place a whole small file (for the tests'
 * own records of what they committed); 0 or -1. */
int test_write_durably(const char *path, const void *data, size_t len);

#endif
