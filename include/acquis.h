/* acquis.h: the public interface of libacquis, a full-text search engine for
 * EU justice and home affairs texts. This is the only public header.
 *
 * Conventions
 *  - Every name starts with acq_ / ACQ_. Handles are opaque.
 *  - Functions return int: ACQ_OK (0) or a negative ACQ_E* code. Out
 *    parameters come first. acq_strerror(code) names a code; the handle's
 *    acq_*_errmsg() gives the last message for that handle, written for a
 *    person ("index/seg-1.doc is damaged (checksum mismatch): rebuild ...").
 *  - Every object you get from acq_*_open / acq_search / acq_search_query /
 *    acq_query_new_* has a matching close/free/destroy. Strings handed out by
 *    the library stay owned by the object they came from and live as long as
 *    it does, unless said otherwise.
 *  - Options structs start with a `size` field: set it with the _INIT macro so
 *    that later versions can grow the struct without breaking callers.
 *  - The library never exits, never prints, and reports allocation and I/O
 *    failures as codes.
 *
 * Threads: an acq_index may be searched from any number of threads at once
 * (acq_search and acq_search_query are thread-safe on one acq_index, with no
 * lock; each acq_results belongs to the thread that got it). acq_index_close
 * must wait until those searches have returned. An acq_writer is used by one
 * thread at a time; writers and readers of one index may live in different
 * threads or processes. acq_strerror and acq_version are thread-safe. */
#ifndef ACQUIS_H
#define ACQUIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ACQ_BUILDING_LIBRARY) && defined(__GNUC__)
#define ACQ_API __attribute__((visibility("default")))
#else
#define ACQ_API
#endif

/* ---- Errors ------------------------------------------------------------ */

enum {
    ACQ_OK = 0,
    ACQ_EIO = -1,       /* a file could not be read or written */
    ACQ_ECORRUPT = -2,  /* an index file is damaged or not an acquis file */
    ACQ_ENOMEM = -3,    /* out of memory */
    ACQ_EINPUT = -4,    /* bad input document (invalid UTF-8, broken JSON) */
    ACQ_EQUERY = -5,    /* the query has a syntax error */
    ACQ_EARG = -6,      /* a NULL or invalid argument, or misuse of the API */
    ACQ_ELOCKED = -7,   /* another writer holds the index lock */
    ACQ_ENOTFOUND = -8, /* no index (or document) where one was expected */
    ACQ_ELIMIT = -9,    /* a limit was hit (e.g. too many prefix expansions) */
    ACQ_EVERSION = -10  /* the index was written by an incompatible version */
};

/* A short constant description of a code ("index file damaged", ...). */
ACQ_API const char *acq_strerror(int code);
/* The library's version, e.g. "0.1.0". */
ACQ_API const char *acq_version(void);

/* ---- Documents ----------------------------------------------------------- */

/* A document to add. Strings are UTF-8, not necessarily NUL-terminated when
 * the matching _len is set; a _len of 0 with a non-NULL pointer means
 * "NUL-terminated". NULL fields are absent. The writer copies what it needs;
 * the caller keeps ownership. */
typedef struct acq_document {
    const char *id;    size_t id_len;     /* required, unique per index: 1 to
                                             254 bytes of UTF-8, no U+0000 */
    const char *title; size_t title_len;
    const char *text;  size_t text_len;
    const char *lang;  size_t lang_len;   /* ISO 639-1, e.g. "en", "fr" */
    const char *date;  size_t date_len;   /* YYYY, YYYY-MM or YYYY-MM-DD */
    const char *type;  size_t type_len;   /* e.g. "REG", "DIR" */
    const char *celex; size_t celex_len;  /* e.g. "32016R0794" */
    const char *url;   size_t url_len;
} acq_document;

/* An extra field of a document, kept as a keyword field: stored and shown
 * with the document, searchable and usable as a filter by name
 * (eurovoc:"police cooperation"), its value matched whole with case and
 * accents folded. A list is the same name given several times. */
typedef struct acq_field {
    const char *name;   /* [a-z][a-z0-9_]*, at most 31 bytes, not a built-in
                           field (body title text id celex type lang date url) */
    const char *value;  /* UTF-8 */
    size_t value_len;   /* 0 means NUL-terminated */
} acq_field;

/* ---- Writing ------------------------------------------------------------ */

typedef struct acq_writer acq_writer;

