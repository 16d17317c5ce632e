package io.askflow.workers.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the task consumer.
 *
 * <ul>
 *   <li>{@value #TASKS_RUNNING} (gauge): tasks taken and holding a slot now; {@value #TASKS_CAPACITY} (gauge):
 *       the most at once, the sum of the Ollama slots</li>
 *   <li>{@value #PARTITIONS_ASSIGNED} and {@value #PARTITIONS_PAUSED} (gauges): partitions of
 *       {@code askflow.tasks} assigned to this worker, and paused because every slot is taken</li>
 *   <li>{@value #PARTITIONS_REVOKED} (counter; how = {@code revoked} / {@code lost}): partitions taken away by
 *       rebalances; stays 0 while the group is stable, however long the calls</li>
 *   <li>{@value #TASKS_INTERRUPTED} (counter): tasks stopped because their partition went away or the worker
 *       stopped; their next owner resumes them from the checkpoints</li>
 * </ul>
 */
public final class ConsumerMetrics {

    public static final String TASKS_RUNNING = "askflow.workers.tasks.running";
    public static final String TASKS_CAPACITY = "askflow.workers.tasks.capacity";
    public static final String PARTITIONS_ASSIGNED = "askflow.workers.partitions.assigned";
    public static final String PARTITIONS_PAUSED = "askflow.workers.partitions.paused";
    public static final String PARTITIONS_REVOKED = "askflow.workers.partitions.revoked";
    public static final String TASKS_INTERRUPTED = "askflow.workers.tasks.interrupted";

    private final MeterRegistry registry;

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
                .description("Task partitions paused because every slot is taken").register(registry);
    }

    void partitionsRevoked(String how, int count) {
        Counter.builder(PARTITIONS_REVOKED).tag("how", how).description("Task partitions taken away by rebalances")
                .register(registry).increment(count);
    }

    void tasksInterrupted(int count) {
        Counter.builder(TASKS_INTERRUPTED).description("Tasks interrupted by a rebalance or a shutdown")
                .register(registry).increment(count);
    }
}
