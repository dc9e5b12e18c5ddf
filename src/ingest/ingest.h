/* ingest.h: reading documents into acquis: JSON Lines files (plain or gzip)
 * and directories of text, Markdown, HTML/XML and JSON Lines files.
 *
 * The indexer calls acq_ingest_path() once per input named on the command
 * line and receives each good document through a callback; bad input (broken
 * JSON, invalid UTF-8, an unreadable file in a directory) is reported through
 * a second callback and skipped, so one bad line never loses a whole corpus.
 * Nothing is buffered per document: the strings handed out point into the
 * reader's buffers and are valid only during the callback. */
#ifndef ACQ_INGEST_H
#define ACQ_INGEST_H

#include "acquis.h"
#include "common/error.h"

#include <stdint.h>

typedef struct acq_ingest_doc {
    acq_document doc;     /* every present field has ptr AND _len set (len may be 0 only for an empty string given as "";
                             then ptr points to a NUL so the acq_document "len 0 means NUL-terminated" rule also holds);
                             absent fields (missing or JSON null) are ptr NULL, len 0. Strings are valid UTF-8, NOT
                             NUL-terminated necessarily, valid only during the callback. */
    const acq_field *fields; /* extra fields (JSON keys other than the document's own: "eurovoc",
                                "jha", ...), valid only during the callback; names normalised (ASCII
                                lowercase, '-', '.' and ' ' made '_'); string, number and true/false
                                values, and each element of an array of them, are one field each */
    size_t nfields;
    const char *source;   /* path of the file it came from */
    uint64_t line;        /* 1-based line number in a JSON Lines file; 0 for a document that is a whole file */
} acq_ingest_doc;

typedef struct acq_ingest_callbacks {
    /* called per good document; return ACQ_OK to continue or a negative code to stop ingest (returned as is) */
    int (*doc)(void *ctx, const acq_ingest_doc *d);
    /* called per skipped bad input; ingest continues. message is for a person, e.g.
       "invalid UTF-8 at byte 17 of the line" or "malformed JSON at column 43: expected ':' after a key".
       line is 0 for a problem with a whole file. May be NULL (problems are then only counted). */
    void (*problem)(void *ctx, const char *source, uint64_t line, const char *message);
    /* optional (may be NULL): called now and then (at most every ~1 MB) with bytes of input consumed so far and
       the total input size in bytes (compressed sizes for .gz; 0 if unknown, e.g. for a directory) */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *ctx;
} acq_ingest_callbacks;

/* documents: delivered to cb->doc (including one whose callback stopped ingest);
   skipped: problems reported (bad lines, bad or unreadable files);
   files: files read; bytes: bytes read from those files as stored (compressed size for .gz). */
typedef struct acq_ingest_stats { uint64_t documents, skipped, files, bytes; } acq_ingest_stats;

/* Ingests one INPUT: a JSON Lines file (plain, or gzip when the name ends in .gz — detect by magic bytes, not only name),
   or a directory walked recursively in sorted (strcmp) order so results are deterministic, taking
   *.txt and *.md files (id = path relative to the directory given, title = first non-empty line with leading
   '#'s and spaces stripped for .md, text = the whole file), *.jsonl and *.jsonl.gz files as JSON Lines, and
   *.html, *.htm and *.xml with tags stripped, entities (&amp; &lt; &gt; &quot; &#NN; &#xNN; &nbsp; ...) decoded, <script>/<style> content dropped,
   title from <title> if present; any other file is reported through problem() ("not a format acquis reads")
   and skipped, except the files of an acquis index in the tree (MANIFEST, write.lock, seg-*); hidden
   files/dirs (starting with '.') are skipped silently.
   Returns ACQ_OK when the input could be read, even if some documents were skipped (each reported via problem);
   ACQ_EIO / ACQ_ENOTFOUND with a message in err when the INPUT itself cannot be opened; an unreadable file or
   subdirectory inside a directory is reported through problem() and skipped. stats may be NULL (accumulates if not).

   Details beyond the above:
   - Directory entries are sorted so that the ids (relative paths, '/'-separated) come out in strcmp order;
     extensions match case-insensitively; only regular files are read (a FIFO named x.jsonl is reported, not
     opened); symbolic links are followed, a link back to an enclosing directory is reported and not walked.
   - An INPUT that is itself a .txt/.md/.html/.htm/.xml file is one document whose id is the file's name;
     any other INPUT file is read as JSON Lines.
   - A read error in the middle of a JSON Lines INPUT (e.g. a truncated .gz) returns ACQ_EIO with a message
     after the documents before it were delivered; inside a directory it is a problem and the walk goes on.
   - When cb->doc stops ingest, its code is returned and, if err holds no error yet, a message saying where.
   - ACQ_ENOMEM when memory runs out; ACQ_EARG for a NULL path, cb or cb->doc. */
int acq_ingest_path(const char *path, const acq_ingest_callbacks *cb, acq_ingest_stats *stats, acq_err *err);

#endif
