package io.askflow.core.store;

import io.askflow.core.job.JobEventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.askflow.core.store.SqlValues.int4;
import static io.askflow.core.store.SqlValues.int8;
import static io.askflow.core.store.SqlValues.text;
import static io.askflow.core.store.SqlValues.time;
import static io.askflow.core.store.SqlValues.uuid;
import static io.askflow.core.store.WebhookEndpointStore.instant;

/**
 * The one writer of {@code webhook_deliveries} and {@code webhook_attempts}: every webhook delivery (one per job
 * event and receiver; its id is the {@code webhook-id} header, the same on every attempt) and each attempt made.
 * The table is the schedule (docs/adr/0008): a PENDING delivery is due at {@code next_attempt_at}; dispatchers
 * {@link #claimDue claim} due deliveries with {@code for update skip locked} and a lease, so several dispatchers
 * never send one delivery at once and a dead dispatcher's claims come back when the lease ends; each attempt is
 * {@link #recordAttempt recorded} with the outcome that moves the delivery on (DELIVERED, FAILED, or PENDING again
 * at its next time). Each method is one or two statements; the caller may wrap them in a transaction.
 */
public final class DeliveryStore {

    /** A delivery's status. */
    public enum DeliveryStatus {
        /** Due at {@code next_attempt_at} (at once when new or redelivered). */
        PENDING,
        /** A 2xx came back. */
        DELIVERED,
        /** Out of attempts, refused by the address guard, or the receiver answered 410 Gone. */
        FAILED
    }