typedef struct acq_writer_options {
    size_t size;             /* sizeof(acq_writer_options) */
    size_t memory_budget;    /* the writer's memory: when its postings,
                                ids and caches reach a quarter of it, the
                                postings are written out sorted as a run,
                                and a commit merges the runs into one
                                segment (64 runs at most, then a segment
                                is finished); 0 means 256 MB (with glibc, a
                                fixed M_MMAP_THRESHOLD, as the command line
                                sets, keeps the process's memory flat from
                                run to run) */
    const char *default_lang;/* language of documents without one whose
                                language cannot be detected; "en" */
    int keep_stopwords;      /* 1 indexes stopwords too; default 0 */
    int compression_level;   /* stored fields: 1 LZ4 (fastest), 2..9 deflate; 0 = 1 */
    int replace;             /* 1: the first commit replaces every document
                                already in the index (a rebuild); until it
                                happens, readers keep seeing the old index */
    int no_stemming;         /* 1: index words unstemmed (folded only) */
    int merge_factor;        /* the merge policy: a commit merges segments
                                of one size tier once there are this many
                                of them (logarithmic merging, as Lucene's
                                LogMergePolicy), so segments stay few and an
                                append costs what it adds; 0 means 10, 1
                                turns automatic merging off */
    int no_lang_detect;      /* 1: a document without lang gets default_lang;
                                0 (default): the language its text is
                                detected in (CLD2; among the 24 official EU
                                languages), default_lang when unsure */
    int threads;             /* threads for writing: 0 or 1 one (the
                                caller's); 2 or more also compress and write
                                stored fields on a second thread while the
                                caller's analyses, and merge stored fields
                                beside postings. The index is the same bytes
                                whatever the number. `acquis index -j N` */
} acq_writer_options;
#define ACQ_WRITER_OPTIONS_INIT { sizeof(acq_writer_options), 0, NULL, 0, 0, 0, 0, 0, 0, 0 }

/* Opens (creating if needed) the index directory `dir` for writing. Only one
 * writer may hold an index: a second gets ACQ_ELOCKED. opts may be NULL. On
 * failure *out is NULL and, if errmsg is not NULL, a message is copied there
 * (errmsg_size bytes). */
ACQ_API int acq_writer_open(acq_writer **out, const char *dir,
                            const acq_writer_options *opts,
                            char *errmsg, size_t errmsg_size);
/* Adds a document, searchable after the next commit. Ids are unique per
 * index: a document whose id is already in the index, or was added earlier
 * through this writer, replaces that document at the next commit (the last
 * one added wins). ACQ_EINPUT for a document without an id, an id longer
 * than 254 bytes or containing U+0000, or invalid UTF-8. */
ACQ_API int acq_writer_add(acq_writer *w, const acq_document *doc);
/* acq_writer_add with extra keyword fields (n of them; fields may be NULL
 * when n is 0). An index holds at most 240 distinct field names (ACQ_ELIMIT
 * beyond); a value is indexed on its first 254 bytes once folded and stored
 * whole. ACQ_EINPUT for a bad field name or invalid UTF-8. */
ACQ_API int acq_writer_add_fields(acq_writer *w, const acq_document *doc, const acq_field *fields, size_t n);
/* Deletes the document with this id (NUL-terminated) at the next commit,
 * including one added earlier through this writer; a document added with
 * this id after the call is kept. Returns ACQ_OK even if no such document
 * exists. */
ACQ_API int acq_writer_delete(acq_writer *w, const char *id);
/* Deletes, at the next commit, every document matching `query` (the query
 * language of acq_search; filters such as date:..2000 or type:DEC work as
 * they do there) among those committed and those added before the call.
 * ACQ_EQUERY with the column in acq_writer_errmsg for a syntax error. */
ACQ_API int acq_writer_delete_query(acq_writer *w, const char *query);
/* Makes all added and deleted documents durable and visible to readers opened
 * afterwards; atomic: a crash leaves the previous commit readable. If it
 * fails (ACQ_EIO, ACQ_ENOMEM), the index keeps its previous commit and the
 * call may be retried (one exception: when only the directory sync after
 * the manifest's rename fails, readers may already see the new commit,
 * which a power cut could still undo; the retry makes it durable); if the failure lost documents this writer held in
 * memory, every later add, delete, commit and merge returns the same code
 * instead: close the writer, open a new one and add those documents again. */
ACQ_API int acq_writer_commit(acq_writer *w);
/* Commits, then merges all segments into one and commits again; deleted
 * documents are dropped for good (an "optimize"; commits already merge as
 * the merge policy asks). Readers opened before keep their snapshot (their
 * files stay readable until they close). */
