import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;

/**
 * LuceneSearch: times ranked searches on an index built by LuceneIndex.
 *
 *   java LuceneSearch [-k K] [--passes N] [--run FILE] [--latencies FILE]
 *                     [--warmup W] [--raw] [--count] INDEX_DIR QUERIES.tsv
 *
 * Each query "qid<TAB>text" is lowercased (so that AND/OR/NOT are words, not
 * operators), escaped with QueryParser.escape (so that nothing is syntax) and
 * parsed once, before timing, by a classic QueryParser on "contents" with the
 * same EnglishAnalyzer and the default operator OR: a ranked OR of its terms.
 * IndexSearcher over a DirectoryReader on FSDirectory.open (MMapDirectory),
 * one thread, BM25Similarity(0.9, 0.4), query cache off. Timed region:
 * System.nanoTime() around searcher.search(query, k) only. W untimed warm
 * passes (default 1), then N timed passes (default 3); per query the best
 * latency counts.
 * Prints one JSON line (p50/p95/p99 by nearest rank, mean in µs, qps =
 * 1e6/mean). --latencies writes qid<TAB>best_us<TAB>hits; --run writes a TREC
 * run (qid Q0 docid rank score lucene) from one more, untimed, pass.
 *
 * --raw: the query text is parsed as it is, in the classic QueryParser
 * syntax (not lowercased, not escaped; default operator OR), so that
 * "money laundering" is a PhraseQuery and +money +laundering a conjunction
 * (bench/phrase_and.sh). --count: no timing; prints qid<TAB>N per query,
 * N = IndexSearcher.count(query), the exact number of matching documents.
 */
public final class LuceneSearch {
    public static void main(String[] args) throws Exception {
        int k = 10, passes = 3, warmup = 1;
        String runPath = null, latPath = null;
        boolean raw = false, count = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            if (args[i].equals("-k") && i + 1 < args.length) k = Integer.parseInt(args[++i]);
            else if (args[i].equals("--passes") && i + 1 < args.length) passes = Integer.parseInt(args[++i]);
            else if (args[i].equals("--run") && i + 1 < args.length) runPath = args[++i];
            else if (args[i].equals("--latencies") && i + 1 < args.length) latPath = args[++i];
            else if (args[i].equals("--warmup") && i + 1 < args.length) warmup = Integer.parseInt(args[++i]);
            else if (args[i].equals("--raw")) raw = true;
            else if (args[i].equals("--count")) count = true;
            else {
                System.err.println("LuceneSearch: unknown option " + args[i]);
                System.exit(2);
            }
        }
        if (args.length - i != 2 || k < 1 || passes < 1 || warmup < 0) {
            System.err.println("usage: LuceneSearch [-k K] [--passes N] [--run FILE] [--latencies FILE] [--warmup W] [--raw] [--count] INDEX_DIR QUERIES.tsv");
            System.exit(2);
        }
        List<String> qids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Paths.get(args[i + 1]), StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty()) continue;
                int tab = line.indexOf('\t');
                if (tab < 0) throw new IOException(args[i + 1] + ":" + n + ": expected qid<TAB>text");
                qids.add(line.substring(0, tab));
                texts.add(line.substring(tab + 1));
            }
        }
        int nq = qids.size();
        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        QueryParser qp = new QueryParser("contents", analyzer);
        qp.setDefaultOperator(QueryParser.Operator.OR);
        Query[] queries = new Query[nq];
        for (int j = 0; j < nq; j++)
            queries[j] = raw ? qp.parse(texts.get(j))
                             : qp.parse(QueryParser.escape(texts.get(j).toLowerCase(Locale.ROOT)));

        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(Paths.get(args[i])))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity(0.9f, 0.4f));
            searcher.setQueryCache(null);
            if (count) {
                for (int j = 0; j < nq; j++)
                    System.out.printf(Locale.ROOT, "%s\t%d%n", qids.get(j), searcher.count(queries[j]));
                return;
            }
            double[] best = new double[nq];
            int[] hits = new int[nq];
            for (int pass = 1 - warmup; pass <= passes; pass++) {
                for (int j = 0; j < nq; j++) {
                    long t0 = System.nanoTime();
                    TopDocs td = searcher.search(queries[j], k);
                    long t1 = System.nanoTime();
                    if (pass <= 0) continue; // warm passes
                    double us = (t1 - t0) / 1e3;
                    if (pass == 1 || us < best[j]) best[j] = us;
                    hits[j] = td.scoreDocs.length;
                }
            }
            long totalHits = 0;
            for (int h : hits) totalHits += h;
            double[] v = best.clone();
            Arrays.sort(v);
            double sum = 0;
            for (double x : v) sum += x;
            double mean = nq > 0 ? sum / nq : 0;
            System.out.printf(Locale.ROOT,
                "{\"engine\": \"lucene\", \"queries\": %d, \"k\": %d, \"passes\": %d, \"hits\": %d, "
                + "\"mean_us\": %.1f, \"p50_us\": %.1f, \"p95_us\": %.1f, \"p99_us\": %.1f, \"max_us\": %.1f, \"qps\": %.1f}%n",
                nq, k, passes, totalHits, mean, pct(v, 50), pct(v, 95), pct(v, 99),
                nq > 0 ? v[nq - 1] : 0.0, mean > 0 ? 1e6 / mean : 0.0);
            if (latPath != null) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Paths.get(latPath), StandardCharsets.UTF_8))) {
                    for (int j = 0; j < nq; j++)
                        w.printf(Locale.ROOT, "%s\t%.3f\t%d%n", qids.get(j), best[j], hits[j]);
                }
            }
            if (runPath != null) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Paths.get(runPath), StandardCharsets.UTF_8))) {
                    for (int j = 0; j < nq; j++) {
                        TopDocs td = searcher.search(queries[j], k);
                        int rank = 0;
                        for (ScoreDoc sd : td.scoreDocs)
                            w.printf(Locale.ROOT, "%s Q0 %s %d %.6f lucene%n", qids.get(j),
                                searcher.doc(sd.doc).get("id"), ++rank, sd.score);
                    }
                }
            }
        }
    }

    /** Nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n). */
    static double pct(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) return 0;
        int r = (int) Math.ceil(p / 100.0 * n);
        if (r < 1) r = 1;
        if (r > n) r = n;
        return sorted[r - 1];
    }
}
