package io.askflow.api.batch;

import io.askflow.core.json.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A batch's output and error files, made as they are downloaded, in input order, one line per input line in
 * OpenAI's format: the output file holds every line whose job completed, the error file every other line: lines
 * that could not be jobs, failed jobs, and, for an expired or cancelled batch, the lines not answered by then
 * ({@code batch_expired}, {@code batch_cancelled}: marked so when it ended, or never dispatched).
 * The lines' rows are read through a cursor and the input lines not dispatched from the stored file, so a file of
 * any size takes constant memory.
 */
@Component
public class BatchResults {

    /** The id of a batch's output file: this and the batch id's hex digits. */
    static final String OUTPUT_PREFIX = "file-output-";
    /** The id of a batch's error file: this and the batch id's hex digits. */
    static final String ERRORS_PREFIX = "file-errors-";

    private final JdbcTemplate cursor;
    private final TransactionTemplate transactions;
    private final BatchFiles files;

    public BatchResults(DataSource dataSource, TransactionTemplate transactions, BatchFiles files) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(1000); // PostgreSQL streams in a transaction only
        this.transactions = transactions;
        this.files = files;
    }

    /** Whether the id names a batch's output file (rather than its error file). */
    static boolean isOutput(String fileId) {
        return fileId.startsWith(OUTPUT_PREFIX);
    }

    /** The batch id a result file id names, or {@code null} when it names an uploaded file. */
    static String batchIdOf(String fileId) {
        if (fileId.startsWith(OUTPUT_PREFIX)) {
            return "batch_" + fileId.substring(OUTPUT_PREFIX.length());
        }
        if (fileId.startsWith(ERRORS_PREFIX)) {
            return "batch_" + fileId.substring(ERRORS_PREFIX.length());
        }
        return null;
    }

    /** Writes the batch's output file ({@code output}) or error file to {@code out}. */
    void write(Batch batch, boolean output, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        String unanswered = batch.status() == BatchStatus.CANCELLED ? "batch_cancelled" : "batch_expired";
        transactions.executeWithoutResult(tx -> cursor.query("""
                        select bl.line, bl.custom_id, bl.job_id, bl.error_code, bl.error_message, j.status, j.answer,
                          j.model, j.error_type, j.error_message as job_error, j.prompt_tokens, j.completion_tokens,
                          j.completed_at
                        from batch_lines bl left join jobs j on j.id = bl.job_id
                        where bl.batch_id = ? order by bl.line""",
                rs -> {
                    Map<String, Object> line = output ? outputLine(rs) : errorLine(rs, unanswered);
                    if (line != null) {
                        print(writer, line);
                    }
                }, batch.id()));
        if (!output && batch.status() != BatchStatus.COMPLETED) {
            writeUndispatched(batch, unanswered, writer);
        }
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> outputLine(ResultSet rs) throws SQLException {
        if (rs.getString("error_code") != null || !"COMPLETED".equals(rs.getString("status"))) {
            return null;
        }
        UUID jobId = rs.getObject("job_id", UUID.class);
        long prompt = rs.getLong("prompt_tokens");
        long completion = rs.getLong("completion_tokens");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", rs.getString("answer"));
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-" + hex(jobId));
        body.put("object", "chat.completion");
        body.put("created", rs.getTimestamp("completed_at").toInstant().getEpochSecond());
        body.put("model", rs.getString("model") == null ? "askflow" : rs.getString("model"));
        body.put("choices", java.util.List.of(choice));
        body.put("usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion,
                "total_tokens", prompt + completion));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status_code", 200);
        response.put("request_id", jobId.toString());
        response.put("body", body);
        return line(jobId, rs.getString("custom_id"), response, null);
    }

    private static Map<String, Object> errorLine(ResultSet rs, String unanswered) throws SQLException {
        long number = rs.getLong("line");
        String customId = rs.getString("custom_id");
        UUID jobId = rs.getObject("job_id", UUID.class);
        if (rs.getString("error_code") != null) {
            return line(jobId, customId, null, error(rs.getString("error_code"), rs.getString("error_message"),
                    number));
        }
        String status = rs.getString("status");
        if ("COMPLETED".equals(status)) {
            return null;
        }
        if ("FAILED".equals(status)) {
            String type = rs.getString("error_type");
            return line(jobId, customId, null, error(type == null ? "failed" : type.toLowerCase(Locale.ROOT),
                    rs.getString("job_error"), number));
        }
        return line(jobId, customId, null, error(unanswered, unansweredMessage(unanswered), number));
    }

    /** What the error file says of a line the batch did not answer before it ended. */
    static String unansweredMessage(String code) {
        return "not answered before the batch " + ("batch_cancelled".equals(code) ? "was cancelled" : "expired");
    }

    /** The input lines the batch never dispatched, each as not answered. */
    private void writeUndispatched(Batch batch, String code, Writer writer) {
        Batch.Cursor at = batch.cursor();
        BatchFiles.FirstLine first = files.firstLine(batch.inputFileId()).orElse(null);
        LineParser parser = first == null ? null : parserOrNull(first.text());
        if (parser == null || at.dispatchDone()) {
            return;
        }
        long header = parser.hasHeader() ? first.number() : 0;
        try (LineReader lines = new LineReader(files.open(batch.inputFileId(), at.nextOffset()), at.nextOffset(),
                at.nextLine())) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank() && lines.number() != header) {
                    print(writer, line(null, parser.customIdOf(line, lines.number()), null, error(code,
                            unansweredMessage(code), lines.number())));
                }
            }
        }
    }

    private static LineParser parserOrNull(String firstLine) {
        try {
            return LineParser.forFirstLine(firstLine);
        } catch (LineParser.LineException e) {
            return null;
        }
    }

    private static Map<String, Object> line(UUID jobId, String customId, Map<String, Object> response,
                                            Map<String, Object> error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", "batch_req_" + (jobId == null ? UUID.randomUUID().toString().replace("-", "") : hex(jobId)));
        line.put("custom_id", customId);
        line.put("response", response);
        line.put("error", error);
        return line;
    }

    private static Map<String, Object> error(String code, String message, long line) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("line", line);
        return error;
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    private static void print(Writer writer, Map<String, Object> line) {
        try {
            writer.write(Json.MAPPER.writeValueAsString(line));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