ACQ_API int acq_writer_merge(acq_writer *w);
/* Number of segments in the last commit. */
ACQ_API size_t acq_writer_segment_count(const acq_writer *w);
/* Last error message for this writer ("" if none). */
ACQ_API const char *acq_writer_errmsg(const acq_writer *w);
/* Documents added since open (including uncommitted ones). */
ACQ_API uint64_t acq_writer_doc_count(const acq_writer *w);
/* Rolls back anything uncommitted, releases the lock, frees the writer. */
ACQ_API void acq_writer_close(acq_writer *w);

/* ---- Reading and searching -------------------------------------------- */

typedef struct acq_index acq_index;
typedef struct acq_results acq_results;

/* Opens the last commit of the index in `dir` (a snapshot: later commits are
 * not seen). Cheap: files are memory-mapped, nothing is loaded. */
ACQ_API int acq_index_open(acq_index **out, const char *dir,
                           char *errmsg, size_t errmsg_size);
ACQ_API void acq_index_close(acq_index *ix);

typedef struct acq_index_stats {
    size_t size;            /* sizeof(acq_index_stats) */
    uint64_t documents;     /* live documents */
    uint64_t deleted;       /* deleted but not yet merged away */
    uint64_t segments;
    uint64_t terms;         /* distinct terms, summed over segments */
    uint64_t postings;      /* (term, document) pairs */
    uint64_t positions;     /* token occurrences indexed */
    uint64_t bytes_dictionary, bytes_postings, bytes_positions,
             bytes_stored, bytes_lengths, bytes_other;
    int stemming;           /* 1 if the index was built with stemming */
    int stopwords_dropped;  /* 1 if stopwords were dropped at index time */
    char lang[16];          /* default language of the index */
} acq_index_stats;
#define ACQ_INDEX_STATS_INIT { sizeof(acq_index_stats), 0,0,0,0,0,0,0,0,0,0,0,0, 0, 0, "" }
ACQ_API int acq_index_stats_get(acq_index *ix, acq_index_stats *stats);
/* One language of an index (acq_index_languages). */
typedef struct acq_language_stats {
    char lang[16];        /* the code its documents were analysed with,
                             lowercase ("fr", "pt-pt"; "en" for documents
                             without one in an English-default index) */
    uint64_t documents;   /* live documents */
    uint64_t tokens;      /* words indexed from their titles and texts */
    uint64_t terms;       /* distinct terms of their titles and texts, summed
                             over segments as acq_index_stats.terms is; 0
                             unless asked for */
} acq_language_stats;
/* The languages of the snapshot's live documents, most documents first
 * (ties in code order): *n gets their number and the first min(*n, cap)
 * are written to out (out may be NULL when cap is 0). with_terms = 1 also
 * counts the distinct terms of each language, which reads every postings
 * list once (as a search of every term would); 0 leaves terms 0 and costs
 * one walk of the lang field. ACQ_ECORRUPT if what it reads is damaged. */
ACQ_API int acq_index_languages(acq_index *ix, acq_language_stats *out, size_t cap, size_t *n, int with_terms,
                                char *errmsg, size_t errmsg_size);
/* Verifies every checksum of every file of the snapshot (searches verify
 * only what they read). ACQ_ECORRUPT with the damaged file in errmsg. */
ACQ_API int acq_index_verify(acq_index *ix, char *errmsg, size_t errmsg_size);

/* Whether the index directory of this snapshot now holds another commit
 * than the snapshot shows: 1 if so (open the index again to see it; the
 * old snapshot stays readable until closed), 0 if not, or a negative code
 * (ACQ_ENOTFOUND if the index is gone, ACQ_ECORRUPT, ACQ_EIO) with the
 * message in errmsg. Reads the small MANIFEST file only; thread-safe. */
ACQ_API int acq_index_changed(acq_index *ix, char *errmsg, size_t errmsg_size);

/* Fetches the stored document with this id (NUL-terminated) from the
 * snapshot: every field, the whole text. On success *out is a document that
 * the caller frees with acq_document_free; its strings are NUL-terminated,
 * their _len fields set, absent fields "" with length 0. ACQ_ENOTFOUND if no
 * live document has this id (*out NULL). Thread-safe like acq_search. */
ACQ_API int acq_index_document(acq_document **out, acq_index *ix, const char *id,
                               char *errmsg, size_t errmsg_size);
/* Frees a document from acq_index_document (NULL is accepted). */
ACQ_API void acq_document_free(acq_document *doc);
/* The extra fields of a document from acq_index_document (and only such a
 * document): their number, and in *fields (if not NULL) the array, valid
 * until acq_document_free. */
ACQ_API size_t acq_document_fields(const acq_document *doc, const acq_field **fields);

