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
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns batch lines into jobs, on every api instance. Each tick an instance claims running batches with a lease
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}; a dead instance's batch is taken over once its lease ran out) and, per
 * batch, tops its open jobs (QUEUED or RUNNING) up to {@code askflow.api.batches.max-open-jobs} with its next lines.
 * Every line goes through {@link SubmitJob} (cache, coalescing and dedup apply) in the batch lane, under a job id
 * derived from the batch id and the line number, in one transaction (of up to {@value #GROUP} lines) with its
 * {@code batch_lines} row and the move of the batch's cursor: a line is dispatched once, and a dispatch repeated
 * after a crash makes the same job.
 * It also ends batches: completed when every line's job ended, expired past the completion window, cancelled once
 * a cancelled batch's running lines ended.
 */
@Component
public class BatchDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    /** Lines dispatched in one transaction: one commit and one cursor move for them all. */
    static final int GROUP = 50;

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
                finish(batch, BatchStatus.CANCELLED, now);
                log.info("batch {} cancelled", batch.id());
            }
            return 0;
        }
        if (!now.isBefore(batch.times().expiresAt())) {
            finish(batch, BatchStatus.EXPIRED, now);
            log.info("batch {} expired with {} jobs open", batch.id(), open);
            return 0;
        }
        if (cursor.dispatchDone()) {
            if (open == 0) {
                finish(batch, BatchStatus.COMPLETED, now);
                log.info("batch {} completed", batch.id());
            }
            return 0;
        }
        return dispatch(batch, (int) Math.max(0, properties.maxOpenJobs() - open));
    }

    private void finish(Batch batch, BatchStatus status, Instant now) {
        transactions.executeWithoutResult(tx -> batches.finish(batch.id(), status, now));
    }

    /** Dispatches up to {@code room} lines of the batch from its cursor on, {@value #GROUP} per transaction. */
    private int dispatch(Batch batch, int room) {
        if (room == 0) {
            return 0;
        }
        FileStart start = start(batch);
        Batch.Cursor cursor = batch.cursor();
        int dispatched = 0;
        try (LineReader lines = new LineReader(files.open(batch.inputFileId(), cursor.nextOffset()),
                cursor.nextOffset(), cursor.nextLine())) {
            boolean ended = false;
            while (dispatched < room && !ended) {
                List<Pending> group = new ArrayList<>();
                int jobs = 0;
                while (group.size() < GROUP && dispatched + jobs < room) {
                    String line = lines.next();
                    if (line == null) {
                        ended = true;
                        break;
                    }
                    boolean job = !line.isBlank() && lines.number() != start.headerLine();
                    group.add(new Pending(line, lines.number(), lines.offset(), job));
                    jobs += job ? 1 : 0;
                }
                if (!group.isEmpty() && !step(batch, start.parser(), group)) {
                    return dispatched; // cancelled or taken over: not one line more
                }
                dispatched += jobs;
            }
            if (ended) {
                batches.dispatchDone(batch.id(), owner);
            }
        }
        return dispatched;
    }

    /** A line read and not yet dispatched: its text, number, the offset after it, whether it is a job. */
    private record Pending(String text, long number, long nextOffset, boolean job) {
    }

    /** The parser of the batch's file, and the number of its header line (0: none). */
    private FileStart start(Batch batch) {
        BatchFiles.FirstLine first = files.firstLine(batch.inputFileId())
                .orElseThrow(() -> new IllegalStateException("batch " + batch.id() + " has an empty file"));
        LineParser parser = LineParser.forFirstLine(first.text());
        return new FileStart(parser, parser.hasHeader() ? first.number() : 0);
    }

    private record FileStart(LineParser parser, long headerLine) {
    }

    /**
     * Moves the cursor past a group of lines and dispatches those that are jobs, in one transaction: false when the
     * batch is no longer this instance's to dispatch.
     */
    private boolean step(Batch batch, LineParser parser, List<Pending> group) {
        Instant leaseUntil = clock.instant().plus(properties.lease());
        Pending last = group.get(group.size() - 1);
        Boolean moved = transactions.execute(tx -> {
            if (!batches.advance(batch.id(), owner, last.number() + 1, last.nextOffset(), leaseUntil)) {
                return false;
            }
            for (Pending line : group) {
                if (line.job()) {
                    dispatchLine(batch, parser, line.text(), line.number());
                }
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
