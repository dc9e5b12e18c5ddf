/* ingest_internal.h: what the files of src/ingest/ share.
 *
 *   ingest.c   acq_ingest_path(): dispatch on the kind of input, the run state,
 *              reporting documents, problems and progress
 *   jsonl.c    reading a JSON Lines file (plain or gzip) line by line
 *   json.c     parsing one JSON Lines line in place into an acq_document
 *   folder.c   walking a directory in sorted order
 *   file.c     whole-file documents: .txt and .md; markup files go to markup.c
 *   detect.c   what a file is by its first bytes (HTML, Formex, other XML,
 *              or something acquis does not read) and its declared encoding
 *   markup.c   one markup file: encoding checks, the reader for its kind,
 *              metadata from the file name and meta.json, emitting the act
 *   libxml.c   libxml2 set up for untrusted documents (no network, no
 *              entities, no DTDs, bounded depth and size) and its errors
 *   text.c     plain text out of markup: collapsed whitespace, lines
 *   html.c     HTML pages through libxml2's HTML parser (any page); html_walk.h
 *              the walk it shares with eurlex_html.c
 *   eurlex_html.c  what EUR-Lex pages add: Official Journal and consolidated
 *              XHTML, whole EUR-Lex pages; their metadata and parts
 *   formex.c   Formex 4 XML (ACT, CONS.ACT, ANNEX, COMBINED.FMX) through
 *              libxml2's streaming reader
 *   package.c  Formex packages: a .doc.fmx.xml manifest and its parts
 *   xml.c      any other XML: tags break words, <title> is the title
 *   act.c      an act as read (text, recitals/articles/annexes, footnotes,
 *              metadata and how much each field is trusted) and how it
 *              becomes one document or one per part
 *   eurlex_meta.c  metadata from EU texts: act designations, CELEX numbers,
 *              dates in the 24 languages, language codes, file names, ELI
 *   sidecar.c  the meta.json beside a downloaded file
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

    acq_buf file;             /* whole-file contents (file.c) */
    acq_buf path;             /* the path being walked (folder.c) */
    ingest_fields fields;     /* extra fields of the current JSON line */
    int passages;             /* acq_ingest_options.passages */
    int read_ahead;           /* acq_ingest_options.read_ahead */
    int citations;            /* acq_ingest_options.citations */
    struct act *act;          /* the act being read from markup (act.c); made on first use */
    struct dir_plan *plan;    /* Formex packages of the directory being walked (package.c) */
    struct sidecar_cache *sidecar; /* the last meta.json read (sidecar.c) */
} ingest_run;

/* ingest.c */
/* Hands a document to cb->doc; a negative return stops the run. Returns run->rc. */
int ingest_emit(ingest_run *r, acq_ingest_doc *d);
/* Reports a skipped input through cb->problem (printf-style message). */
void ingest_problem(ingest_run *r, const char *source, uint64_t line, const char *fmt, ...) ACQ_PRINTF(4, 5);
/* Reports something about a file that was read all the same, through cb->warning. */
void ingest_warning(ingest_run *r, const char *source, const char *fmt, ...) ACQ_PRINTF(3, 4);
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

/* Whole-file kinds, by file name extension; KIND_HTML and KIND_XML (and
 * KIND_OTHER in a folder) are confirmed by content (detect.c). */
typedef enum { KIND_OTHER, KIND_JSONL, KIND_TXT, KIND_MD, KIND_HTML, KIND_XML } ingest_kind;
ingest_kind ingest_kind_of(const char *name);

/* jsonl.c: reads the JSON Lines file at path. top: path is the INPUT itself,
 * so failing to open or read it is an error in r->err rather than a problem. */
int ingest_jsonl(ingest_run *r, const char *path, int top);

/* json.c: parses line[0..len) (no '\n' in it) as one JSON object into doc,
 * decoding escaped strings in place (the decoded form is never longer).
 * Returns 0 for a document (with a non-empty id), 1 for a blank line, or -1
 * with a message for a person in msg. */