typedef struct acq_search_options {
    size_t size;        /* sizeof(acq_search_options) */
    size_t k;           /* number of hits to return; 0 means 10 */
    size_t offset;      /* skip this many hits first (paging) */
    double k1;          /* BM25 k1; negative means default 0.9 */
    double b;           /* BM25 b; negative means default 0.4 */
    const char *lang;   /* analyse the query in this language only; NULL:
                           in each language the index holds, each document
                           matched through its own language's analysis */
    int snippets;       /* 1: compute a snippet for each hit */
    int count;          /* 1: count all matching documents exactly */
    int exhaustive;     /* 1: score every match (no pruning); for testing */
    int explain;        /* 1: fill acq_hit.explanation */
    int no_fields;      /* 1: hits carry score and docno only (no stored
                           fields are read: the fastest form, like Lucene's
                           TopDocs); the string fields are then "" */
    int plain;          /* 1: the query is plain text, not query syntax: its
                           words (analysed, each counted once) are a ranked
                           OR. For TREC topics and pasted text. */
    int stopwords;      /* query stopwords: 0 as the index was built; 1 drop
                           them; 2 keep them (only for an index built with
                           keep_stopwords, else ACQ_EARG) */
    const char *facets; /* comma list of fields whose values are counted
                           over ALL matches, exactly: type, lang, celex, id,
                           year (of the date) or an extra field
                           ("type,year,eurovoc"); NULL or "": none. An
                           unknown name is ACQ_EARG. See acq_results_facet */
    size_t facet_limit; /* values kept per facet, most frequent first (ties
                           in value order); 0 means 10 */
    const char *collapse; /* a keyword field (celex, type, lang, id or an
                           extra field): of the matches sharing a value only
                           the best-scoring one is a hit (consolidated
                           versions of one act share its CELEX), with
                           acq_hit.collapsed the number folded into it;
                           matches without a value stay; the total then
                           counts what is left. NULL or "": none */
    int no_expand;      /* 1: no expansion of instrument names and act
                           numbers ("Prüm", "SIS II", "2008/615",
                           "Regulation 2016/794" are then words only; see
                           acq_query_describe) */
    const char *thesaurus; /* a thesaurus to expand the query with, or NULL:
                           a file of CONCEPT<TAB>LANG<TAB>LABEL lines or a
                           folder of LANG.json label maps (EuroVoc's);
                           a word or phrase that is a label also finds
                           the concept's synonyms, its label in the
                           index's language and its eurovoc field value
                           (corpus/thesaurus.md). Loaded once per process */
    /* Relevance models and feedback (plain-text queries, or a ranked OR of
     * words; other queries with them are ACQ_EARG; acq_search_query takes
     * ql and dph only): */
    const char *model;  /* NULL or "bm25"; "ql": query likelihood with
                           Dirichlet smoothing (Lucene's LMDirichlet); "dph":
                           Terrier's DPH, parameter-free DFR; "sdm": BM25 with
                           sequential dependence (each pair of adjacent words
                           as a phrase and as a window of 8, weights 0.85 /
                           0.1 / 0.05, as Anserini's SDM) */
    double mu;          /* ql's Dirichlet mu; <= 0 means 1000 */
    int feedback;       /* pseudo-relevance feedback: 0 none, 1 RM3
                           (Anserini's), 2 Bo1 (Terrier's) */
    int fb_docs;        /* feedback documents; 0: 10 for RM3, 3 for Bo1 */
    int fb_terms;       /* expansion terms; 0: 10 */
    double fb_orig_weight; /* RM3's original query weight; < 0 means 0.5 */
    double title_weight;   /* > 0: each word also scores in the title with
                              this weight (per-field weights); 0: none */
} acq_search_options;
#define ACQ_SEARCH_OPTIONS_INIT { sizeof(acq_search_options), 10, 0, -1.0, -1.0, NULL, 0, 0, 0, 0, 0, 0, 0, NULL, 0, NULL, \
                                  0, NULL, NULL, 0.0, 0, 0, 0, -1.0, 0.0 }

/* Parses and runs `query` (the query language: see acquis(1) / README:
 * words, "phrases", "near words"~N, AND OR NOT + -, parentheses, field:term,
 * prefix*, date:2015..2018, type:DIR, lang:fr). On failure the message is
 * copied to errmsg (for ACQ_EQUERY it starts with "column N: "). */
ACQ_API int acq_search(acq_results **out, acq_index *ix, const char *query,
                       const acq_search_options *opts,
                       char *errmsg, size_t errmsg_size);

/* What acq_search would run for `query` with opts: one line per
 * instrument name or act number that expands ("\"Prüm\" = Prüm Decision
 * 32008D0615, ...: best of body:prum^0.5 celex:32008d0615 cites:32008d0615
 * body:\"prum decis\" ..."), then "query: " and the whole tree. NUL-
 * terminated in out, cut to out_size. ACQ_OK, ACQ_EQUERY (message in
 * errmsg), ACQ_EARG, ACQ_ENOMEM. */
