import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

/**
 * LuceneIndex: builds a Lucene 8 index of a JSON Lines file.
 *
 *   java LuceneIndex [--ram-mb N] INPUT.jsonl[.gz] INDEX_DIR
 *
 * EnglishAnalyzer (StandardTokenizer, possessives, lowercase, the 33 English
 * stop words, Porter), field "contents" = title + "\n" + text as a TextField
 * (not stored; docs, freqs and positions, norms), "id" as a stored
 * StringField, BM25Similarity(0.9, 0.4), one indexing thread, RAM buffer
 * --ram-mb MB (default 256), SerialMergeScheduler (merges on the indexing
 * thread, so the build uses one thread), default TieredMergePolicy and codec,
 * one commit at the end. Prints one JSON line: documents, UTF-16 chars of
 * title+text, wall time in ms (reading and decompressing the input included,
 * JVM start excluded), the bytes of the files in INDEX_DIR and the segment
 * count.
 */
public final class LuceneIndex {
    public static void main(String[] args) throws Exception {
        double ramMb = 256;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            if (args[i].equals("--ram-mb") && i + 1 < args.length) ramMb = Double.parseDouble(args[++i]);
            else {
                System.err.println("LuceneIndex: unknown option " + args[i]);
                System.exit(2);
            }
        }
        if (args.length - i != 2) {
            System.err.println("usage: LuceneIndex [--ram-mb N] INPUT.jsonl[.gz] INDEX_DIR");
            System.exit(2);
        }
        String input = args[i];
        Path dir = Paths.get(args[i + 1]);
        if (Files.exists(dir)) {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            }
        }

        long t0 = System.nanoTime();
        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        cfg.setSimilarity(new BM25Similarity(0.9f, 0.4f));
        cfg.setRAMBufferSizeMB(ramMb);
        cfg.setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        cfg.setMergeScheduler(new SerialMergeScheduler());
        cfg.setCommitOnClose(false);
        long docs = 0, chars = 0;
        int segments;
        try (FSDirectory fsd = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(fsd, cfg);
             JsonLines in = new JsonLines(input)) {
            Document doc = new Document();
            StringField idField = new StringField("id", "", Field.Store.YES);
            TextField contents = new TextField("contents", "", Field.Store.NO);
            doc.add(idField);
            doc.add(contents);
            while (in.next()) {
                idField.setStringValue(in.id);
                contents.setStringValue(in.title + "\n" + in.text);
                w.addDocument(doc);
                docs++;
                chars += in.title.length() + in.text.length();
            }
            w.commit();
            segments = org.apache.lucene.index.SegmentInfos.readLatestCommit(fsd).size();
        }
        long t1 = System.nanoTime();
        long bytes = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) if (Files.isRegularFile(f)) bytes += Files.size(f);
        }
        System.out.printf(java.util.Locale.ROOT,
            "{\"engine\": \"lucene\", \"docs\": %d, \"text_chars\": %d, \"index_ms\": %.0f, \"index_bytes\": %d, \"segments\": %d, \"lucene\": \"%s\", \"java\": \"%s\"}%n",
            docs, chars, (t1 - t0) / 1e6, bytes, segments, Version.LATEST, System.getProperty("java.version"));
    }
}
