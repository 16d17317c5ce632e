package io.askflow.api.batch;

import io.askflow.core.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one writer of {@code batches} and {@code batch_lines}. A running batch's counts are read from its lines' jobs
 * (on the lines' primary key and the jobs' primary key); they are fixed in the row when it ends.
 */
@Component
public class Batches {

    private static final String ACTIVE = "('validating', 'in_progress', 'finalizing', 'cancelling')";

    private final JdbcClient jdbc;

    public Batches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new batch. */
    void insert(Batch batch) {
        Batch.Times t = batch.times();
        jdbc.sql("""
                        insert into batches (id, tenant, input_file_id, endpoint, completion_window, format, status,
                          metadata, errors, total, created_at, in_progress_at, expires_at, failed_at)
                        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, ?)""")
                .params(batch.id(), batch.tenant(), batch.inputFileId(), batch.endpoint(), batch.completionWindow(),
                        batch.format() == null ? null : batch.format().name(), batch.status().wire(),
                        Json.MAPPER.writeValueAsString(batch.metadata()),
                        batch.errors().isEmpty() ? null : Json.MAPPER.writeValueAsString(batch.errors()),
                        batch.counts().total(), ts(t.createdAt()), ts(t.inProgressAt()), ts(t.expiresAt()),
                        ts(t.failedAt()))
                .update();
    }

    /** The batch of {@code tenant}, its counts live while it runs. */
    Optional<Batch> find(String id, String tenant) {
        return jdbc.sql("select * from batches where id = ? and tenant = ?").params(id, tenant)
                .query(Batches::batch).optional().map(this::withLiveCounts);
    }

    /** The batch, whoever owns it, as stored. */
    Optional<Batch> load(String id) {
        return jdbc.sql("select * from batches where id = ?").param(id).query(Batches::batch).optional();
    }

    /** The tenant's batches, newest first, after the batch {@code after} when given. */
    List<Batch> list(String tenant, String after, int limit) {
        return jdbc.sql("select * from batches where tenant = ? and (cast(? as text) is null or id < ?)"
                        + " order by id desc limit ?")
                .params(tenant, after, after, limit)
                .query(Batches::batch).list().stream().map(this::withLiveCounts).toList();
    }

    /** Asks the batch to stop: whether it was validating or in progress (now cancelling). */
    boolean cancel(String id, String tenant, Instant now) {
        return jdbc.sql("update batches set status = 'cancelling', cancelling_at = ? where id = ? and tenant = ?"
                        + " and status in ('validating', 'in_progress')")
                .params(ts(now), id, tenant).update() == 1;
    }

    /**
     * Claims up to {@code limit} running batches for {@code owner} until {@code now + lease}: those nobody holds,
     * those whose holder's lease ran out, and those {@code owner} holds already. Rows another instance is claiming
     * are skipped.
     */
    List<String> claim(String owner, Instant now, Duration lease, int limit) {
        return jdbc.sql("update batches set lease_owner = ?, lease_until = ? where id in ("
                        + " select id from batches where status in " + ACTIVE
                        + " and (lease_until is null or lease_until < ? or lease_owner = ?)"
                        + " order by created_at limit ? for update skip locked) returning id")
                .params(owner, ts(now.plus(lease)), ts(now), owner, limit)
                .query(String.class).list();
    }

    /**
     * Moves the dispatch cursor past a line, in the line's transaction, while {@code owner} holds the batch and it
     * is in progress; false when not (cancelled, or taken over): the line must not be dispatched then.
     */
    boolean advance(String id, String owner, long nextLine, long nextOffset, Instant leaseUntil) {
        return jdbc.sql("update batches set next_line = ?, next_offset = ?, lease_until = ? where id = ?"
                        + " and lease_owner = ? and status = 'in_progress'")
                .params(nextLine, nextOffset, ts(leaseUntil), id, owner).update() == 1;
    }

    /** Records that every line was read. */
    void dispatchDone(String id, String owner) {
        jdbc.sql("update batches set dispatch_done = true where id = ? and lease_owner = ?").params(id, owner).update();
    }

