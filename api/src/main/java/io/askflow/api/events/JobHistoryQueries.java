package io.askflow.api.events;

import io.askflow.api.replica.ReadRoute;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.run.RunProgress;
import io.askflow.core.step.TokenUsage;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What PostgreSQL knows of a job's events, for a stream to replay: its history ({@code job_history}, QUEUED and
 * RUNNING), its end from its row (COMPLETED with the answer and tokens, FAILED with the error) and its run's latest
 * progress ({@code runs}). Read only, through the {@link ReadRoute} (the replica when usable; a job it does not have
 * yet is asked of the primary); the tables' writers are core's {@code JobStore} and the pipeline's sinks.
 */
public class JobHistoryQueries {

    private final ReadRoute route;

    public JobHistoryQueries(ReadRoute route) {
        this.route = route;
    }

    /** The job's stored events and its run's progress, or empty when no job has this id. */
    public Optional<StoredJob> find(UUID jobId) {
        return route.readFresh(jdbc -> find(jdbc, jobId));
    }

    private static Optional<StoredJob> find(JdbcClient jdbc, UUID jobId) {
        List<HistoryRow> history = jdbc.sql("""
                        select status, source, run_id, at from job_history
                        where job_id = ? and status in ('QUEUED', 'RUNNING')
                        """)
                .param(jobId)
                .query((rs, n) -> new HistoryRow(JobStatus.valueOf(rs.getString("status")), source(rs),
                        rs.getObject("run_id", UUID.class), instant(rs, "at")))
                .list();
        return jdbc.sql("""
                        select j.fingerprint, j.status, j.source, j.run_id, j.answer, j.error_type, j.error_message,
                               j.error_attempts, j.prompt_tokens, j.completion_tokens, j.updated_at, j.completed_at,
                               r.steps_done, r.steps_total, r.current_step, r.updated_at as run_updated_at
                        from jobs j left join runs r on r.id = j.run_id
                        where j.id = ?
                        """)
                .param(jobId)
                .query((rs, n) -> stored(jobId, history, rs))
                .optional();
    }

    /** Whether a job has this id. */
    public boolean exists(UUID jobId) {
        return route.existsFresh(jdbc -> jdbc.sql("select exists (select 1 from jobs where id = ?)").param(jobId)
                .query(Boolean.class).single());
    }

    /**
     * QUEUED and RUNNING from the history (a QUEUED row written at the submit has no source and run yet: the row's
     * are used), the end from the row, which holds the answer or the error.
     */
    private static StoredJob stored(UUID jobId, List<HistoryRow> history, ResultSet rs) throws SQLException {
        String fingerprint = rs.getString("fingerprint");
        JobSource source = source(rs);
        UUID runId = rs.getObject("run_id", UUID.class);
        List<JobEvent> events = new ArrayList<>();
        for (HistoryRow row : history) {
            events.add(new JobEvent(jobId, fingerprint, row.status(), row.source() != null ? row.source() : source,
                    row.runId() != null ? row.runId() : runId, null, null, null, row.at()));
        }
        JobStatus status = JobStatus.valueOf(rs.getString("status"));
        if (status.isTerminal()) {
            Instant at = instant(rs, "completed_at");
            events.add(new JobEvent(jobId, fingerprint, status, source, runId, rs.getString("answer"), error(rs),
                    tokens(rs), at != null ? at : instant(rs, "updated_at")));
        }
        Integer stepsTotal = (Integer) rs.getObject("steps_total");
        RunProgress progress = stepsTotal == null ? null : new RunProgress(runId, fingerprint, rs.getInt("steps_done"),
                stepsTotal, rs.getString("current_step"), null, instant(rs, "run_updated_at"));
        return new StoredJob(runId, events, progress);
    }

    private static JobSource source(ResultSet rs) throws SQLException {
        String source = rs.getString("source");
        return source == null ? null : JobSource.valueOf(source);
    }

    private static JobError error(ResultSet rs) throws SQLException {
        String type = rs.getString("error_type");
        return type == null ? null : new JobError(type, rs.getString("error_message"), rs.getInt("error_attempts"));
    }

    private static TokenUsage tokens(ResultSet rs) throws SQLException {
        Long prompt = (Long) rs.getObject("prompt_tokens");
        return prompt == null ? null : new TokenUsage(prompt, rs.getLong("completion_tokens"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record HistoryRow(JobStatus status, JobSource source, UUID runId, Instant at) {
    }

    /**
     * A job's events as stored.
     *
     * @param runId    the run that answers it, once known
     * @param events   its statuses in the order they came, the end with its answer or error
     * @param progress its run's latest progress, when a worker reported one
     */
    public record StoredJob(UUID runId, List<JobEvent> events, RunProgress progress) {
    }
}