ACQ_API int acq_query_describe(acq_index *ix, const char *query, const acq_search_options *opts,
                               char *out, size_t out_size, char *errmsg, size_t errmsg_size);

/* One hit. Pointers stay valid until acq_results_free. */
typedef struct acq_hit {
    double score;
    uint64_t docno;       /* internal document number in this snapshot */
    const char *id, *title, *date, *type, *lang, *celex, *url;
    const char *snippet;  /* plain text of the best passage, or NULL */
    const uint32_t *match_offsets; /* pairs (start, end) of byte offsets of
                                      highlighted matches within snippet */
    size_t match_count;   /* number of pairs */
    const char *explanation; /* how the score was made (opts.explain), or NULL */
    const acq_field *fields;  /* the document's extra fields, in the order
                                 given (names and values NUL-terminated) */
    size_t field_count;
    uint64_t collapsed;       /* with opts.collapse: other matches of the
                                 same value folded into this hit */
} acq_hit;

/* One value of a facet and how many matches have it. */
typedef struct acq_facet_value {
    const char *value;   /* as a document gave it ("REG", "Police cooperation") */
    uint64_t count;
} acq_facet_value;

ACQ_API size_t acq_results_count(const acq_results *r);   /* hits returned */
ACQ_API uint64_t acq_results_total(const acq_results *r); /* all matches, if
                                                      counted; else hits */
ACQ_API const acq_hit *acq_results_hit(const acq_results *r, size_t i);
/* Facets asked for with opts.facets: their number, and for facet i (in the
 * order asked) its field name, its most frequent values (*values, *n) and
 * the number of distinct values among all matches (*distinct; any of the
 * three may be NULL). NULL for an i out of range. */
ACQ_API size_t acq_results_facets(const acq_results *r);
ACQ_API const char *acq_results_facet(const acq_results *r, size_t i, const acq_facet_value **values, size_t *n,
                                      uint64_t *distinct);
ACQ_API void acq_results_free(acq_results *r);

/* Where the words of `query` (the query language, analysed as acq_search
 * analyses it with these options: lang, plain, stopwords) occur in
 * text[0..len), e.g. a document from acq_index_document: *count pairs
 * (start, end) of byte offsets into text in *offsets, in text order, the
 * words a snippet would highlight (those of the scoring parts of the query,
 * not NOT clauses or keyword filters). Free *offsets with
 * acq_highlight_free. ACQ_EQUERY ("column N: ...") for a syntax error,
 * ACQ_EARG for text that is not valid UTF-8. Thread-safe like acq_search. */
ACQ_API int acq_highlight(uint32_t **offsets, size_t *count, acq_index *ix, const char *query,
                          const acq_search_options *opts, const char *text, size_t len,
                          char *errmsg, size_t errmsg_size);
ACQ_API void acq_highlight_free(uint32_t *offsets);

/* Hits in bulk, for bindings (the Python package), where each call into the
 * library and each object made from a struct costs more than the C does:
 * a search's hits as fixed-size records and their stored fields as one
 * text, read in one go instead of one acq_hit at a time. */
typedef struct acq_hit_row {
    double score;
    uint64_t docno;        /* as acq_hit.docno */
    uint64_t collapsed;    /* as acq_hit.collapsed */
    uint64_t field_count;  /* as acq_hit.field_count */
} acq_hit_row;
/* acq_search in one call for ranked document numbers: runs `query` as
 * acq_search does with opts (its no_fields, snippets, explain and facets
 * are ignored: no stored field is read, as with no_fields) and writes the
 * first min(hits, cap) hits to rows (field_count 0), their number to *n and
 * acq_results_total to *total (n and total may be NULL). Nothing to free.
 * Errors and thread-safety as acq_search's. */
ACQ_API int acq_search_rows(acq_hit_row *rows, size_t cap, size_t *n, uint64_t *total, acq_index *ix,
                            const char *query, const acq_search_options *opts, char *errmsg, size_t errmsg_size);
/* Writes the rows of the first min(count, cap) hits of r to rows (may be
 * NULL when cap is 0); returns acq_results_count(r). */
