package io.askflow.api.idempotency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The table {@code idempotency_keys}: per tenant and key, the first request's hash and answer (the id it created
 * and its status code) until {@code expires_at}. Its one writer. Every call runs on the caller's transaction.
 */
@Repository
public class IdempotencyKeys {

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the transaction's advisory lock on (tenant, key) if no other transaction holds it: the lock ends with
     * the transaction, so a crashed request leaves nothing locked. The lock is on a 64-bit hash of the two.
     *
     * @return whether this transaction holds it now
     */
    public boolean tryLock(String tenant, String key) {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended(?, 0))")
                .param(tenant + "\n" + key)
                .query(Boolean.class)
                .single());
    }

    /** The first answer of a key that has not expired at {@code now}. */
    public Optional<Stored> find(String tenant, String key, Instant now) {
        return jdbc.sql("select request_hash, job_id, status_code from idempotency_keys"
                        + " where tenant = ? and key = ? and expires_at > ?")
                .params(tenant, key, Timestamp.from(now))
                .query((rs, row) -> new Stored(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3)))
                .optional();
    }

    /** Stores the first answer of a key, in place of an expired row of the same key if there is one. */
    public void save(String tenant, String key, Stored answer, Instant now, Instant expiresAt) {
        jdbc.sql("insert into idempotency_keys (tenant, key, request_hash, job_id, status_code, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant, key) do update set"
                        + " request_hash = excluded.request_hash, job_id = excluded.job_id,"
                        + " status_code = excluded.status_code, created_at = excluded.created_at,"
                        + " expires_at = excluded.expires_at")
                .params(tenant, key, answer.requestHash(), answer.resourceId(), answer.statusCode(),
                        Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
    }

    /**
     * Deletes at most {@code limit} rows expired at {@code now}, skipping rows another instance is deleting.
     *
     * @return how many were deleted
     */
    public int deleteExpired(Instant now, int limit) {
        return jdbc.sql("delete from idempotency_keys where ctid = any(array(select ctid from idempotency_keys"
                        + " where expires_at <= ? limit ? for update skip locked))")
                .params(Timestamp.from(now), limit)
                .update();
    }

    /**
     * A key's first answer.
     *
     * @param requestHash the first request's {@link RequestHash}
     * @param resourceId  what it created (a job's id)
     * @param statusCode  the status code it was answered with
     */
    public record Stored(String requestHash, UUID resourceId, int statusCode) {
    }
}
