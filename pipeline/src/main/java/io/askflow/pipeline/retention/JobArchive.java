package io.askflow.pipeline.retention;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes jobs about to be deleted to files: one gzip JSON-lines file per transaction, named by its time, each line
 * a job's row as PostgreSQL renders it ({@code row_to_json}) with its history under {@code history} and its run's
 * steps under {@code steps}. Written and closed before the delete commits: a delete that fails after it leaves
 * jobs archived twice, never deleted without their archive.
 */
final class JobArchive {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private static final String ROWS = """
            select (to_jsonb(j)
                    || jsonb_build_object('history', coalesce((select jsonb_agg(to_jsonb(h) order by h.at)
                                                               from job_history h where h.job_id = j.id), '[]'))
                    || jsonb_build_object('steps', coalesce((select jsonb_agg(to_jsonb(s) order by s.step_index)
                                                             from run_steps s where s.run_id = j.run_id), '[]'))
                   )::text
            from jobs j where j.id = any(?) order by j.completed_at
            """;

    private final Path directory;
    private final JdbcTemplate jdbc;

    JobArchive(Path directory, JdbcTemplate jdbc) {
        this.directory = directory;
        this.jdbc = jdbc;
    }

    void write(List<UUID> ids, Instant now) {
        Path file = directory.resolve("jobs-" + NAME.format(now) + "-" + ids.get(0) + ".jsonl.gz");
        try {
            Files.createDirectories(directory);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                 Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                jdbc.query(ROWS, rs -> {
                    try {
                        writer.write(rs.getString(1));
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, (Object) ids.toArray(UUID[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not archive " + ids.size() + " jobs to " + file
                    + ": nothing deleted", e);
        }
    }
}