ACQ_API size_t acq_results_rows(const acq_results *r, acq_hit_row *rows, size_t cap);
/* The stored fields of every hit of r as one UTF-8 text, every item
 * followed by a NUL byte (stored strings hold none), numbers in decimal.
 * First, for each hit in rank order, 8 items: its id, title, date, type,
 * lang, celex and url ("" when absent) and L, the length in bytes of its
 * extra fields' part. Then each hit's extra fields' part, in rank order
 * (so a binding may split the first 8 x count items off and decode a
 * hit's extra fields only when asked): G, the number of distinct names
 * among them, then for each name (in the order it first appears) the
 * name, the number of its values and the values in their order. The text
 * is written to buf if it fits in cap bytes, and *len gets its length
 * either way (*head, unless head is NULL, the length of the first part):
 * a caller whose buffer was too small calls again with *len bytes.
 * ACQ_OK, or ACQ_EARG when r or len is NULL. */
ACQ_API int acq_results_text(const acq_results *r, char *buf, size_t cap, size_t *len, size_t *head);
/* ---- Citations between acts -------------------------------------------- */

/* What an act cites and what cites it, from the `cites` field the writer
 * fills at index time (every citation of an EU act in a text, as CELEX).
 * `act` is any reference to an act: "32008D0615", "2008/615/JHA",
 * "Council Decision 2008/615/JHA", "2008/615" or a name from the
 * instruments table ("Prüm Decision"). */
typedef struct acq_act_link {
    const char *celex;    /* the other act */
    const char *name;     /* its name in the instruments table, or "" */
    const char *title;    /* its title in the index (its best-ranked
                             document), else the table's, else "" */
    const char *date;     /* its date in the index, or "" */
    uint64_t count;       /* acq_act_cites: the documents of the act (its
                             versions, its articles) that cite this one;
                             acq_act_cited_by: the documents of this act
                             that cite the act */
} acq_act_link;
typedef struct acq_act_links acq_act_links;

/* The acts `act` cites (most cited first, then by CELEX). ACQ_EARG when
 * act names no act or the index has no cites field (an index built before
 * citations were indexed: rebuild it); an act the index lacks is no error
 * (no links, acq_act_links_documents 0). */
ACQ_API int acq_act_cites(acq_act_links **out, acq_index *ix, const char *act,
                          char *errmsg, size_t errmsg_size);
/* The acts that cite `act` (those with most citing documents first). */
ACQ_API int acq_act_cited_by(acq_act_links **out, acq_index *ix, const char *act,
                             char *errmsg, size_t errmsg_size);
/* The CELEX number act resolved to. */
ACQ_API const char *acq_act_links_act(const acq_act_links *l);
/* acq_act_cites: documents of the act in the index; acq_act_cited_by:
 * documents that cite it (all versions and parts counted). */
ACQ_API uint64_t acq_act_links_documents(const acq_act_links *l);
ACQ_API size_t acq_act_links_count(const acq_act_links *l);
ACQ_API const acq_act_link *acq_act_links_get(const acq_act_links *l, size_t i);
ACQ_API void acq_act_links_free(acq_act_links *l);

/* ---- Queries built through the API ------------------------------------- */

/* A query tree built in code rather than parsed from a string: terms and
 * phrases joined by boolean clauses. Their text is analysed when the query
 * runs, with the index's analysis chains (opts.lang, or each language the
 * index holds), exactly as acq_search analyses the words of a query string.
 *
 * Ownership: a query made by acq_query_new_* belongs to the caller until it
 * is added to a boolean query, which then owns it; acq_query_destroy on the
 * top query frees the whole tree. A tree may be searched by any number of
 * threads at once as long as nobody adds to or destroys it meanwhile.
 *
 * Fields: "body" (title and text; also NULL or ""), "title", and the keyword
 * fields "id", "celex", "type", "lang", matched against the whole stored
 * value (A-Z lowercased except for id; not analysed). */
typedef struct acq_query acq_query;

enum {
    ACQ_OCCUR_SHOULD = 0,   /* scores; without a MUST clause in the same
                               boolean query, at least one SHOULD must match */
    ACQ_OCCUR_MUST = 1,     /* must match, scores */
    ACQ_OCCUR_MUST_NOT = 2, /* must not match */
    ACQ_OCCUR_FILTER = 3    /* must match, does not score */
};

/* A term: `text` (UTF-8, NUL-terminated) analysed like one word of a query
 * string: if it gives several terms ("anti-money-laundering") they make an
 * exact phrase; if none (a stopword alone) the clause is dropped when the
 * query runs, and a query left empty matches nothing.
 * ACQ_EARG: out or text NULL, unknown field, invalid UTF-8. */
ACQ_API int acq_query_new_term(acq_query **out, const char *field, const char *text);
/* A phrase in "body" or "title": slop 0 is an exact phrase ("..."), N > 0
 * asks for all its words within a window of N positions, in any order
 * ("..."~N); slop at most 1000. ACQ_EARG also for a keyword field. */
