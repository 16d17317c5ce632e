package io.askflow.api.batch;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The uploaded files, in PostgreSQL (ADR 14): a row in {@code batch_files} and the bytes in {@code batch_file_chunks}
 * of {@value #CHUNK_BYTES} bytes each (the last shorter). An upload is read and stored a chunk at a time in one
 * transaction, so a file of any size takes one chunk of memory and is there whole or not at all; a read fetches a
 * chunk at a time from any offset. The only writer of both tables.
 */
@Component
public class BatchFiles {

    /** The size of every stored chunk but a file's last. */
    public static final int CHUNK_BYTES = 1 << 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final BatchProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public BatchFiles(JdbcClient jdbc, TransactionTemplate transactions, BatchProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores {@code content} as a new file of {@code tenant}.
     *
     * @throws FileTooLargeException past {@code askflow.api.batches.max-file-bytes} or {@code max-lines}; nothing
     *                               is stored then
     */
    public BatchFile upload(String tenant, String filename, String purpose, InputStream content) {
        String id = "file-" + HexFormat.of().formatHex(randomBytes());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return transactions.execute(tx -> {
            jdbc.sql("insert into batch_files (id, tenant, filename, purpose, created_at) values (?, ?, ?, ?, ?)")
                    .params(id, tenant, filename, purpose, Timestamp.from(now))
                    .update();
            LineCounter lines = new LineCounter();
            long bytes = 0;
            byte[] chunk = new byte[CHUNK_BYTES];
            int seq = 0;
            while (true) {
                int read = readFully(content, chunk);
                if (read == 0) {
                    break;
                }
                bytes += read;
                if (bytes > properties.maxFileBytes()) {
                    throw FileTooLargeException.bytes(properties.maxFileBytes());
                }
                lines.count(chunk, read);
                if (lines.lines() > properties.maxLines()) {
                    throw FileTooLargeException.lines(properties.maxLines());
                }
                byte[] data = read == chunk.length ? chunk : Arrays.copyOf(chunk, read);
                jdbc.sql("insert into batch_file_chunks (file_id, seq, data) values (?, ?, ?)")
                        .params(id, seq++, data)
                        .update();
            }
            long count = lines.finish();
            jdbc.sql("update batch_files set bytes = ?, line_count = ? where id = ?").params(bytes, count, id).update();
            return new BatchFile(id, tenant, filename, purpose, bytes, count, now);
        });
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    private static int readFully(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload could not be read", e);
        }
    }

    /** The file, if {@code tenant} owns it. */
    public Optional<BatchFile> find(String id, String tenant) {
        return jdbc.sql("select * from batch_files where id = ? and tenant = ?")
                .params(id, tenant)
                .query(BatchFiles::file)
                .optional();
    }

    /** The tenant's files, newest first, {@code limit} at most, those older than {@code after} when given. */
    public List<BatchFile> list(String tenant, String purpose, String after, int limit) {
        return jdbc.sql("""
                        select * from batch_files where tenant = ? and (cast(? as text) is null or purpose = ?)
                          and (cast(? as text) is null or (created_at, id) < (select created_at, id from batch_files where id = ?))
                        order by created_at desc, id desc limit ?""")
                .params(tenant, purpose, purpose, after, after, limit)
                .query(BatchFiles::file)
                .list();
    }

    /** Deletes the file of {@code tenant} unless a batch reads it; whether it was there. */
    public boolean delete(String id, String tenant) {
        return jdbc.sql("""
                        delete from batch_files f where id = ? and tenant = ?
                          and not exists (select 1 from batches b where b.input_file_id = f.id)""")
                .params(id, tenant)
                .update() == 1;
    }

    /** Whether a batch reads the file. */
    public boolean inUse(String id) {
        return jdbc.sql("select exists (select 1 from batches where input_file_id = ?)").param(id)
                .query(Boolean.class).single();
    }

    /** The file's first line that is not blank, with its number (1-based); empty when it has none. */
    Optional<FirstLine> firstLine(String id) {
        try (LineReader lines = new LineReader(open(id, 0), 0, 1)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    return Optional.of(new FirstLine(line, lines.number()));
                }
            }
            return Optional.empty();
        }
    }

    /** A file's first line that is not blank, which decides its format. */
    record FirstLine(String text, long number) {
    }

    /** The file's bytes from {@code offset} on, fetched a chunk at a time as they are read. */
    public InputStream open(String id, long offset) {
        return new ChunkStream(id, offset);
    }

    private static BatchFile file(ResultSet rs, int row) throws SQLException {
        return new BatchFile(rs.getString("id"), rs.getString("tenant"), rs.getString("filename"),
                rs.getString("purpose"), rs.getLong("bytes"), rs.getLong("line_count"),
                rs.getTimestamp("created_at").toInstant());
    }

    /** Reads a stored file chunk by chunk, one query per chunk, holding one chunk. */
    private final class ChunkStream extends InputStream {

        private final String id;
        private int seq;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean ended;

        ChunkStream(String id, long offset) {
            this.id = id;
            this.seq = (int) (offset / CHUNK_BYTES);
            if (fetch()) {
                position = (int) Math.min(offset % CHUNK_BYTES, chunk.length);
            }
        }

        private boolean fetch() {
            List<byte[]> data = jdbc.sql("select data from batch_file_chunks where file_id = ? and seq = ?")
                    .params(id, seq)
                    .query((rs, row) -> rs.getBytes(1))
                    .list();
            if (data.isEmpty()) {
                ended = true;
                chunk = new byte[0];
                return false;
            }
            chunk = data.get(0);
            position = 0;
            seq++;
            return true;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (position >= chunk.length) {
                if (ended || !fetch()) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, buffer, off, n);
            position += n;
            return n;
        }
    }

    /** Counts the lines that are not blank, over the chunks of a file. */
    static final class LineCounter {

        private long lines;
        private boolean content;

        void count(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (content) {
                        lines++;
                    }
                    content = false;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    content = true;
                }
            }
        }

        long lines() {
            return lines;
        }

        long finish() {
            return content ? lines + 1 : lines;
        }
    }
}
