// xapian_index: builds a Xapian index of a JSON Lines file.
//
//   xapian_index [--stopwords] INPUT.jsonl[.gz] DBDIR
//
// One document per line: TermGenerator with the English Snowball stemmer and
// STEM_SOME (Xapian's default: each word indexed unstemmed with positions and
// as a Z-prefixed stem without), indexing title then text (one position
// stream, as Lucene's title + "\n" + text), no stop list unless --stopwords
// (Lucene's 33 English stop words, STOP_ALL). Document data = id, plus the
// boolean term "Q"+id (as Lucene indexes its id StringField). Glass backend,
// default flush threshold (XAPIAN_FLUSH_THRESHOLD, 10000 documents), one
// final commit. Prints one JSON line: documents, UTF-8 bytes of title+text,
// wall time in ms (reading and decompressing the input included), and the
// bytes of the files in DBDIR.
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "../common/bench.h"
#include "../common/jsonl.h"
#include "stopwords.h"

int main(int argc, char **argv)
{
    bool stop = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (std::strcmp(argv[i], "--stopwords") == 0)
            stop = true;
        else {
            std::fprintf(stderr, "xapian_index: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (argc - i != 2) {
        std::fprintf(stderr, "usage: xapian_index [--stopwords] INPUT.jsonl[.gz] DBDIR\n");
        return 2;
    }
    const char *input = argv[i], *dbdir = argv[i + 1];
    try {
        std::filesystem::remove_all(dbdir);
        double t0 = bq_now_ns();
        jl_reader *r = jl_open(input);
        if (!r)
            return 2;
        Xapian::WritableDatabase db(dbdir, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        Xapian::SimpleStopper stopper;
        if (stop) {
            for (const char *w : lucene_english_stopwords)
                stopper.add(w);
            tg.set_stopper(&stopper);
            tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
        }
        jl_doc d;
        long long docs = 0, text_bytes = 0;
        int rc;
        while ((rc = jl_next(r, &d)) == 1) {
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(Xapian::Utf8Iterator(d.title, d.title_len));
            tg.index_text(Xapian::Utf8Iterator(d.text, d.text_len));
            std::string id(d.id, d.id_len);
            doc.set_data(id);
            doc.add_boolean_term("Q" + id);
            db.add_document(doc);
            docs++;
            text_bytes += (long long)(d.title_len + d.text_len);
        }
        if (rc < 0)
            return 2;
        db.commit();
        db.close();
        jl_close(r);
        double t1 = bq_now_ns();
        unsigned long long bytes = 0;
        for (const auto &e : std::filesystem::recursive_directory_iterator(dbdir))
            if (e.is_regular_file())
                bytes += e.file_size();
        std::printf("{\"engine\": \"xapian\", \"docs\": %lld, \"text_bytes\": %lld, \"index_ms\": %.0f, "
                    "\"index_bytes\": %llu, \"stopwords\": %s, \"xapian\": \"%s\"}\n",
                    docs, text_bytes, (t1 - t0) / 1e6, bytes, stop ? "true" : "false",
                    Xapian::version_string());
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian_index: %s\n", e.get_description().c_str());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian_index: %s\n", e.what());
        return 2;
    }
    return 0;
}