int ingest_json_parse(char *line, size_t len, acq_document *doc, ingest_fields *fields, char *msg, size_t msg_size);

/* file.c: one whole-file document with the given id. */
int ingest_file(ingest_run *r, const char *path, const char *id, ingest_kind kind, int top);
/* Reads the whole file into r->file (max_size 0: no limit). Returns 0, or -1
 * after reporting why (the run's error for the INPUT itself, a problem for a
 * file in a directory). */
int ingest_read_whole(ingest_run *r, const char *path, int top, uint64_t max_size);

/* folder.c: walks the directory in r->path (NUL-terminated). */
int ingest_folder(ingest_run *r);

/* ---- text.c ---------------------------------------------------------------- */

enum { TEXT_NONE, TEXT_SPACE, TEXT_LINE };

typedef struct text_out {
    acq_buf *b;
    size_t mark;    /* where this text starts in b: no break is written before the first word */
    int pending;    /* the strongest break asked for since the last word */
    int one_line;   /* line breaks are written as spaces (titles) */
    int glue;       /* the next line break is a space (after a list number) */
} text_out;

void text_init(text_out *t, acq_buf *b, int one_line);
/* Starts a new text at the end of t->b (nothing pending, no break before it). */
void text_start_at_mark(text_out *t);
void text_break(text_out *t, int kind);
void text_glue(text_out *t);
/* Appends text with its whitespace collapsed; invalid UTF-8 becomes U+FFFD. */
void text_put(text_out *t, const char *s, size_t n);
void text_puts(text_out *t, const char *s);
/* s[0..n) without leading and trailing whitespace: returns the length, the
 * offset of the first byte in *start. */
size_t text_trim(const char *s, size_t n, size_t *start);

/* ---- act.c ----------------------------------------------------------------- */

enum { PART_NONE, PART_RECITAL, PART_ARTICLE, PART_ANNEX };

/* How much a metadata value is trusted: the document's own metadata, then
 * what its text says, then the file name, then a meta.json beside it. A
 * value replaces another only if it is trusted more. */
enum { TRUST_NONE, TRUST_SIDECAR, TRUST_FILENAME, TRUST_INFERRED, TRUST_TEXT, TRUST_METADATA,
       TRUST_VERSION /* a consolidated version's date, over the act's date its package also gives */ };

enum { M_TITLE, M_CELEX, M_DATE, M_TYPE, M_LANG, M_URL, M_SHORT, M_OJDATE, NMETA };

typedef struct act_part {
    int kind;
    char label[24];            /* "5", "12", "I"; "" until known */
    size_t start, end;         /* its text in act.text */
    size_t head, head_len;     /* its heading ("Article 5") in act.text, head_len 0 if none */
    size_t sub, sub_len;       /* its subtitle ("Time-limits for storage and review") */
    int flat;                  /* opened by a heading, not by an element around it: ends at the next one */
} act_part;

typedef struct act_note {
    size_t part;               /* index + 1 of the part it belongs to; 0 for none */
    size_t start, end;         /* in act.notes */
} act_note;

typedef struct act {
    acq_buf text;              /* the body: one line per paragraph */
    acq_buf notes;             /* footnotes, one per line */
    act_part *parts;
    size_t nparts, parts_cap;
    act_note *notev;
    size_t nnotes, notes_cap;
    size_t open;               /* index + 1 of the part being read, 0 for none */
    acq_buf meta[NMETA];
    int trust[NMETA];
    int eurlex;                /* an act in an EUR-Lex format: CELEX ids, parts can be split */
    int corrigendum;           /* a corrigendum: its title names the act it corrects */
    int nested_part;           /* the Formex file being read continues the annex before it (package.c) */
    char number[24];           /* the act's number as its metadata gives it ("2016/680") */
    int failed;                /* an allocation failed */
    acq_buf scratch, id, title; /* building documents (act.c) */
} act;

