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
 * started yet, shutting down, NOT_RUNNING or in ERROR, and DOWN as well while stream threads keep being
 * replaced (more than {@link ThreadReplacements#limit()} within its window): a thread dying again and again
 * leaves the client RUNNING or REBALANCING but gets nothing done. Details: the state, the application id,
 * each stream thread's state and the recent replacements.
 *
 * <p>REBALANCING stays UP however long it lasts: a rebalance is how Kafka Streams scales, restarts and restores
 * its stores (restoring a large changelog can take minutes), and a probe restarting the process in the middle
 * would only start it over; the rebalance loop of a crashing thread is caught by the replacement count instead.
 */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final Supplier<KafkaStreams> streams;
    private final String applicationId;
    private final ThreadReplacements replacements;

    /**
     * @param streams       the current client, or {@code null} before it is started
     * @param applicationId shown in the details
     * @param replacements  the stream threads replaced lately
     */
    public KafkaStreamsHealthIndicator(Supplier<KafkaStreams> streams, String applicationId,
                                       ThreadReplacements replacements) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
        this.replacements = Objects.requireNonNull(replacements, "replacements");
    }

    /** Without a limit on thread replacements. */
    public KafkaStreamsHealthIndicator(Supplier<KafkaStreams> streams, String applicationId) {
        this(streams, applicationId, ThreadReplacements.unlimited());
    }

    @Override
    public Health health() {
        KafkaStreams client = streams.get();
        if (client == null) {
            return Health.down().withDetail("applicationId", applicationId).withDetail("state", "NOT_STARTED")
                    .build();
        }
        KafkaStreams.State state = client.state();
        int replaced = replacements.recent();
        boolean crashLooping = replaced > replacements.limit();
        Health.Builder health = state.isRunningOrRebalancing() && !crashLooping ? Health.up() : Health.down();
        if (crashLooping) {
            health.withDetail("reason", replaced + " stream threads replaced within " + replacements.window()
                    + " (more than " + replacements.limit() + "): a record or fault keeps killing them, see the log");
        }
        return health.withDetail("applicationId", applicationId).withDetail("state", state.name())
                .withDetail("threads", threads(client)).withDetail("threadReplacements", replaced).build();
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
