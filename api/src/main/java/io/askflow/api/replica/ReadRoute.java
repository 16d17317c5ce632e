package io.askflow.api.replica;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the API's reads go (ADR 18): to the read replica while its {@link ReplicaMonitor} finds it up and close
 * behind, to the primary otherwise, and to the primary as well when a read on the replica fails. A read by id that
 * the replica does not answer ({@link #readFresh}) is asked of the primary again: a job just accepted is never a 404
 * (invariant 2), whatever the replica's lag. Without a replica every read goes to the primary.
 *
 * <p>Metrics: {@code askflow.replica.reads} by {@code target} (replica, primary), {@code askflow.replica.bypassed}
 * by {@code reason} (STARTING, LAGGING, DOWN: reads sent to the primary although a replica is configured),
 * {@code askflow.replica.fallbacks} (reads by id the replica did not have, asked of the primary), and the gauges
 * {@code askflow.replica.lag} (seconds) and {@code askflow.replica.usable} (1 or 0).
 */
public final class ReadRoute implements AutoCloseable {

    private final JdbcClient primary;
    private final JdbcClient replica;
    private final ReplicaMonitor monitor;
    private final AutoCloseable replicaPool;
    private final MeterRegistry meters;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private final Counter fallbacks;

    /**
     * A route to a replica.
     *
     * @param replicaPool closed with the route
     */
    public ReadRoute(JdbcClient primary, JdbcClient replica, ReplicaMonitor monitor, AutoCloseable replicaPool,
                     MeterRegistry meters) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.replica = replica;
        this.monitor = monitor;
        this.replicaPool = replicaPool;
        this.meters = meters;
        this.replicaReads = Counter.builder("askflow.replica.reads").tag("target", "replica")
                .description("API reads served by the read replica").register(meters);
        this.primaryReads = Counter.builder("askflow.replica.reads").tag("target", "primary")
                .description("API reads served by the primary").register(meters);
        this.fallbacks = Counter.builder("askflow.replica.fallbacks")
                .description("Reads by id the replica did not answer, asked of the primary again").register(meters);
        if (monitor != null) {
            Gauge.builder("askflow.replica.lag", monitor, m -> lagOf(m.status())).baseUnit("seconds")
                    .description("How far the read replica was behind the primary at the last check").register(meters);
            Gauge.builder("askflow.replica.usable", monitor, m -> m.status().usable() ? 1 : 0)
                    .description("1 while reads go to the read replica, 0 while they go to the primary")
                    .register(meters);
        }
    }

    /** Every read to the primary: no replica configured. */
    public static ReadRoute primaryOnly(JdbcClient primary, MeterRegistry meters) {
        return new ReadRoute(primary, null, null, null, meters);
    }

    /** A read that may see the replica's slightly older state (lists, usage, history). */
    public <T> T read(Function<JdbcClient, T> query) {
        if (!toReplica()) {
            return onPrimary(query);
        }
        try {
            T result = query.apply(replica);
            replicaReads.increment();
            return result;
        }
        catch (DataAccessException e) {
            monitor.failed(e);
            bypassed(ReplicaMonitor.State.DOWN);
            return onPrimary(query);
        }
    }

    /**
     * A read by id of something that may have been written an instant ago: when the replica answers empty, the
     * primary is asked too.
     */
    public <T> Optional<T> readFresh(Function<JdbcClient, Optional<T>> query) {
        if (!toReplica()) {
            return onPrimary(query);
        }
        Optional<T> result;
        try {
            result = query.apply(replica);
            replicaReads.increment();
        }
        catch (DataAccessException e) {
            monitor.failed(e);
            bypassed(ReplicaMonitor.State.DOWN);
            return onPrimary(query);
        }
        if (result.isPresent()) {
            return result;
        }
        fallbacks.increment();
        return onPrimary(query);
    }

    /** Whether something exists, asked like {@link #readFresh}: a "no" from the replica is checked on the primary. */
    public boolean existsFresh(Function<JdbcClient, Boolean> query) {
        return readFresh(jdbc -> Optional.of(query.apply(jdbc)).filter(Boolean::booleanValue)).isPresent();
    }

    /** The route in Actuator's health: always UP (the primary answers the reads), with where reads go and why. */
    public Health health() {
        if (monitor == null) {
            return Health.up().withDetail("configured", false).build();
        }
        ReplicaMonitor.Status status = monitor.status();
        Health.Builder health = Health.up().withDetail("configured", true).withDetail("state", status.state())
                .withDetail("reads", status.usable() ? "replica" : "primary")
                .withDetail("checkedAt", status.checkedAt().toString());
        if (status.lagSeconds() != null) {
            health.withDetail("lagSeconds", status.lagSeconds());
        }
        if (status.detail() != null) {
            health.withDetail("error", status.detail());
        }
        return health.build();
    }

    private boolean toReplica() {
        if (monitor == null) {
            return false;
        }
        ReplicaMonitor.State state = monitor.status().state();
        if (state == ReplicaMonitor.State.IN_USE) {
            return true;
        }
        bypassed(state);
        return false;
    }

    private <T> T onPrimary(Function<JdbcClient, T> query) {
        T result = query.apply(primary);
        primaryReads.increment();
        return result;
    }

    private void bypassed(ReplicaMonitor.State reason) {
        meters.counter("askflow.replica.bypassed", "reason", reason.name()).increment();
    }

    private static double lagOf(ReplicaMonitor.Status status) {
        return status.lagSeconds() == null ? Double.NaN : status.lagSeconds();
    }

    @Override
    public void close() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        if (replicaPool != null) {
            replicaPool.close();
        }
    }
}
