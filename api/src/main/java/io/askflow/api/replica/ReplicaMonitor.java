package io.askflow.api.replica;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks the replica every {@code interval} on a thread of its own and keeps its last verdict, which reads consult
 * without waiting: usable when it answers and is at most {@code maxLag} behind the primary.
 *
 * <p>The lag is measured on the monitor's own clock, not on the servers': each check notes the primary's WAL position
 * ({@code pg_current_wal_lsn()}) and when it saw it, then asks how far the replica replayed
 * ({@code pg_last_wal_replay_lsn()}). The lag is the age of the oldest position noted that the replica has not
 * replayed yet (0 when it has replayed them all): exact to a check interval, and an idle primary is no lag (where
 * {@code now() - pg_last_xact_replay_timestamp()} would grow without end).
 */
public final class ReplicaMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

    /** The most primary positions remembered (one per check at most): ten minutes of checks a second apart. */
    private static final int MAX_POSITIONS = 600;

    /** Why reads go where they go. */
    public enum State {
        /** Not checked yet: reads go to the primary. */
        STARTING,
        /** Up and close behind: reads go to the replica. */
        IN_USE,
        /** Further behind than allowed: reads go to the primary. */
        LAGGING,
        /** Does not answer (or a read there failed): reads go to the primary. */
        DOWN
    }

    /**
     * The last verdict.
     *
     * @param state      where reads go and why
     * @param lagSeconds how far behind the replica was, or {@code null} when unknown
     * @param detail     the error of a replica that is down, else {@code null}
     * @param checkedAt  when it was decided
     */
    public record Status(State state, Double lagSeconds, String detail, Instant checkedAt) {

        /** Whether reads go to the replica. */
        public boolean usable() {
            return state == State.IN_USE;
        }
    }

    private final JdbcClient primary;
    private final JdbcClient replica;
    private final double maxLagSeconds;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Deque<Position> notReplayed = new ArrayDeque<>();
    private volatile Status status;

    /**
     * A monitor that checks at once, then every {@code interval}.
     *
     * @param primary the primary, asked for its WAL position
     * @param replica the replica, asked how far it replayed
     */
    public ReplicaMonitor(JdbcClient primary, JdbcClient replica, Duration maxLag, Duration interval, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.maxLagSeconds = maxLag.toMillis() / 1000.0;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new Status(State.STARTING, null, null, clock.instant());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "askflow-replica-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last verdict. */
    public Status status() {
        return status;
    }

    /** A read on the replica failed: it counts as down until the next check says otherwise. */
    public void failed(RuntimeException e) {
        change(new Status(State.DOWN, null, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant()));
    }

    /** One check: the primary's WAL position, then how far the replica replayed. */
    void check() {
        try {
            Instant now = clock.instant();
            note(new Position(lsn(primary.sql("select pg_current_wal_lsn()::text").query(String.class).single()), now));
            String replayed = replica.sql("""
                            select case when pg_is_in_recovery() then pg_last_wal_replay_lsn()::text end
                            """).query(String.class).optional().orElse(null);
            // not in recovery: a promoted replica, or the URL names a primary; it has every write
            double lag = lagAt(replayed == null ? Long.MAX_VALUE : lsn(replayed), now);
            change(new Status(lag <= maxLagSeconds ? State.IN_USE : State.LAGGING, lag, null, now));
        }
        catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Notes the primary's position unless it is the one noted last; the oldest notes are the ones kept. */
    private void note(Position position) {
        Position last = notReplayed.peekLast();
        if ((last == null || last.lsn() < position.lsn()) && notReplayed.size() < MAX_POSITIONS) {
            notReplayed.addLast(position);
        }
    }

    /** Forgets the positions the replica replayed; the lag is the age of the oldest one left. */
    private double lagAt(long replayed, Instant now) {
        while (!notReplayed.isEmpty() && notReplayed.peekFirst().lsn() <= replayed) {
            notReplayed.removeFirst();
        }
        Position oldest = notReplayed.peekFirst();
        return oldest == null ? 0 : Duration.between(oldest.seenAt(), now).toMillis() / 1000.0;
    }

    /** A {@code pg_lsn} ({@code 16/B374D848}) as a number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private record Position(long lsn, Instant seenAt) {
    }

    private void change(Status next) {
        Status previous = status;
        status = next;
        if (previous.state() == next.state()) {
            return;
        }
        if (next.usable()) {
            log.info("replica {} (was {}), lag {} s", next.state(), previous.state(), next.lagSeconds());
        }
        else {
            log.warn("replica {} (was {}), reads go to the primary; lag {} s{}", next.state(), previous.state(),
                    next.lagSeconds(), next.detail() == null ? "" : ": " + next.detail());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