act *act_get(ingest_run *r);   /* r->act, reset; NULL when out of memory */
void act_free(act *a);
void act_reset(act *a);
/* Ends the open part (if any) and opens one of this kind at the end of the text. */
void act_part_begin(act *a, int kind, const char *label, size_t label_len);
void act_part_end(act *a);
act_part *act_open_part(act *a);
/* Sets the open part's label if it has none yet (from a heading's text). */
void act_part_label(act *a, const char *label, size_t n);
/* Records a footnote whose text is act.notes[start..end) as belonging to
 * part (index + 1, 0 none). */
void act_note_add(act *a, size_t part, size_t start, size_t end);
/* The title from its lines, without those wholly in parentheses ("(Text
 * with EEA relevance)", the Official Journal a corrigendum corrects). */
void act_title_lines(act *a, const acq_buf *lines, int trust);
/* Sets a metadata field if `trust` beats what it holds (whitespace collapsed). */
void act_meta_set(act *a, int field, const char *s, size_t n, int trust);
static inline const char *act_meta(const act *a, int field) { return a->meta[field].len ? (const char *)a->meta[field].data : NULL; }
/* Delivers the act: one document, or one per part when r->passages. id is
 * the document id to use when the act has no CELEX number. */
int act_emit(ingest_run *r, act *a, const char *path, const char *id);

/* ---- eurlex_meta.c ------------------------------------------------------- */

/* A two-letter language code (lower case) from "EN", "en-GB", "eng", "ENG",
 * ".../language/ENG": 1 if it is one, else 0. eu_only: only the 24 official
 * languages of the EU. */
int meta_lang(const char *s, size_t n, int eu_only, char out[3]);
/* A CELEX number in its usual form from s (any case, "CELEX:" prefix, URL
 * escapes): 1 and out (NUL-terminated), or 0 if s is not one. */
int meta_celex(const char *s, size_t n, char *out, size_t out_size);
/* A date "YYYY-MM-DD" from "20160427", "2016-04-27", "4.5.2016" or
 * "04.05.2016": 1 and out, or 0. */
int meta_date(const char *s, size_t n, char out[11]);
/* What an act's title says: type, CELEX number, date (for lang), whether it
 * is a corrigendum, and the act's short designation ("Directive (EU)
 * 2016/680"), set in a at TRUST_TEXT. */
void meta_from_title(act *a);
/* CELEX, type and language from an ELI ("http://data.europa.eu/eli/reg/2022/868/oj/eng"). */
void meta_from_eli(act *a, const char *eli, size_t n, int trust);
/* CELEX, date and language from the file's path (its name and the names
 * of the folders above it), at TRUST_FILENAME. */
void meta_from_path(act *a, const char *path);
/* Everything that can be inferred once the document is read: type from
 * the CELEX number, the Official Journal's date as a last resort, the
 * short designation. */
void meta_finish(act *a);
/* The number in a part's heading: "Article 5" -> "5", "5. cikk" -> "5",
 * "ANNEX IV" -> "IV", "Article premier" -> "1"; "" if none. */
void meta_heading_label(const char *s, char *out, size_t size);
/* The first word of s in title case ("ANNEX III" -> "Annex III"), into b. */
void meta_recase_first_word(acq_buf *b, const char *s, size_t n);

/* ---- sidecar.c ------------------------------------------------------------ */

/* Fields from the meta.json beside path (or one folder up), at TRUST_SIDECAR. */
void sidecar_apply(ingest_run *r, act *a, const char *path);
/* 1 if name is the name acquis reads metadata from ("meta.json"). */
int sidecar_name(const char *name);
void sidecar_free(ingest_run *r);

/* ---- libxml.c -------------------------------------------------------------- */

/* Files of markup larger than this are refused (libxml2 keeps them whole). */
#define MARKUP_MAX_SIZE ((uint64_t)256 << 20)

typedef struct xml_errors {
    int count;                 /* errors that matter (see libxml.c) */
    int nomem;                 /* libxml2 ran out of memory */
    int line, column;          /* of the first one */
    char first[200];           /* its message */
} xml_errors;

