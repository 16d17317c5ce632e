package io.askflow.pipeline.sink;

import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobLifecycle;
import io.askflow.core.job.JobStatus;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.error.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.askflow.pipeline.sink.SqlValues.int4;
import static io.askflow.pipeline.sink.SqlValues.int8;
import static io.askflow.pipeline.sink.SqlValues.text;
import static io.askflow.pipeline.sink.SqlValues.time;
import static io.askflow.pipeline.sink.SqlValues.uuid;

/**
 * {@code askflow.job-events} -> {@code jobs} and {@code job_history}. An event updates its job only
 * when {@link JobLifecycle} allows the move from the row's status and that status is not terminal
 * (so a COMPLETED answer never changes; QUEUED after QUEUED may set source and run id); each applied
 * change adds its {@code job_history} row (on conflict do nothing). A redelivered event changes nothing.
 *
 * <p>A FAILED event with error type {@code RUN_DEADLINE_EXCEEDED} also closes its run in
 * {@code runs}: the pipeline gave the run up, and no result will close it (a late one changes nothing,
 * the first end wins). The run row is upserted FAILED with that error unless it is finished already;
 * runs are locked after the jobs, in run id order like {@link RunsSink}, so the two sinks never deadlock.
 *
 * <p>An event whose job has no row yet is not lost: the records before it are written, and it is
 * handed to the error handler as a {@link SinkFailure.JobRowMissing} (caused by
 * {@link MissingJobException}), which commits the offsets before it and polls it again with back-off
 * for up to {@code askflow.pipeline.sink.missing-job-max-wait} (the row comes from the API or from
 * {@link JobsSink}, whose consumer may lag behind this one).
 */
public final class JobEventsSink {

    static final String NAME = "job-events";

    private static final String APPLY = """
            with changed as (
                update jobs set status = ?, source = coalesce(?, source), run_id = coalesce(?, run_id),
                                answer = coalesce(?, answer), error_type = coalesce(?, error_type),
                                error_message = coalesce(?, error_message),
                                error_attempts = coalesce(?, error_attempts),
                                prompt_tokens = coalesce(?, prompt_tokens),
                                completion_tokens = coalesce(?, completion_tokens),
                                updated_at = ?, completed_at = coalesce(?, completed_at)
                where id = ? and status = any(string_to_array(?, ','))
                returning id, status, source, run_id, updated_at
            )
            insert into job_history (job_id, status, source, run_id, at)
            select id, status, source, run_id, updated_at from changed
            on conflict do nothing
            """;

    private static final String CLOSE_EXPIRED_RUN = """
            insert into runs (id, fingerprint, status, error_type, error_message, finished_at, updated_at)
            values (?, ?, 'FAILED', ?, ?, ?, ?)
            on conflict (id) do update set status = 'FAILED', current_step = null, error_type = excluded.error_type,
                                           error_message = excluded.error_message,
                                           finished_at = excluded.finished_at, updated_at = excluded.updated_at
            where runs.status not in ('COMPLETED', 'FAILED')
            """;

    /** For each target status, the non-terminal statuses a job may leave for it, comma-separated. */
    private static final Map<JobStatus, String> ALLOWED_FROM = allowedFrom();

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final BatchWriter writer;

    public JobEventsSink(JdbcTemplate jdbc, TransactionTemplate transactions, SinkMetrics metrics) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.writer = new BatchWriter(NAME, transactions, metrics);
    }

    private static Map<JobStatus, String> allowedFrom() {
        Map<JobStatus, String> allowed = new EnumMap<>(JobStatus.class);
        for (JobStatus to : JobStatus.values()) {
            allowed.put(to, Arrays.stream(JobStatus.values())
                    .filter(from -> !from.isTerminal() && JobLifecycle.isAllowed(from, to))
                    .map(Enum::name).collect(Collectors.joining(",")));
        }
        return allowed;
    }

    /** Writes one polled batch up to the first event whose job has no row yet. */
    public void write(List<ConsumerRecord<String, JobEvent>> records) {
        List<BatchWriter.Indexed<JobEvent>> events = writer.usable(records, JobEventsSink::problem);
        Set<UUID> existing = existingJobs(events);
        int firstMissing = events.size();
        for (int i = 0; i < events.size(); i++) {
            if (!existing.contains(events.get(i).value().jobId())) {
                firstMissing = i;
                break;
            }
        }
        writer.write(events.subList(0, firstMissing), JobEvent::jobId, this::apply);
        if (firstMissing < events.size()) {
            BatchWriter.Indexed<JobEvent> missing = events.get(firstMissing);
            throw new SinkFailure.JobRowMissing(missing.value().jobId(), missing.index());
        }
    }

    private static String problem(JobEvent event) {
        return event.jobId() == null || event.status() == null ? "a job event needs a job id and a status" : null;
    }

    private Set<UUID> existingJobs(List<BatchWriter.Indexed<JobEvent>> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        Set<UUID> ids = events.stream().map(e -> e.value().jobId()).collect(Collectors.toSet());
        return new HashSet<>(named.queryForList("select id from jobs where id in (:ids)", Map.of("ids", ids),
                UUID.class));
    }

    private void apply(List<BatchWriter.Indexed<JobEvent>> events) {
        jdbc.batchUpdate(APPLY, events.stream().map(JobEventsSink::row).toList());
        closeExpiredRuns(events);
    }

    /** Closes each run the pipeline gave up once, in run id order. */
    private void closeExpiredRuns(List<BatchWriter.Indexed<JobEvent>> events) {
        Map<UUID, Object[]> expired = new TreeMap<>();
        for (BatchWriter.Indexed<JobEvent> indexed : events) {
            if (isRunExpiry(indexed.value())) {
                expired.putIfAbsent(indexed.value().runId(), expiredRunRow(indexed));
            }
        }
        if (!expired.isEmpty()) {
            jdbc.batchUpdate(CLOSE_EXPIRED_RUN, List.copyOf(expired.values()));
        }
    }

    private static boolean isRunExpiry(JobEvent event) {
        return event.status() == JobStatus.FAILED && event.runId() != null && event.fingerprint() != null
                && event.error() != null && event.error().is(ErrorCode.RUN_DEADLINE_EXCEEDED);
    }

    private static Object[] expiredRunRow(BatchWriter.Indexed<JobEvent> indexed) {
        JobEvent event = indexed.value();
        Instant at = at(indexed);
        return new Object[] {uuid(event.runId()), text(event.fingerprint()), text(event.error().type()),
                text(event.error().message()), time(at), time(at)};
    }

    private static Instant at(BatchWriter.Indexed<JobEvent> indexed) {
        return indexed.value().at() != null ? indexed.value().at() : Instant.ofEpochMilli(indexed.record().timestamp());
    }

    private static Object[] row(BatchWriter.Indexed<JobEvent> indexed) {
        JobEvent event = indexed.value();
        Instant at = at(indexed);
        JobError error = event.error();
        TokenUsage tokens = event.tokens();
        return new Object[] {text(event.status().name()), text(event.source() == null ? null : event.source().name()),
                uuid(event.runId()), text(event.answer()), text(error == null ? null : error.type()),
                text(error == null ? null : error.message()), int4(error == null ? null : error.attempts()),
                int8(tokens == null ? null : tokens.promptTokens()),
                int8(tokens == null ? null : tokens.completionTokens()), time(at),
                time(event.status().isTerminal() ? at : null), uuid(event.jobId()),
                text(ALLOWED_FROM.get(event.status()))};
    }
}
