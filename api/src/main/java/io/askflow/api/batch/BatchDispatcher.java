package io.askflow.api.batch;

import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.JobNotAcceptedException;
import io.askflow.api.job.NewJob;
import io.askflow.api.job.SubmitJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns batch lines into jobs, on every api instance. Each tick an instance claims running batches with a lease
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}; a dead instance's batch is taken over once its lease ran out) and, per
 * batch, tops its open jobs (QUEUED or RUNNING) up to {@code askflow.api.batches.max-open-jobs} with its next lines.
 * Every line goes through {@link SubmitJob} (cache, coalescing and dedup apply) in the batch lane, under a job id
 * derived from the batch id and the line number, in one transaction with its {@code batch_lines} row and the move
 * of the batch's cursor: a line is dispatched once, and a dispatch repeated after a crash makes the same job.
 * It also ends batches: completed when every line's job ended, expired past the completion window, cancelled once
 * a cancelled batch's running lines ended.
 */
@Component
public class BatchDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    private final Batches batches;
    private final BatchFiles files;
    private final SubmitJob submitJob;
    private final TransactionTemplate transactions;
    private final BatchProperties properties;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();

    public BatchDispatcher(Batches batches, BatchFiles files, SubmitJob submitJob, TransactionTemplate transactions,
                           BatchProperties properties, Clock clock) {
        this.batches = batches;
        this.files = files;
        this.submitJob = submitJob;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${askflow.api.batches.tick:200ms}")
    void scheduled() {
        try {
            tick();
        } catch (DataAccessException e) {
            log.warn("batches not dispatched, next try in {}: {}", properties.tick(), e.toString());
        }
    }

    /** One pass over the batches this instance may hold: how many lines it dispatched. */
    public int tick() {
        int dispatched = 0;
        for (String id : batches.claim(owner, clock.instant(), properties.lease(), properties.batchesPerTick())) {
            try {
                dispatched += work(batches.load(id).orElseThrow());
            } catch (JobNotAcceptedException e) {
                log.warn("batch {}: a line was not accepted, next try in {}: {}", id, properties.tick(),
                        e.getMessage());
            }
        }
        return dispatched;
    }

    private int work(Batch batch) {
        Instant now = clock.instant();
        Batch.Cursor cursor = batch.cursor();
        long open = batches.openJobs(batch.id(), cursor.openFloor(), cursor.nextLine());
        if (batch.status() == BatchStatus.CANCELLING) {
            if (open == 0) {
                batches.finish(batch.id(), BatchStatus.CANCELLED, now);
                log.info("batch {} cancelled", batch.id());
            }
            return 0;
        }
        if (!now.isBefore(batch.times().expiresAt())) {
            batches.finish(batch.id(), BatchStatus.EXPIRED, now);
            log.info("batch {} expired with {} jobs open", batch.id(), open);
            return 0;
        }
        if (cursor.dispatchDone()) {
            if (open == 0) {
                batches.finish(batch.id(), BatchStatus.COMPLETED, now);
                log.info("batch {} completed", batch.id());
            }
            return 0;
        }
        return dispatch(batch, (int) Math.max(0, properties.maxOpenJobs() - open));
    }

    /** Dispatches up to {@code room} lines of the batch from its cursor on. */
    private int dispatch(Batch batch, int room) {
        if (room == 0) {
            return 0;
        }
        FileStart start = start(batch);
        Batch.Cursor cursor = batch.cursor();
        int dispatched = 0;
        try (LineReader lines = new LineReader(files.open(batch.inputFileId(), cursor.nextOffset()),
                cursor.nextOffset(), cursor.nextLine())) {
            while (dispatched < room) {
                String line = lines.next();
                if (line == null) {
                    batches.dispatchDone(batch.id(), owner);
                    break;
                }
                boolean job = !line.isBlank() && lines.number() != start.headerLine();
                if (!step(batch, start.parser(), line, lines.number(), lines.offset(), job)) {
                    break; // cancelled or taken over: not one line more
                }
                dispatched += job ? 1 : 0;
            }
        }
        return dispatched;
    }

    /** The parser of the batch's file, and the number of its header line (0: none). */
    private FileStart start(Batch batch) {
        try (LineReader lines = new LineReader(files.open(batch.inputFileId(), 0), 0, 1)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    LineParser parser = LineParser.forFirstLine(line);
                    return new FileStart(parser, parser.hasHeader() ? lines.number() : 0);
                }
            }
        }
        throw new IllegalStateException("batch " + batch.id() + " has an empty file");
    }

    private record FileStart(LineParser parser, long headerLine) {
    }

    /**
     * Moves the cursor past one line and, when it is a job, dispatches it, in one transaction: false when the
     * batch is no longer this instance's to dispatch.
     */
    private boolean step(Batch batch, LineParser parser, String line, long number, long nextOffset, boolean job) {
        Instant leaseUntil = clock.instant().plus(properties.lease());
        Boolean moved = transactions.execute(tx -> {
            if (!batches.advance(batch.id(), owner, number + 1, nextOffset, leaseUntil)) {
                return false;
            }
            if (job) {
                dispatchLine(batch, parser, line, number);
            }
            return true;
        });
        return Boolean.TRUE.equals(moved);
    }

    private void dispatchLine(Batch batch, LineParser parser, String text, long number) {
        LineParser.Line line;
        try {
            line = parser.parse(text, number);
        } catch (LineParser.LineException e) {
            batches.errorLine(batch.id(), number, null, e.code(), e.getMessage());
            return;
        }
        UUID jobId = jobId(batch.id(), number);
        if (!batches.jobLine(batch.id(), number, line.customId(), jobId)) {
            batches.errorLine(batch.id(), number, line.customId(), "duplicate_custom_id",
                    "custom_id " + line.customId() + " was used by an earlier line: each line needs its own");
            return;
        }
        try {
            submitJob.submitBatchLine(withBatch(line, batch), batch.tenant(), jobId);
        } catch (InvalidJobRequestException e) {
            batches.errorLine(batch.id(), number, line.customId(), "invalid_request", e.getMessage());
        }
    }

    /** The job of the line, its metadata naming the batch and the custom_id. */
    private static NewJob withBatch(LineParser.Line line, Batch batch) {
        NewJob job = line.job();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (job.metadata() != null) {
            metadata.putAll(job.metadata());
        }
        metadata.putIfAbsent("batch_id", batch.id());
        metadata.putIfAbsent("custom_id", line.customId());
        return new NewJob(job.question(), job.model(), job.chain(), job.options(), job.cacheMode(),
                job.cacheTtlSeconds(), metadata, job.webhook());
    }

    /** The job id of a batch's line: the same whoever dispatches it, however often. */
    static UUID jobId(String batchId, long line) {
        return UUID.nameUUIDFromBytes((batchId + "/" + line).getBytes(StandardCharsets.UTF_8));
    }
}