ACQ_API int acq_query_new_phrase(acq_query **out, const char *field, const char *text,
                                 unsigned slop);
/* An empty boolean query (it matches nothing until clauses are added). */
ACQ_API int acq_query_new_bool(acq_query **out);
/* Adds child to the boolean query parent as an ACQ_OCCUR_* clause; on
 * success parent owns child. ACQ_EARG if parent is not a boolean query,
 * child already belongs to one or is parent or one of its ancestors, or
 * occur is not an ACQ_OCCUR_* value; ACQ_ELIMIT if the tree would nest deeper
 * than 64 levels. On failure the caller still owns child. */
ACQ_API int acq_query_add(acq_query *parent, acq_query *child, int occur);
/* Frees q and every clause added to it. NULL is accepted; a query that
 * belongs to a boolean query is left alone (its owner frees it). */
ACQ_API void acq_query_destroy(acq_query *q);
/* Runs a built query, like acq_search runs a query string (same options,
 * results and thread-safety). ACQ_ELIMIT if the analysed query has more than
 * 1024 terms. */
ACQ_API int acq_search_query(acq_results **out, acq_index *ix, const acq_query *q,
                             const acq_search_options *opts,
                             char *errmsg, size_t errmsg_size);

/* ---- Evaluation ---------------------------------------------------------- */

/* TREC topics, qrels and runs, and trec_eval 9's measures, as `acquis batch`
 * and `acquis eval` read and compute them (the same code), for programs and
 * bindings that drive their own runs. Each input is given either in memory
 * (data and len, data not NUL-terminated necessarily) with `name` used in
 * messages, or as a file: data NULL reads the file named `name`. Errors:
 * ACQ_EINPUT "NAME:LINE: message" for a malformed line, ACQ_EIO "cannot read
 * NAME: reason", ACQ_ENOMEM. */
typedef struct acq_topic_list acq_topic_list;

/* Reads topics: one "qid<TAB>query" per line, or classic TREC topics
 * (<top> <num> <title> <desc> <narr>), whose query joins the fields named
 * by `fields` ("title", "title,desc", "all"; NULL means "title"; ACQ_EARG
 * for anything else). A topic without a qid or query, or a qid seen twice,
 * is ACQ_EINPUT naming the line. */
ACQ_API int acq_topic_list_load(acq_topic_list **out, const char *name, const char *data, size_t len,
                            const char *fields, char *errmsg, size_t errmsg_size);
/* Number of topics; qid, query and first line of topic i (file order), or
 * NULL / 0 for an i out of range. Strings live until acq_topic_list_free. */
ACQ_API size_t acq_topic_list_count(const acq_topic_list *t);
ACQ_API const char *acq_topic_list_qid(const acq_topic_list *t, size_t i);
ACQ_API const char *acq_topic_list_query(const acq_topic_list *t, size_t i);
ACQ_API size_t acq_topic_list_line(const acq_topic_list *t, size_t i);
ACQ_API void acq_topic_list_free(acq_topic_list *t);

typedef struct acq_evaluation acq_evaluation;

/* Evaluates a run ("qid Q0 docno rank score tag" lines) against qrels ("qid
 * iter docno rel" lines) as `acquis eval` does: every query in the run with
 * judgements, and the means over them. A run with no judged query is
 * ACQ_EINPUT (trec_eval stops too). */
ACQ_API int acq_evaluate(acq_evaluation **out, const char *qrels_name, const char *qrels, size_t qrels_len,
                         const char *run_name, const char *run, size_t run_len,
                         char *errmsg, size_t errmsg_size);
/* The same; complete = 1 counts every query of the qrels, one missing from
 * the run with every measure 0 (`acquis eval -c`, trec_eval -c). */
ACQ_API int acq_evaluate_complete(acq_evaluation **out, const char *qrels_name, const char *qrels,
                                  size_t qrels_len, const char *run_name, const char *run, size_t run_len,
                                  int complete, char *errmsg, size_t errmsg_size);
/* trec_eval's name of measure m, 0 <= m < acq_measure_count() ("map",
 * "recip_rank", "P_5", "P_10", "recall_100", "recall_1000", "ndcg_cut_10",
 * "ndcg_cut_1000", in the order `acquis eval` prints them), else NULL. */
ACQ_API int acq_measure_count(void);
ACQ_API const char *acq_measure_name(int m);
/* The evaluated queries (sorted by qid), their qids, and the value of
 * measure m for query q; q equal to acq_evaluation_queries() gives the mean
 * over all of them (trec_eval's "all"). NaN for m or q out of range. */