/* Once per process, before the first parse (thread-safe). */
void markup_init(void);
/* The HTML parser on s[0..n) (encoding: what to read it as, NULL to let the
 * document say); NULL when nothing could be parsed. */
struct _xmlDoc *markup_parse_html(const char *s, size_t n, const char *encoding, xml_errors *errs);
/* The XML parser on XHTML that claims to be well-formed: a tree like the HTML
 * parser's, three times faster; NULL if it is not well-formed after all. */
struct _xmlDoc *markup_parse_xhtml(const char *s, size_t n, const char *encoding, xml_errors *errs);
/* A streaming XML reader on s[0..n), with the handler that fills errs. */
struct _xmlTextReader *markup_xml_reader(const char *s, size_t n, const char *encoding, xml_errors *errs);
/* "line 12, column 5: Opening and ending tag mismatch" for a problem message. */
void markup_error_text(const xml_errors *e, char *out, size_t size);

/* ---- detect.c -------------------------------------------------------------- */

typedef enum { SNIFF_NONE, SNIFF_EMPTY, SNIFF_HTML, SNIFF_FORMEX, SNIFF_XML } sniff_kind;

typedef struct sniff {
    sniff_kind kind;
    char root[32];             /* the root element's name (XML, Formex) */
    char encoding[40];         /* as declared (XML declaration or <meta charset>), "" if none */
    const char *what;          /* for SNIFF_NONE: what it looks like ("a PDF", "binary data", "JSON") */
} sniff;

/* What s[0..n) (the start of a file, or all of it) holds. */
void ingest_sniff(const uint8_t *s, size_t n, sniff *out);
/* The same from the first 4 KB of a file; -1 if it cannot be read. */
int ingest_sniff_path(const char *path, sniff *out);
/* 1 if the encoding name is UTF-8 (or its aliases), 2 if it is Latin-1,
 * windows-1252 or ASCII, 0 otherwise. */
int ingest_encoding_family(const char *name);

/* ---- markup.c, html.c, eurlex_html.c, formex.c, package.c, xml.c ------------ */

/* One markup file read into r->file: reads it as sn says and delivers it. */
int ingest_markup(ingest_run *r, const char *path, const char *id, const sniff *sn);
/* Checks the bytes against the declared encoding; returns the encoding to
 * read the file with (NULL: as declared), or sets *bad and reports why. */
const char *markup_encoding(ingest_run *r, const char *path, const char *s, size_t n, const sniff *sn, int *bad);

/* Reads an HTML page into a: plain pages, or EUR-Lex pages with their parts.
 * Returns 0, or -1 after reporting a problem (nothing usable). */
int html_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding);
/* The walk of html.c asks eurlex_html.c about each element of a EUR-Lex page. */
struct html_walk;
struct _xmlNode;
int eurlex_detect(struct html_walk *w, struct _xmlDoc *doc);
int eurlex_enter(struct html_walk *w, struct _xmlNode *n);
void eurlex_leave(struct html_walk *w, struct _xmlNode *n);
void eurlex_done(struct html_walk *w);

/* Reads one Formex file into a (appending: a package reads its parts in turn).
 * Returns 0, or -1 after reporting a problem. */
int formex_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding);
/* Any other XML. */
int xml_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding);

/* The Formex packages of one directory: which files are manifests, which are
 * parts read with their manifest (and so not alone). */
typedef struct dir_plan dir_plan;
/* Plans the directory dir (NULL when out of memory, reported). The walk
 * sets r->plan to the plan of the directory whose files it reads. */
dir_plan *package_plan(ingest_run *r, const char *dir);
void package_free_plan(dir_plan *p);
/* 1 if the file (a name in the directory of r->plan) is read with its manifest. */
int package_is_part(const ingest_run *r, const char *name);
/* Reads the manifest at path (r->file holds it) with its parts into a. */
int package_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding);

#endif
