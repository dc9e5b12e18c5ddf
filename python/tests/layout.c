/* layout.c: prints the size and field offsets of the public structs of
 * acquis.h as the C compiler lays them out, one "struct.field offset" line
 * each and a "struct size N" line; test_library.py compares them with the
 * ctypes declarations of acquis/_native.py, so that a struct changed in the
 * header and not in the package fails a test instead of corrupting memory. */
#include <stddef.h>
#include <stdio.h>

#include "acquis.h"

#define SIZE(s) printf(#s " size %zu\n", sizeof(s))
#define OFF(s, f) printf(#s "." #f " %zu\n", offsetof(s, f))

int main(void)
{
    SIZE(acq_document);
    OFF(acq_document, id); OFF(acq_document, id_len); OFF(acq_document, title); OFF(acq_document, title_len);
    OFF(acq_document, text); OFF(acq_document, text_len); OFF(acq_document, lang); OFF(acq_document, lang_len);
    OFF(acq_document, date); OFF(acq_document, date_len); OFF(acq_document, type); OFF(acq_document, type_len);
    OFF(acq_document, celex); OFF(acq_document, celex_len); OFF(acq_document, url); OFF(acq_document, url_len);
    SIZE(acq_field);
    OFF(acq_field, name); OFF(acq_field, value); OFF(acq_field, value_len);
    SIZE(acq_writer_options);
    OFF(acq_writer_options, size); OFF(acq_writer_options, memory_budget); OFF(acq_writer_options, default_lang);
    OFF(acq_writer_options, keep_stopwords); OFF(acq_writer_options, compression_level);
    OFF(acq_writer_options, replace); OFF(acq_writer_options, no_stemming); OFF(acq_writer_options, merge_factor);
    OFF(acq_writer_options, no_lang_detect); OFF(acq_writer_options, threads);
    SIZE(acq_index_stats);
    OFF(acq_index_stats, size); OFF(acq_index_stats, documents); OFF(acq_index_stats, deleted);
    OFF(acq_index_stats, segments); OFF(acq_index_stats, terms); OFF(acq_index_stats, postings);
    OFF(acq_index_stats, positions); OFF(acq_index_stats, bytes_dictionary); OFF(acq_index_stats, bytes_postings);
    OFF(acq_index_stats, bytes_positions); OFF(acq_index_stats, bytes_stored); OFF(acq_index_stats, bytes_lengths);
    OFF(acq_index_stats, bytes_other); OFF(acq_index_stats, stemming); OFF(acq_index_stats, stopwords_dropped);
    OFF(acq_index_stats, lang);
    SIZE(acq_search_options);
    OFF(acq_search_options, size); OFF(acq_search_options, k); OFF(acq_search_options, offset);
    OFF(acq_search_options, k1); OFF(acq_search_options, b); OFF(acq_search_options, lang);
    OFF(acq_search_options, snippets); OFF(acq_search_options, count); OFF(acq_search_options, exhaustive);
    OFF(acq_search_options, explain); OFF(acq_search_options, no_fields); OFF(acq_search_options, plain);
    OFF(acq_search_options, stopwords); OFF(acq_search_options, facets); OFF(acq_search_options, facet_limit);
    OFF(acq_search_options, collapse); OFF(acq_search_options, no_expand); OFF(acq_search_options, thesaurus);
    OFF(acq_search_options, model); OFF(acq_search_options, mu); OFF(acq_search_options, feedback);
    OFF(acq_search_options, fb_docs); OFF(acq_search_options, fb_terms); OFF(acq_search_options, fb_orig_weight);
    OFF(acq_search_options, title_weight);
    SIZE(acq_hit);
    OFF(acq_hit, score); OFF(acq_hit, docno); OFF(acq_hit, id); OFF(acq_hit, title); OFF(acq_hit, date);
    OFF(acq_hit, type); OFF(acq_hit, lang); OFF(acq_hit, celex); OFF(acq_hit, url); OFF(acq_hit, snippet);
    OFF(acq_hit, match_offsets); OFF(acq_hit, match_count); OFF(acq_hit, explanation); OFF(acq_hit, fields);
    OFF(acq_hit, field_count); OFF(acq_hit, collapsed);
    SIZE(acq_hit_row);
    OFF(acq_hit_row, score); OFF(acq_hit_row, docno); OFF(acq_hit_row, collapsed); OFF(acq_hit_row, field_count);
    SIZE(acq_facet_value);
    OFF(acq_facet_value, value); OFF(acq_facet_value, count);
    SIZE(acq_language_stats);
    OFF(acq_language_stats, lang); OFF(acq_language_stats, documents); OFF(acq_language_stats, tokens);
    OFF(acq_language_stats, terms);
    SIZE(acq_act_link);
    OFF(acq_act_link, celex); OFF(acq_act_link, name); OFF(acq_act_link, title); OFF(acq_act_link, date);
    OFF(acq_act_link, count);
    return 0;
}
