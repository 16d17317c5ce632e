package io.askflow.pipeline.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * The sinks' counters: {@value #WRITTEN} (tag {@code sink}) counts records written (or found
 * already written), {@value #SKIPPED} (tags {@code sink}, {@code reason} = unreadable | invalid |
 * refused | missing-job | gave-up) counts records that were logged and dropped, {@value #RETRIES}
 * (tag {@code sink}) counts failed deliveries that the error handler polls again (PostgreSQL down,
 * job row missing, ...).
 */
public final class SinkMetrics {

    public static final String WRITTEN = "askflow.sink.records";
    public static final String SKIPPED = "askflow.sink.records.skipped";
    public static final String RETRIES = "askflow.sink.retries";

    private final MeterRegistry registry;

    public SinkMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    void written(String sink, int records) {
        Counter.builder(WRITTEN).tag("sink", sink).description("Records written by the PostgreSQL sinks")
                .register(registry).increment(records);
    }

    void retried(String sink) {
        Counter.builder(RETRIES).tag("sink", sink).description("Failed sink deliveries polled again")
                .register(registry).increment();
    }

    void skipped(String sink, String reason) {
        Counter.builder(SKIPPED).tag("sink", sink).tag("reason", reason)
                .description("Records the PostgreSQL sinks logged and dropped").register(registry).increment();
    }
}
