package io.askflow.pipeline.sweep;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.step.TokenUsage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finds the jobs that nothing will end any more and the event that ends each (reads only; the events go to
 * {@code askflow.job-events}, whose sink is the one writer of the rows).
 *
 * <ul>
 *   <li>A job still QUEUED or RUNNING whose run ended more than the grace ago missed its event (a record skipped,
 *       an event refused): when another job of the same run is COMPLETED, it is completed with that answer (a run
 *       has one answer); else it fails with the run's own error, or {@code RUN_ENDED_WITHOUT_JOB}.</li>
 *   <li>A job that has not changed for longer than the maximum age fails {@code JOB_TIMED_OUT}: whatever was
 *       to answer it (a lost record, a role stalled for a day) will not.</li>
 * </ul>
 */
final class StuckJobs {

    private static final String ORPHANS_OF_ENDED_RUNS = """
            select j.id, j.fingerprint, j.source, j.run_id, r.status as run_status, r.error_type, r.error_message,
                   a.answer, a.prompt_tokens, a.completion_tokens
            from jobs j
            join runs r on r.id = j.run_id
            left join lateral (
                select s.answer, s.prompt_tokens, s.completion_tokens from jobs s
                where s.run_id = j.run_id and s.status = 'COMPLETED' and s.answer is not null limit 1
            ) a on true
            where j.status in ('QUEUED', 'RUNNING') and r.status in ('COMPLETED', 'FAILED') and r.finished_at < ?
            order by r.finished_at
            limit ?
            """;

    private static final String TOO_OLD = """
            select id, fingerprint, source, run_id from jobs
            where status in ('QUEUED', 'RUNNING') and updated_at < ?
            order by updated_at
            limit ?
            """;

    private final JdbcTemplate jdbc;

    StuckJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The events that end the jobs whose run ended before {@code endedBefore}, at most {@code limit}. */
    List<JobEvent> ofEndedRuns(Instant endedBefore, int limit, Instant now) {
        return jdbc.query(ORPHANS_OF_ENDED_RUNS, (rs, n) -> orphanEvent(rs, now), Timestamp.from(endedBefore), limit);
    }

    /** The events that end the jobs unchanged since before {@code changedBefore}, at most {@code limit}. */
    List<JobEvent> tooOld(Instant changedBefore, Duration maxAge, int limit, Instant now) {
        return jdbc.query(TOO_OLD, (rs, n) -> JobEvent.failed(id(rs), rs.getString("fingerprint"), source(rs),
                rs.getObject("run_id", UUID.class), ErrorCode.JOB_TIMED_OUT.error("not answered within " + maxAge
                        + " of its last change; " + ErrorCode.JOB_TIMED_OUT.advice(), 0), now),
                Timestamp.from(changedBefore), limit);
    }

    private static JobEvent orphanEvent(ResultSet rs, Instant now) throws SQLException {
        UUID runId = rs.getObject("run_id", UUID.class);
        String answer = rs.getString("answer");
        if (answer != null) {
            Long prompt = (Long) rs.getObject("prompt_tokens");
            TokenUsage tokens = prompt == null ? null : new TokenUsage(prompt, rs.getLong("completion_tokens"));
            return JobEvent.completed(id(rs), rs.getString("fingerprint"), source(rs), runId, answer, tokens, now);
        }
        String errorType = rs.getString("error_type");
        ErrorCode code = ErrorCode.RUN_ENDED_WITHOUT_JOB;
        String message = errorType == null
                ? "run " + runId + " ended " + rs.getString("run_status") + " without an answer for this job; "
                        + code.advice()
                : rs.getString("error_message");
        return JobEvent.failed(id(rs), rs.getString("fingerprint"), source(rs), runId,
                new JobError(errorType == null ? code.name() : errorType, message, 0), now);
    }

    private static UUID id(ResultSet rs) throws SQLException {
        return rs.getObject("id", UUID.class);
    }

    private static JobSource source(ResultSet rs) throws SQLException {
        String source = rs.getString("source");
        return source == null ? null : JobSource.valueOf(source);
    }
}
