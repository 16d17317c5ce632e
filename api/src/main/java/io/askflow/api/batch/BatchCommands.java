package io.askflow.api.batch;

import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.error.ErrorCode;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creating and cancelling batches. A new batch is checked at once: its file's first line that is not blank must
 * start a known format (JSON Lines, or a CSV header with a question column), else the batch is {@code failed}
 * with that line in its errors; every other line is checked as it is dispatched ({@link BatchDispatcher}).
 */
@Service
public class BatchCommands {

    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,6})([smh])");
    private static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final int MAX_METADATA_PAIRS = 16;

    private final Batches batches;
    private final BatchFiles files;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public BatchCommands(Batches batches, BatchFiles files, Clock clock) {
        this.batches = batches;
        this.files = files;
        this.clock = clock;
    }

    /** Creates a batch of {@code tenant}: in progress, or failed when its file is no batch file. */
    public Batch create(CreateBatchRequest body, String tenant) {
        Duration window = check(body);
        BatchFile file = files.find(body.inputFileId(), tenant)
                .orElseThrow(() -> BatchException.fileNotFound(body.inputFileId()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LineParser parser = null;
        List<Batch.Error> errors = List.of();
        Optional<BatchFiles.FirstLine> first = files.firstLine(file.id());
        if (first.isEmpty()) {
            errors = List.of(new Batch.Error("empty_file", "the file has no line", null, null));
        } else {
            try {
                parser = LineParser.forFirstLine(first.get().text());
            } catch (LineParser.LineException e) {
                long number = first.get().number();
                errors = List.of(new Batch.Error(e.code(), "line " + number + ": " + e.getMessage(), null, number));
            }
        }
        boolean valid = parser != null;
        long total = valid ? file.lineCount() - (parser.hasHeader() ? 1 : 0) : 0;
        Batch batch = new Batch(Batch.newId(idBytes(now)), tenant, file.id(), body.endpoint(), body.completionWindow(),
                valid ? parser.format() : null, valid ? BatchStatus.IN_PROGRESS : BatchStatus.FAILED,
                body.metadata() == null ? Map.of() : body.metadata(), errors, new Batch.Counts(total, 0, 0),
                new Batch.Cursor(1, 0, 1, false),
                new Batch.Times(now, valid ? now : null, now.plus(window), null, null, valid ? null : now, null, null,
                        null));
        batches.insert(batch);
        return batch;
    }

    /** Asks the batch of {@code tenant} to stop: dispatching stops at once, running lines finish. */
    public Batch cancel(String id, String tenant) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!batches.cancel(id, tenant, now)) {
            Batch batch = batches.find(id, tenant).orElseThrow(() -> BatchException.batchNotFound(id));
            if (batch.status().isTerminal()) {
                throw new BatchException(ErrorCode.BATCH_ENDED, "batch " + id + " has ended: " + batch.status().wire());
            }
        }
        return batches.find(id, tenant).orElseThrow(() -> BatchException.batchNotFound(id));
    }

    private static Duration check(CreateBatchRequest body) {
        List<Violation> violations = new ArrayList<>();
        if (body.inputFileId() == null || body.inputFileId().isBlank()) {
            violations.add(new Violation("input_file_id", "is required: the id of an uploaded file"));
        }
        if (!BatchController.ENDPOINT.equals(body.endpoint())) {
            violations.add(new Violation("endpoint", "must be " + BatchController.ENDPOINT + ", was "
                    + body.endpoint()));
        }
        Duration window = window(body.completionWindow());
        if (window == null) {
            violations.add(new Violation("completion_window", "must be a number and s, m or h up to 168h, such as"
                    + " 24h; was " + body.completionWindow()));
        }
        if (body.metadata() != null && body.metadata().size() > MAX_METADATA_PAIRS) {
            violations.add(new Violation("metadata", "has " + body.metadata().size() + " pairs, at most "
                    + MAX_METADATA_PAIRS));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
        return window;
    }

    private static Duration window(String text) {
        Matcher m = text == null ? null : WINDOW.matcher(text);
        if (m == null || !m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return window.compareTo(MAX_WINDOW) > 0 ? null : window;
    }

    /** A time-ordered id: 6 bytes of milliseconds, then 10 random ones. */
    private byte[] idBytes(Instant now) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        long millis = now.toEpochMilli();
        for (int i = 5; i >= 0; i--) {
            bytes[i] = (byte) millis;
            millis >>>= 8;
        }
        return bytes;
    }
}
