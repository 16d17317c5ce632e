package io.askflow.workers.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the task consumer.
 *
 * <ul>
 *   <li>{@value #TASKS_RUNNING} (gauge): tasks taken and holding a slot now; {@value #TASKS_CAPACITY} (gauge):
 *       the most at once, the sum of the Ollama slots</li>
 *   <li>{@value #READ_AHEAD} (gauge): tasks read ahead of the free slots, waiting for one; {@value #TASKS_WAITING}
 *       (gauge, tenant): those of each tenant; {@value #TASKS_STARTED} (counter, tenant): tasks given a slot, per
 *       tenant, so that the share each tenant gets can be read off</li>
 *   <li>{@value #PARTITIONS_ASSIGNED} and {@value #PARTITIONS_PAUSED} (gauges): partitions of
 *       {@code askflow.tasks} assigned to this worker, and paused because every slot and the read-ahead are
 *       taken</li>
 *   <li>{@value #PARTITIONS_REVOKED} (counter; how = {@code revoked} / {@code lost}): partitions taken away by
 *       rebalances; stays 0 while the group is stable, however long the calls</li>
 *   <li>{@value #TASKS_INTERRUPTED} (counter): tasks stopped because their partition went away or the worker
 *       stopped; their next owner resumes them from the checkpoints</li>
 *   <li>{@value #TASKS_UNPUBLISHED} (counter): tasks whose result and dead letter Kafka both refused; each is run
 *       again after a pause, its offset uncommitted meanwhile</li>
 * </ul>
 */
public final class ConsumerMetrics {

    public static final String TASKS_RUNNING = "askflow.workers.tasks.running";
    public static final String TASKS_CAPACITY = "askflow.workers.tasks.capacity";
    public static final String PARTITIONS_ASSIGNED = "askflow.workers.partitions.assigned";
    public static final String PARTITIONS_PAUSED = "askflow.workers.partitions.paused";
    public static final String PARTITIONS_REVOKED = "askflow.workers.partitions.revoked";
    public static final String TASKS_INTERRUPTED = "askflow.workers.tasks.interrupted";
    public static final String READ_AHEAD = "askflow.workers.read-ahead.size";
    public static final String TASKS_WAITING = "askflow.workers.tasks.waiting";
    public static final String TASKS_STARTED = "askflow.workers.tasks.started";
    public static final String TASKS_UNPUBLISHED = "askflow.workers.tasks.unpublished";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of {@code consumer}. */
    public void watch(RunConsumer consumer) {
        Gauge.builder(TASKS_RUNNING, consumer, RunConsumer::busy).description("Tasks holding a slot")
                .register(registry);
        Gauge.builder(TASKS_CAPACITY, consumer, RunConsumer::capacity).description("Tasks taken at most at once")
                .register(registry);
        Gauge.builder(PARTITIONS_ASSIGNED, consumer, RunConsumer::assignedPartitions)
                .description("Task partitions assigned to this worker").register(registry);
        Gauge.builder(PARTITIONS_PAUSED, consumer, RunConsumer::pausedPartitions)
                .description("Task partitions paused because every slot and the read-ahead are taken")
                .register(registry);
        Gauge.builder(READ_AHEAD, consumer, RunConsumer::readAheadSize)
                .description("Tasks read ahead, waiting for a slot").register(registry);
    }

    /** {@code count} tasks of {@code tenant} wait for a slot. */
    void waiting(String tenant, int count) {
        waiting.computeIfAbsent(tenant, t -> {
            AtomicInteger gauge = new AtomicInteger();
            Gauge.builder(TASKS_WAITING, gauge, AtomicInteger::get).tag("tenant", t)
                    .description("Tasks of a tenant read ahead, waiting for a slot").register(registry);
            return gauge;
        }).set(count);
    }

    /** A task of {@code tenant} got a slot. */
    void taskStarted(String tenant) {
        Counter.builder(TASKS_STARTED).tag("tenant", tenant).description("Tasks given a slot, per tenant")
                .register(registry).increment();
    }

    void partitionsRevoked(String how, int count) {
        Counter.builder(PARTITIONS_REVOKED).tag("how", how).description("Task partitions taken away by rebalances")
                .register(registry).increment(count);
    }

    /** Kafka took neither a task's result nor its dead letter: it runs again after a pause. */
    void taskUnpublished() {
        Counter.builder(TASKS_UNPUBLISHED)
                .description("Tasks whose result and dead letter Kafka refused, run again after a pause")
                .register(registry).increment();
    }

    void tasksInterrupted(int count) {
        Counter.builder(TASKS_INTERRUPTED).description("Tasks interrupted by a rebalance or a shutdown")
                .register(registry).increment(count);
    }
}
