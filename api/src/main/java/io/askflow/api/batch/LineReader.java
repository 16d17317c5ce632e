package io.askflow.api.batch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file's lines as UTF-8 from a byte offset, counting lines and bytes, so that a reader stopped after any
 * line can start again there. A line longer than {@value #MAX_LINE_BYTES} bytes is cut (and then fails to parse).
 */
final class LineReader implements Closeable {

    /** The longest line kept whole. */
    static final int MAX_LINE_BYTES = 4 << 20;

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long offset;
    private long number;

    /**
     * @param in     the bytes from {@code offset} on
     * @param offset where {@code in} starts in the file
     * @param number the number of the line that starts there (1-based)
     */
    LineReader(InputStream in, long offset, long number) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.offset = offset;
        this.number = number - 1;
    }

    /** The next line without its end of line, or {@code null} at the end of the file. */
    String next() {
        line.reset();
        try {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            while (b >= 0) {
                offset++;
                if (b == '\n') {
                    break;
                }
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                }
                b = in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        number++;
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** The byte offset after the last line read: where the next one starts. */
    long offset() {
        return offset;
    }

    /** The number of the last line read (1-based). */
    long number() {
        return number;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
