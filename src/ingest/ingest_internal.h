/* ingest_internal.h: what the files of src/ingest/ share.
 *
 *   ingest.c   acq_ingest_path(): dispatch on the kind of input, the run state,
 *              reporting documents, problems and progress
 *   jsonl.c    reading a JSON Lines file (plain or gzip) line by line
 *   json.c     parsing one JSON Lines line in place into an acq_document
 *   folder.c   walking a directory in sorted order
 *   file.c     whole-file documents: .txt, .md, .html/.htm/.xml
 *   html.c     HTML/XML to plain text; html_entities.c the named entities
 *
 * One ingest_run lives for one acq_ingest_path() call and owns every buffer,
 * so reading a million documents allocates nothing after the first few. */
#ifndef ACQ_INGEST_INTERNAL_H
#define ACQ_INGEST_INTERNAL_H

#include "common/buf.h"
#include "ingest/ingest.h"

#include <stddef.h>
#include <stdint.h>

/* Progress is reported when this many more input bytes were consumed. */
#define INGEST_PROGRESS_STEP ((uint64_t)1 << 20)

/* The extra fields of one JSON line (pointing into the line and into
 * names). Beyond JSON_MAX_FIELDS values, or with a key that cannot be a
 * field name (it starts with a digit, or is too long), the rest is left
 * out: a document keeps its own fields whatever its extras look like. */
#define JSON_MAX_FIELDS 256
typedef struct ingest_fields {
    acq_field f[JSON_MAX_FIELDS];
    size_t n;
    char names[JSON_MAX_FIELDS][32];
} ingest_fields;
typedef struct ingest_run {
    const acq_ingest_callbacks *cb;
    acq_err *err;
    int rc;                   /* ACQ_OK, or the code that stops the run */
    acq_ingest_stats stats;   /* this run's counts, added to the caller's at the end */

    uint64_t done_before;     /* input bytes of the files finished so far */
    uint64_t total;           /* input size for progress; 0 if unknown */
    uint64_t last_progress;   /* `done` at the last progress call */

    char *line;               /* JSON Lines read buffer (jsonl.c) */
    size_t line_cap;
    acq_buf file;             /* whole-file contents (file.c) */
    acq_buf text, title;      /* HTML converted to text (file.c, html.c) */
    acq_buf path;             /* the path being walked (folder.c) */
    ingest_fields fields;     /* extra fields of the current JSON line */
} ingest_run;

/* ingest.c */
/* Hands a document to cb->doc; a negative return stops the run. Returns run->rc. */
int ingest_emit(ingest_run *r, acq_ingest_doc *d);
/* Reports a skipped input through cb->problem (printf-style message). */
void ingest_problem(ingest_run *r, const char *source, uint64_t line, const char *fmt, ...) ACQ_PRINTF(4, 5);
/* Stops the run with code and a message in r->err (the first error sticks);
 * returns r->rc. */
int ingest_fail(ingest_run *r, int code, const char *fmt, ...) ACQ_PRINTF(3, 4);
/* The same for a failed system call: the message ends with strerror(errno);
 * the code is ACQ_ENOTFOUND for ENOENT/ENOTDIR, ACQ_ENOMEM, else ACQ_EIO. */
int ingest_fail_errno(ingest_run *r, const char *fmt, ...) ACQ_PRINTF(2, 3);
/* Records an allocation failure; returns r->rc. */
int ingest_nomem(ingest_run *r);
/* Called with the bytes consumed so far in the current file. */
void ingest_progress(ingest_run *r, uint64_t done_in_file);
/* Called when a file is finished after consuming `size` bytes of it. */
void ingest_file_done(ingest_run *r, uint64_t size);
/* An empty string that is also NUL-terminated, for "" fields. */
extern const char ingest_empty[1];

/* Whole-file kinds, by file name extension. */
typedef enum { KIND_OTHER, KIND_JSONL, KIND_TXT, KIND_MD, KIND_HTML, KIND_XML } ingest_kind;
ingest_kind ingest_kind_of(const char *name);

/* jsonl.c: reads the JSON Lines file at path. top: path is the INPUT itself,
 * so failing to open or read it is an error in r->err rather than a problem. */
int ingest_jsonl(ingest_run *r, const char *path, int top);
void ingest_jsonl_free(ingest_run *r);

/* json.c: parses line[0..len) (no '\n' in it) as one JSON object into doc,
 * decoding escaped strings in place (the decoded form is never longer).
 * Returns 0 for a document (with a non-empty id), 1 for a blank line, or -1
 * with a message for a person in msg. */
int ingest_json_parse(char *line, size_t len, acq_document *doc, ingest_fields *fields, char *msg, size_t msg_size);

/* file.c: one whole-file document with the given id. */
int ingest_file(ingest_run *r, const char *path, const char *id, ingest_kind kind, int top);

/* folder.c: walks the directory in r->path (NUL-terminated). */
int ingest_folder(ingest_run *r);

/* html.c: converts HTML (xml = 0) or XML (xml = 1) to plain text in `text`
 * and the content of the first <title> in `title` (left empty if none).
 * Input must be valid UTF-8; so is the output. Returns 0 or -1 (no memory). */
int ingest_html_to_text(const char *s, size_t n, int xml, acq_buf *text, acq_buf *title);
/* html_entities.c: the code point of a named entity (name without '&' and
 * ';'), or 0 if unknown. */
uint32_t ingest_html_entity(const char *name, size_t len);

#endif