    /** A line that became a job; false when the batch has another line with this custom_id. */
    boolean jobLine(String batchId, long line, String customId, UUID jobId) {
        return jdbc.sql("insert into batch_lines (batch_id, line, custom_id, job_id) values (?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(batchId, line, customId, jobId).update() == 1;
    }

    /** A line that could not become a job, and why. */
    void errorLine(String batchId, long line, String customId, String code, String message) {
        jdbc.sql("""
                        insert into batch_lines (batch_id, line, custom_id, error_code, error_message)
                        values (?, ?, ?, ?, ?)
                        on conflict (batch_id, line) do update set job_id = null, error_code = excluded.error_code,
                          error_message = excluded.error_message""")
                .params(batchId, line, customId, code, message).update();
    }

    /**
     * The batch's jobs QUEUED or RUNNING from line {@code floor} on, and the first line that has one; moves the
     * batch's floor there, so the next count starts there.
     */
    long openJobs(String id, long floor, long nextLine) {
        Map<String, Object> open = jdbc.sql("""
                        select count(*) as open, min(bl.line) as first from batch_lines bl join jobs j on j.id = bl.job_id
                        where bl.batch_id = ? and bl.line >= ? and j.status in ('QUEUED', 'RUNNING')""")
                .params(id, floor).query().singleRow();
        long count = ((Number) open.get("open")).longValue();
        long first = open.get("first") == null ? nextLine : ((Number) open.get("first")).longValue();
        if (first != floor) {
            jdbc.sql("update batches set open_floor = ? where id = ?").params(first, id).update();
        }
        return count;
    }

    /**
     * Ends the batch in {@code status} at {@code now}. An expired or cancelled batch's lines whose job is still
     * QUEUED or RUNNING are marked {@code batch_expired} or {@code batch_cancelled} first, so the counts fixed here
     * (completed: lines whose job completed; failed: all others) and the files made later agree, whenever the job
     * ends. Call in one transaction.
     */
    void finish(String id, BatchStatus status, Instant now) {
        String at = switch (status) {
            case COMPLETED -> "completed_at";
            case EXPIRED -> "expired_at";
            case CANCELLED -> "cancelled_at";
            default -> throw new IllegalArgumentException("a batch does not end " + status.wire());
        };
        if (status != BatchStatus.COMPLETED) {
            String code = status == BatchStatus.EXPIRED ? "batch_expired" : "batch_cancelled";
            jdbc.sql("update batch_lines bl set error_code = :code, error_message = :message from jobs j"
                            + " where j.id = bl.job_id and bl.batch_id = :id and bl.error_code is null"
                            + " and j.status in ('QUEUED', 'RUNNING')")
                    .param("code", code).param("message", BatchResults.unansweredMessage(code)).param("id", id)
                    .update();
        }
        jdbc.sql("with done as (select count(*) as n from batch_lines bl join jobs j on j.id = bl.job_id"
                        + "   where bl.batch_id = :id and bl.error_code is null and j.status = 'COMPLETED')"
                        + " update batches set status = :status, " + at + " = :now,"
                        + " finalizing_at = case when :status = 'completed' then :now else finalizing_at end,"
                        + " lease_owner = null, lease_until = null, completed = done.n, failed = total - done.n"
                        + " from done where id = :id")
                .param("id", id).param("now", ts(now)).param("status", status.wire())
                .update();
    }

    private Batch withLiveCounts(Batch batch) {
        if (batch.status().isTerminal()) {
            return batch;
        }
        Map<String, Object> counts = jdbc.sql("""
                        select count(*) filter (where j.status = 'COMPLETED') as completed,
                               count(*) filter (where bl.error_code is not null or j.status = 'FAILED') as failed
                        from batch_lines bl left join jobs j on j.id = bl.job_id where bl.batch_id = ?""")
                .param(batch.id()).query().singleRow();
        return new Batch(batch.id(), batch.tenant(), batch.inputFileId(), batch.endpoint(), batch.completionWindow(),
                batch.format(), batch.status(), batch.metadata(), batch.errors(),
                new Batch.Counts(batch.counts().total(), ((Number) counts.get("completed")).longValue(),
                        ((Number) counts.get("failed")).longValue()), batch.cursor(), batch.times());
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        String format = rs.getString("format");
        String errors = rs.getString("errors");
        return new Batch(rs.getString("id"), rs.getString("tenant"), rs.getString("input_file_id"),
                rs.getString("endpoint"), rs.getString("completion_window"),
                format == null ? null : BatchFormat.valueOf(format), BatchStatus.of(rs.getString("status")),
                Json.MAPPER.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() { }),
                errors == null ? List.of()
                        : Json.MAPPER.readValue(errors, new TypeReference<List<Batch.Error>>() { }),
                new Batch.Counts(rs.getLong("total"), rs.getLong("completed"), rs.getLong("failed")),
                new Batch.Cursor(rs.getLong("next_line"), rs.getLong("next_offset"), rs.getLong("open_floor"),
                        rs.getBoolean("dispatch_done")),
                new Batch.Times(at(rs, "created_at"), at(rs, "in_progress_at"), at(rs, "expires_at"),
                        at(rs, "finalizing_at"), at(rs, "completed_at"), at(rs, "failed_at"), at(rs, "expired_at"),
                        at(rs, "cancelling_at"), at(rs, "cancelled_at")));
    }

    private static Instant at(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
