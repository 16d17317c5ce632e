package io.askflow.pipeline.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Streams app in Actuator's health: UP while it is RUNNING or REBALANCING, DOWN when it is not
 * started yet, shutting down, NOT_RUNNING or in ERROR. Details: the state, the application id and
 * each stream thread's state.
 */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final Supplier<KafkaStreams> streams;
    private final String applicationId;

    /**
     * @param streams       the current client, or {@code null} before it is started
     * @param applicationId shown in the details
     */
    public KafkaStreamsHealthIndicator(Supplier<KafkaStreams> streams, String applicationId) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
    }

    @Override
    public Health health() {
        KafkaStreams client = streams.get();
        if (client == null) {
            return Health.down().withDetail("applicationId", applicationId).withDetail("state", "NOT_STARTED")
                    .build();
        }
        KafkaStreams.State state = client.state();
        Health.Builder health = state.isRunningOrRebalancing() ? Health.up() : Health.down();
        return health.withDetail("applicationId", applicationId).withDetail("state", state.name())
                .withDetail("threads", threads(client)).build();
    }

    private static Map<String, String> threads(KafkaStreams client) {
        Map<String, String> threads = new TreeMap<>();
        try {
            for (ThreadMetadata thread : client.metadataForLocalThreads()) {
                threads.put(thread.threadName(), thread.threadState());
            }
        } catch (RuntimeException e) {
            threads.put("unavailable", e.getClass().getSimpleName());
        }
        return threads;
    }
}