    /**
     * A delivery to create, due at once.
     *
     * @param id         the {@code webhook-id}, deterministic per event and receiver so that a redelivered job event
     *                   creates nothing twice
     * @param jobId      the job whose event it reports
     * @param endpointId the registered endpoint it goes to, or {@code null} for the job's own webhook
     * @param url        the receiver's URL
     * @param eventType  the event
     * @param payload    the exact body that is signed and sent
     * @param createdAt  when it was created, and due
     */
    public record NewDelivery(String id, UUID jobId, UUID endpointId, String url, JobEventType eventType,
                              String payload, Instant createdAt) {

        public NewDelivery {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * A delivery a dispatcher claimed, to send.
     *
     * @param id               the {@code webhook-id}
     * @param jobId            the job
     * @param endpointId       the registered endpoint, or {@code null} for the job's own webhook
     * @param url              the receiver's URL
     * @param receiver         the URL's host and port, the key of the per-receiver concurrency bound
     * @param eventType        the event
     * @param payload          the body to sign and send
     * @param attempts         the attempts made so far; the next one is number {@code attempts + 1}
     * @param scheduleAttempts the attempts made since the retry schedule (re)started (a redeliver starts it over)
     * @param createdAt        when the delivery was created
     */
    public record Delivery(String id, UUID jobId, UUID endpointId, String url, String receiver,
                           JobEventType eventType, String payload, int attempts, int scheduleAttempts,
                           Instant createdAt) {

        /** The number of the attempt about to be made. */
        public int nextAttempt() {
            return attempts + 1;
        }
    }

    /**
     * One attempt to deliver.
     *
     * @param number     1 for the first attempt, then 2, ...: {@link Delivery#nextAttempt()} of the claimed delivery
     * @param at         when it started
     * @param statusCode the receiver's HTTP status, or {@code null} when none came (refused, timeout, ...)
     * @param latencyMs  how long it took
     * @param error      what went wrong, or {@code null} on success
     */
    public record Attempt(int number, Instant at, Integer statusCode, long latencyMs, String error) {
    }

    /**
     * Where an attempt leaves its delivery.
     *
     * @param status        DELIVERED, FAILED, or PENDING to try again
     * @param nextAttemptAt when PENDING: the next attempt's time; otherwise {@code null}
     */
    public record DeliveryOutcome(DeliveryStatus status, Instant nextAttemptAt) {

        public DeliveryOutcome {
            Objects.requireNonNull(status, "status");
            if ((status == DeliveryStatus.PENDING) != (nextAttemptAt != null)) {
                throw new IllegalArgumentException("a next attempt time goes with PENDING, and only with it");
            }
        }

        /** A 2xx came back. */
        public static DeliveryOutcome delivered() {
            return new DeliveryOutcome(DeliveryStatus.DELIVERED, null);
        }

        /** No more attempts. */
        public static DeliveryOutcome failed() {
            return new DeliveryOutcome(DeliveryStatus.FAILED, null);
        }

        /** Try again at {@code at}. */
        public static DeliveryOutcome retryAt(Instant at) {
            return new DeliveryOutcome(DeliveryStatus.PENDING, Objects.requireNonNull(at, "at"));
        }
    }

    /**
     * A delivery as a reader sees it.
     *
     * @param id             the {@code webhook-id}
     * @param jobId          the job
     * @param endpointId     the registered endpoint, or {@code null} for the job's own webhook
     * @param url            the receiver's URL
     * @param eventType      the event
     * @param status         PENDING, DELIVERED or FAILED
     * @param attemptCount   attempts made
     * @param nextAttemptAt  when PENDING, the next attempt's time; otherwise {@code null}
     * @param lastStatusCode the last attempt's HTTP status, or {@code null}
     * @param lastError      the last attempt's error (for FAILED: why it failed), or {@code null}
     * @param createdAt      when it was created
     * @param updatedAt      its last change
     * @param deliveredAt    when a 2xx came back, or {@code null}
     * @param attempts       every attempt, first first
     */
    public record DeliveryView(String id, UUID jobId, UUID endpointId, String url, JobEventType eventType,
                               DeliveryStatus status, int attemptCount, Instant nextAttemptAt,
                               Integer lastStatusCode, String lastError, Instant createdAt, Instant updatedAt,
                               Instant deliveredAt, List<AttemptView> attempts) {

        public DeliveryView {
            attempts = List.copyOf(attempts);
        }

        /** This delivery with these attempts. */
        public DeliveryView withAttempts(List<AttemptView> shown) {
            return new DeliveryView(id, jobId, endpointId, url, eventType, status, attemptCount, nextAttemptAt,
                    lastStatusCode, lastError, createdAt, updatedAt, deliveredAt, shown);
        }
    }

    /**
     * One attempt as a reader sees it.
     *
     * @param attempt    its number, from 1
     * @param at         when it started
     * @param statusCode the receiver's HTTP status, or {@code null} when none came
     * @param latencyMs  how long it took
     * @param error      what went wrong, or {@code null}
     */
    public record AttemptView(int attempt, Instant at, Integer statusCode, long latencyMs, String error) {
    }

    private static final String INSERT = """
            insert into webhook_deliveries (id, job_id, endpoint_id, url, receiver, event_type, payload, status,
                                            attempts, next_attempt_at, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
            on conflict (id) do nothing
            """;

    /**
     * Due deliveries, at most {@code perReceiver} per receiver less those the dispatcher is sending to it already
     * (the earliest due of each), receivers taking turns; locked with skip locked so that concurrent claims take
     * different rows. The receivers with PENDING deliveries are found by skipping through the index on
     * {@code (receiver, next_attempt_at)} (a recursive loose index scan), and each one's earliest due deliveries by a
     * short range of it: a claim costs per receiver, not per due delivery, so a slow receiver's backlog of due
     * deliveries does not make every claim slower.
     */
    private static final String CLAIM = """
            with recursive receivers (receiver) as (
                (select receiver from webhook_deliveries where status = 'PENDING' order by receiver limit 1)
                union all
                select (select d.receiver from webhook_deliveries d
                        where d.status = 'PENDING' and d.receiver > r.receiver order by d.receiver limit 1)
                from receivers r where r.receiver is not null
            ), sending as (
                select receiver, count from unnest(string_to_array(?, ' '), string_to_array(?, ' ')::int[])
                    as s (receiver, count)
            ), ranked as (
                select due.id, due.next_attempt_at, due.turn + coalesce(s.count, 0) as turn
                from receivers r
                left join sending s on s.receiver = r.receiver
                cross join lateral (
                    select d.id, d.next_attempt_at, row_number() over (order by d.next_attempt_at, d.id) as turn
                    from webhook_deliveries d
                    where d.status = 'PENDING' and d.receiver = r.receiver and d.next_attempt_at <= ?
                      and (d.claimed_until is null or d.claimed_until <= ?)
                    order by d.next_attempt_at, d.id
                    limit greatest(? - coalesce(s.count, 0), 0)
                ) due
                where r.receiver is not null
            ), picked as (
                select id from ranked order by turn, next_attempt_at, id limit ?
            ), locked as (
                select d.id from webhook_deliveries d
                where d.id in (select id from picked) and d.status = 'PENDING'
                  and (d.claimed_until is null or d.claimed_until <= ?)
                for update skip locked
            )
            update webhook_deliveries d set claimed_until = ?
            from locked where d.id = locked.id
            returning d.id, d.job_id, d.endpoint_id, d.url, d.receiver, d.event_type, d.payload, d.attempts,
                      d.schedule_from, d.created_at
            """;

    private static final String RECORD = """
            with changed as (
                update webhook_deliveries
                set status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
                    updated_at = ?, delivered_at = coalesce(?, delivered_at), claimed_until = null
                where id = ? and status = 'PENDING' and attempts = ?
                returning id
            )
            insert into webhook_attempts (delivery_id, attempt, at, status_code, latency_ms, error)
            select id, ?, ?, ?, ?, ? from changed
            on conflict do nothing
            """;

    private static final String VIEW_COLUMNS = "id, job_id, endpoint_id, url, event_type, status, attempts,"
            + " next_attempt_at, last_status_code, last_error, created_at, updated_at, delivered_at";

    private final JdbcTemplate jdbc;

    public DeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Creates the deliveries that do not exist yet (by id): a redelivered job event creates nothing twice. */
    public void create(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, deliveries.stream().map(d -> new Object[] {text(d.id()), uuid(d.jobId()),
                uuid(d.endpointId()), text(d.url()), text(receiver(d.url())), text(d.eventType().wireName()),
                text(d.payload()), time(d.createdAt()), time(d.createdAt()), time(d.createdAt())}).toList());
    }

    /**
     * Claims up to {@code limit} due deliveries (PENDING, {@code next_attempt_at <= now}, not claimed by another
     * dispatcher) for {@code lease}: until {@code now + lease} no other claim takes them, after it they come back
     * (their dispatcher died). Recording an attempt ends the claim.
     */
    public List<Delivery> claimDue(int limit, Instant now, Duration lease) {
        return claimDue(limit, Integer.MAX_VALUE, Map.of(), now, lease);
    }

    /**
     * Claims like {@link #claimDue(int, Instant, Duration)}, at most {@code perReceiver} per receiver less the
     * deliveries the caller is sending to it already ({@code sending}: receiver to count), the earliest due of each,
     * receivers taking turns: one receiver's backlog never fills a claim, and a receiver with no free slot gets none.
     */
    public List<Delivery> claimDue(int limit, int perReceiver, Map<String, Integer> sending, Instant now,
                                   Duration lease) {
        if (limit <= 0 || perReceiver <= 0) {
            return List.of();
        }
        List<String> receivers = new ArrayList<>(sending.keySet());
        String counts = receivers.stream().map(r -> String.valueOf(sending.get(r))).collect(Collectors.joining(" "));
        return jdbc.query(CLAIM, DELIVERY, text(String.join(" ", receivers)), text(counts), time(now), time(now),
                int4(perReceiver), int4(limit), time(now), time(now.plus(lease)));
    }

    /** Ends the claims on deliveries a dispatcher took but will not send now: they are due again at once. */
    public void release(Collection<String> deliveryIds) {
        if (!deliveryIds.isEmpty()) {
            jdbc.update("update webhook_deliveries set claimed_until = null where id = any(string_to_array(?, ' '))",
                    text(String.join(" ", deliveryIds)));
        }
    }

    /**
     * Records an attempt on a claimed delivery and moves it to {@code outcome}: status, next attempt, last status
     * code and error, and the delivery time on DELIVERED; the claim ends.
     *
     * @return {@code false} when nothing was recorded: the delivery is gone (its endpoint was deleted), no longer
     *         PENDING, or another attempt with that number was recorded already (a claim whose lease ran out)
     */
    public boolean recordAttempt(String deliveryId, Attempt attempt, DeliveryOutcome outcome) {
        boolean delivered = outcome.status() == DeliveryStatus.DELIVERED;
        return jdbc.update(RECORD, text(outcome.status().name()), int4(attempt.number()), time(outcome.nextAttemptAt()),
                int4(attempt.statusCode()), text(attempt.error()), time(attempt.at()),
                time(delivered ? attempt.at() : null), text(deliveryId), int4(attempt.number() - 1),
                int4(attempt.number()), time(attempt.at()), int4(attempt.statusCode()), int8(attempt.latencyMs()),
                text(attempt.error())) > 0;
    }

    /** Fails a PENDING delivery without an attempt (e.g. its endpoint was disabled meanwhile); the claim ends. */
    public boolean fail(String deliveryId, String reason, Instant now) {
        return jdbc.update("update webhook_deliveries set status = 'FAILED', next_attempt_at = null, last_error = ?,"
                + " updated_at = ?, claimed_until = null where id = ? and status = 'PENDING'", text(reason),
                time(now), text(deliveryId)) > 0;
    }

    /**
     * The job's deliveries with their attempts, in the order they were created. The deliveries are read first and
     * each keeps the attempts its row counts, so a view never shows a status without the attempt that set it.
     */
    public List<DeliveryView> forJob(UUID jobId) {
        List<DeliveryView> deliveries = jdbc.query("select " + VIEW_COLUMNS + " from webhook_deliveries where job_id = ?"
                + " order by created_at, id", (rs, row) -> view(rs, List.of()), uuid(jobId));
        Map<String, List<AttemptView>> attempts = new LinkedHashMap<>();
        jdbc.query("select a.delivery_id, a.attempt, a.at, a.status_code, a.latency_ms, a.error"
                + " from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.job_id = ?"
                + " order by a.delivery_id, a.attempt", rs -> {
                    attempts.computeIfAbsent(rs.getString("delivery_id"), id -> new ArrayList<>()).add(attempt(rs));
                }, uuid(jobId));
        return deliveries.stream().map(delivery -> delivery.withAttempts(attempts.getOrDefault(delivery.id(), List.of())
                .stream().filter(attempt -> attempt.attempt() <= delivery.attemptCount()).toList())).toList();
    }

    /**
     * Sends a delivery again: PENDING, due at {@code now}, its retry schedule started over; its attempts are kept and
     * its {@code webhook-id} stays. A delivery being sent at this moment finishes that attempt first.
     *
     * @return the delivery, or empty when the job has no delivery {@code deliveryId}
     */
    public Optional<DeliveryView> redeliver(UUID jobId, String deliveryId, Instant now) {
        int changed = jdbc.update("update webhook_deliveries set status = 'PENDING', next_attempt_at = ?,"
                + " schedule_from = attempts, updated_at = ? where id = ? and job_id = ?", time(now), time(now),
                text(deliveryId), uuid(jobId));
        if (changed == 0) {
            return Optional.empty();
        }
        return forJob(jobId).stream().filter(view -> view.id().equals(deliveryId)).findFirst();
    }

    /** How many deliveries are in each status (every status present, 0 when none). */
    public Map<DeliveryStatus, Long> countByStatus() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("select status, count(*) from webhook_deliveries group by status",
                rs -> {
                    counts.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    /** How many deliveries are PENDING (due now or later, or being sent). */
    public long countPending() {
        Long count = jdbc.queryForObject("select count(*) from webhook_deliveries where status = 'PENDING'",
                Long.class);
        return count == null ? 0 : count;
    }

    /**
     * The receiver key of a URL: its host and port in lower case ({@code hooks.example.com:443}), the port being the
     * scheme's default when the URL names none.
     */
    public static String receiver(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost() == null ? String.valueOf(uri.getRawAuthority()) : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static final RowMapper<Delivery> DELIVERY = (rs, row) -> new Delivery(rs.getString("id"),
            rs.getObject("job_id", UUID.class), rs.getObject("endpoint_id", UUID.class), rs.getString("url"),
            rs.getString("receiver"), eventType(rs.getString("event_type")), rs.getString("payload"),
            rs.getInt("attempts"), rs.getInt("attempts") - rs.getInt("schedule_from"), instant(rs, "created_at"));

    private static DeliveryView view(ResultSet rs, List<AttemptView> attempts) throws SQLException {
        return new DeliveryView(rs.getString("id"), rs.getObject("job_id", UUID.class),
                rs.getObject("endpoint_id", UUID.class), rs.getString("url"), eventType(rs.getString("event_type")),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                integer(rs, "last_status_code"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "delivered_at"), attempts);
    }

    private static AttemptView attempt(ResultSet rs) throws SQLException {
        return new AttemptView(rs.getInt("attempt"), instant(rs, "at"), integer(rs, "status_code"),
                rs.getLong("latency_ms"), rs.getString("error"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static JobEventType eventType(String wireName) {
        return JobEventType.named(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown webhook event type " + wireName));
    }
}
