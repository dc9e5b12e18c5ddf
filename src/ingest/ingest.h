/* ingest.h: reading documents into acquis: JSON Lines files (plain or gzip),
 * EU law as EUR-Lex and the Publications Office publish it (Official Journal
 * XHTML, consolidated XHTML, whole EUR-Lex pages, Formex 4 XML), and
 * directories of any mix of those with text, Markdown, HTML and XML files.
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
    /* When acts are split into their parts (acq_ingest_options.passages), the part this document is:
       "art-5", "rec-12", "anx-I" (also the end of its id, after '#'); NULL with length 0 otherwise. The index has
       no field for it yet: the id and title carry it until documents can hold extra fields. */
    const char *part;
    size_t part_len;
    /* With acq_ingest_options.citations, the acts the document cites (knowledge/cited.h), computed as it was
       read; NULL otherwise (and for documents that are parts of an act). Valid only during the callback. */
    const struct acq_cited *cited;
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
    /* optional (may be NULL): something a person should know about a file that was still read, e.g. "declares
       ISO-8859-1 but its bytes are UTF-8: read as UTF-8" or "broken HTML markup at line 12 (...): indexed what
       could be read". Warnings are counted in acq_ingest_stats.warnings, not as skipped. */
    void (*warning)(void *ctx, const char *source, const char *message);
} acq_ingest_callbacks;

/* How acts in the EUR-Lex formats become documents. */
enum { ACQ_INGEST_WHOLE_ACTS = 0, ACQ_INGEST_ARTICLES = 1 };

typedef struct acq_ingest_options {
    /* ACQ_INGEST_WHOLE_ACTS (the default): one document per act. ACQ_INGEST_ARTICLES: each recital, article and
       annex of an act is a document of its own, id "<act id>#art-5" (#rec-12, #anx-I), title "<act>, Article 5:
       <its heading>"; text outside them (citations, chapter headings, signatures) is left out. Other inputs
       (JSON Lines, text, plain HTML) are not split. */
    int passages;
    /* Non-zero: a JSON Lines file is read and inflated on a thread of its own, ahead of the documents handed to
       cb->doc (acquis index -j 2 and more). */
    int read_ahead;
    /* Non-zero: each document of a JSON Lines file comes with the acts it cites (acq_ingest_doc.cited), found
       where it is parsed (with read_ahead, on that thread), for index/writer_internal.h. */
    int citations;
} acq_ingest_options;

/* documents: delivered to cb->doc (including one whose callback stopped ingest);
   skipped: problems reported (bad lines, bad or unreadable files);
   files: files read; bytes: bytes read from those files as stored (compressed size for .gz);
   warnings: warnings reported (files read despite a problem). */
typedef struct acq_ingest_stats { uint64_t documents, skipped, files, bytes, warnings; } acq_ingest_stats;

/* Ingests one INPUT: a JSON Lines file (plain, or gzip when the name ends in .gz — detect by magic bytes, not only name),
   a markup file, or a directory walked recursively in sorted (strcmp) order so results are deterministic, taking
   *.txt and *.md files (id = path relative to the directory given, title = first non-empty line with leading
   '#'s and spaces stripped for .md, text = the whole file), *.jsonl and *.jsonl.gz files as JSON Lines, and
   markup: *.html, *.htm, *.xhtml, *.xml and files of any other name whose content is markup. Markup is told
   apart by content (detect.c), not by name:
   - EUR-Lex pages (Official Journal XHTML, consolidated XHTML, whole EUR-Lex web pages) and Formex 4 (ACT,
     CONS.ACT, ANNEX, COMBINED.FMX, and packages: a DOC manifest read with the parts it names, which are then
     not read alone) are acts: title, CELEX number, date, type and language from the document's metadata, else
     its text, else the file name and its folders, else a meta.json beside it; body text without navigation,
     scripts, styling or page chrome, one line per paragraph, footnotes at the end; id CELEX@date:lang when the
     CELEX number is known (as in the JSON Lines corpora), else the relative path; split into recitals,
     articles and annexes when asked (acq_ingest_options);
   - any other HTML page: text without script, style, navigation; title from <title>; language from <html lang>;
   - any other XML: tags break words; title from the first <title> element, kept in the text too.
   In a directory, a file that is none of these is reported through problem() ("not a format acquis reads")
   and skipped, except the files of an acquis index in the tree (MANIFEST, write.lock, seg-*) and meta.json
   files (read with the documents beside them); hidden files/dirs (starting with '.') are skipped silently.
   A markup file that cannot be read (broken XML, an encoding it does not have, empty, over 256 MB) is reported
   through problem() and skipped; broken HTML is read as browsers read it, with a warning.
   Returns ACQ_OK when the input could be read, even if some documents were skipped (each reported via problem);
   ACQ_EIO / ACQ_ENOTFOUND with a message in err when the INPUT itself cannot be opened; an unreadable file or
   subdirectory inside a directory is reported through problem() and skipped. stats may be NULL (accumulates if not).

   Details beyond the above:
   - Directory entries are sorted so that the ids (relative paths, '/'-separated) come out in strcmp order;
     extensions match case-insensitively; only regular files are read (a FIFO named x.jsonl is reported, not
     opened); symbolic links are followed, a link back to an enclosing directory is reported and not walked.
   - An INPUT that is itself a .txt/.md/.html/.htm/.xhtml/.xml file, or markup under another name, is one
     document (or one act) whose fallback id is the file's name; any other INPUT file is read as JSON Lines.
   - A read error in the middle of a JSON Lines INPUT (e.g. a truncated .gz) returns ACQ_EIO with a message
     after the documents before it were delivered; inside a directory it is a problem and the walk goes on.
   - When cb->doc stops ingest, its code is returned and, if err holds no error yet, a message saying where.
   - ACQ_ENOMEM when memory runs out; ACQ_EARG for a NULL path, cb or cb->doc. */
int acq_ingest_path(const char *path, const acq_ingest_callbacks *cb, acq_ingest_stats *stats, acq_err *err);
/* The same with options (NULL: the defaults); ACQ_EARG for an unknown opts->passages. */
int acq_ingest_path_opts(const char *path, const acq_ingest_options *opts, const acq_ingest_callbacks *cb,
                         acq_ingest_stats *stats, acq_err *err);

#endif