ACQ_API size_t acq_evaluation_queries(const acq_evaluation *e);
ACQ_API const char *acq_evaluation_qid(const acq_evaluation *e, size_t q);
ACQ_API double acq_evaluation_value(const acq_evaluation *e, size_t q, int m);
ACQ_API void acq_evaluation_free(acq_evaluation *e);

/* A whole topic set against an index, as `acquis batch` runs it (the same
 * code, so the same run to the byte): each topic searched on its own with
 * opts (opts->k hits per topic; 0 means 10), its hits cut at k the way
 * trec_eval ranks them (scores printed "%.6f", ties by docid descending,
 * more hits asked for while documents tie at the cut), a docid the index
 * holds twice listed once (its better score), the lines of all topics in
 * their order, whatever the number of threads. qids[i] and queries[i]
 * (NUL-terminated) make topic i: a qid is not empty, has no blanks and
 * appears once (else ACQ_EINPUT); an empty query gets no lines. threads
 * (1 to 64; 0 means 1) search topics at once on threads of the library's
 * own, the caller's included; tag (NULL: "acquis") is the last column, no
 * blanks. On failure the first failing topic in topic order is reported,
 * "topic QID: message" with acq_search's code. */
typedef struct acq_batch acq_batch;
ACQ_API int acq_batch_run(acq_batch **out, acq_index *ix, const char *const *qids, const char *const *queries,
                          size_t n, const acq_search_options *opts, int threads, const char *tag,
                          char *errmsg, size_t errmsg_size);
/* The run: "qid Q0 docid rank score tag" lines, NUL-terminated, *len bytes
 * (len may be NULL); valid until acq_batch_free. */
ACQ_API const char *acq_batch_text(const acq_batch *b, size_t *len);
/* Topic i's number of lines; *status (may be NULL) gets 0 when it has
 * lines, 1 when its query is empty, 2 when it matched nothing (or only
 * stopwords remained); 0 and status 1 for an i out of range. */
ACQ_API size_t acq_batch_topic(const acq_batch *b, size_t i, int *status);
/* Hits left out because the index holds their docid more than once. */
ACQ_API uint64_t acq_batch_duplicates(const acq_batch *b);
ACQ_API void acq_batch_free(acq_batch *b);

/* ---- Fusion and significance (as `acquis fuse` and `acquis eval`) ------ */

enum {
    ACQ_FUSION_RRF = 0,     /* reciprocal rank fusion: a document scores the
                               sum of 1 / (k + rank) over the runs holding
                               it, rank from 1 in trec_eval's order
                               (Cormack et al. 2009; k is usually 60) */
    ACQ_FUSION_COMBSUM = 1  /* the sum of its scores, each run's scores of a
                               query min-max normalised to [0, 1] (Fox &
                               Shaw 1994); k is not used */
};
/* Fuses n >= 1 runs query by query, as `acquis fuse` does (the same code):
 * run i is data[i] (lens[i] bytes of "qid Q0 docno rank score tag" lines,
 * named names[i] in messages), or the file names[i] when data is NULL or
 * data[i] is NULL. depth documents per query at most (0: all). The fused
 * run is written as `acquis fuse` writes it (ranks from 1, scores "%.6f",
 * ties by docno descending, this tag) to *out, NUL-terminated, *out_len
 * bytes, freed with acq_text_free. ACQ_EARG for a bad method, k < 0, n 0
 * or a tag that is empty or has blanks; ACQ_EINPUT "NAME:LINE: message";
 * ACQ_EIO; ACQ_ENOMEM. */
ACQ_API int acq_fuse_runs(char **out, size_t *out_len, const char *const *names, const char *const *data,
                          const size_t *lens, size_t n, int method, double k, size_t depth, const char *tag,
                          char *errmsg, size_t errmsg_size);
/* Frees text from acq_fuse_runs (NULL is accepted). */
ACQ_API void acq_text_free(char *text);

enum {
    ACQ_TEST_T = 0,             /* Student's paired t-test (n - 1 degrees of
                                   freedom), two-sided */
    ACQ_TEST_RANDOMIZATION = 1  /* paired randomisation test on the mean
                                   difference: all 2^n sign flips for n <= 20,
                                   else `trials` from a fixed seed */
};
/* The two-sided p-value of the difference b - a over n paired values (one
 * measure's values per topic of two runs), as `acquis eval A B` prints it:
 * 1 when every difference is 0; NaN when n < 2 for the t-test, for an
 * unknown test, or for a NULL a or b with n > 0. trials 0 means 10000. */
ACQ_API double acq_paired_test(int test, const double *a, const double *b, size_t n, unsigned long trials);

#ifdef __cplusplus
}
#endif
#endif
