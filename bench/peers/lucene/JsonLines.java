import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * A tiny JSON Lines reader for the Lucene driver: one JSON object per line
 * (.jsonl or .jsonl.gz, by the file's gzip magic), from which the string
 * fields "id", "title" and "text" are kept, escapes decoded; every other
 * field, of any type, is skipped.
 */
final class JsonLines implements Closeable {
    final BufferedReader in;
    final String path;
    long line;
    String id, title, text;
    private String s;
    private int p;
    private final StringBuilder sb = new StringBuilder(1 << 16);

    JsonLines(String path) throws IOException {
        this.path = path;
        InputStream raw = new java.io.BufferedInputStream(new FileInputStream(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        InputStream is = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
        in = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8), 1 << 18);
    }

    /** Reads the next document; false at end of input. */
    boolean next() throws IOException {
        do {
            s = in.readLine();
            if (s == null) return false;
            line++;
            p = 0;
            ws();
        } while (p == s.length());
        id = title = text = null;
        expect('{');
        ws();
        if (peek() != '}') {
            for (;;) {
                ws();
                expect('"');
                String key = str();
                ws();
                expect(':');
                ws();
                if (peek() == '"' && (key.equals("id") || key.equals("title") || key.equals("text"))) {
                    p++;
                    String v = str();
                    if (key.equals("id")) id = v; else if (key.equals("title")) title = v; else text = v;
                } else {
                    skip(0);
                }
                ws();
                char c = peek();
                p++;
                if (c == ',') continue;
                if (c == '}') break;
                throw bad();
            }
        }
        if (id == null) throw new IOException(path + ":" + line + ": no string \"id\"");
        if (title == null) title = "";
        if (text == null) text = "";
        return true;
    }

    private IOException bad() {
        return new IOException(path + ":" + line + ": not a JSON object line (column " + (p + 1) + ")");
    }

    private char peek() throws IOException {
        if (p >= s.length()) throw bad();
        return s.charAt(p);
    }

    private void expect(char c) throws IOException {
        if (peek() != c) throw bad();
        p++;
    }

    private void ws() {
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
            p++;
        }
    }

    /** After the opening quote. */
    private String str() throws IOException {
        sb.setLength(0);
        for (;;) {
            int q = p;
            while (q < s.length()) {
                char c = s.charAt(q);
                if (c == '"' || c == '\\') break;
                q++;
            }
            sb.append(s, p, q);
            p = q;
            char c = peek();
            p++;
            if (c == '"') return sb.toString();
            char e = peek();
            p++;
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (p + 4 > s.length()) throw bad();
                    try {
                        sb.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw bad();
                    }
                    p += 4;
                    break;
                default: throw bad();
            }
        }
    }

    private void skip(int depth) throws IOException {
        if (depth > 512) throw bad();
        ws();
        char c = peek();
        if (c == '"') {
            p++;
            str();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            p++;
            ws();
            if (peek() == close) { p++; return; }
            for (;;) {
                ws();
                if (c == '{') {
                    expect('"');
                    str();
                    ws();
                    expect(':');
                }
                skip(depth + 1);
                ws();
                char d = peek();
                p++;
                if (d == ',') continue;
                if (d == close) return;
                throw bad();
            }
        } else {
            while (p < s.length()) {
                char d = s.charAt(p);
                if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t') break;
                p++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
