package io.askflow.pipeline.streams;

import io.askflow.core.topic.Topics;
import io.askflow.pipeline.dedup.StoreType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka Streams app of the pipeline ({@code askflow.pipeline.streams.*}). Anything else goes
 * through Spring's {@code spring.kafka.streams.properties.*}; these settings win over it.
 *
 * @param applicationId        the Streams {@code application.id}: consumer group and prefix of the
 *                             internal topics (default askflow-pipeline)
 * @param processingGuarantee  {@code exactly_once_v2} (default; needs brokers with transactions) or {@code at_least_once}
 * @param stateDir             where the local stores live; unset means a new temporary directory per
 *                             start, removed at shutdown (stores are then restored from their changelogs
 *                             at every start: set a stable directory in production)
 * @param numStreamThreads     stream threads in this instance (default 1)
 * @param storeType            ROCKS_DB (default) or IN_MEMORY; both are changelogged
 * @param deadLetterTopic      where records that cannot be deserialized or processed go, with Kafka Streams'
 *                             {@code __streams.errors.*} headers (default {@code askflow.pipeline.dlt}, core's
 *                             {@code Topics.PIPELINE_DEAD_LETTER}; created at start-up)
 * @param onUncaughtException  what a stream thread's unexpected exception does: REPLACE_THREAD
 *                             (default), SHUTDOWN_CLIENT or SHUTDOWN_APPLICATION; health is DOWN
 *                             once the client is not running
 * @param closeTimeout         how long shutdown waits for the Streams app to close (default 10s)
 * @param leaveGroupOnClose    whether a closing instance leaves its consumer group at once (default true), so
 *                             its partitions move to the others (or to its restarted self) right away; false
 *                             keeps Kafka Streams' own default: they wait for the session timeout (45 s)
 * @param maxThreadReplacements  health is DOWN while more stream threads than this were replaced (REPLACE_THREAD)
 *                             within {@code threadReplacementWindow} (default 3): a thread that keeps dying
 * @param threadReplacementWindow how far back replacements count (default 10m)
 */
@Validated
@ConfigurationProperties("askflow.pipeline.streams")
public record StreamsProperties(@DefaultValue("askflow-pipeline") @NotBlank String applicationId,
                                @DefaultValue("exactly_once_v2") @Pattern(regexp = "exactly_once_v2|at_least_once")
                                String processingGuarantee,
                                Path stateDir,
                                @DefaultValue("1") @Min(1) @Max(64) int numStreamThreads,
                                @DefaultValue("ROCKS_DB") @NotNull StoreType storeType,
                                String deadLetterTopic,
                                @DefaultValue("REPLACE_THREAD") @NotNull StreamThreadExceptionResponse onUncaughtException,
                                @DefaultValue("10s") @NotNull Duration closeTimeout,
                                @DefaultValue("true") boolean leaveGroupOnClose,
                                @DefaultValue("3") @Min(0) int maxThreadReplacements,
                                @DefaultValue("10m") @NotNull Duration threadReplacementWindow) {

    public StreamsProperties {
        deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? Topics.PIPELINE_DEAD_LETTER.name()
                : deadLetterTopic;
        if (threadReplacementWindow != null && (threadReplacementWindow.isNegative() || threadReplacementWindow.isZero())) {
            throw new IllegalArgumentException("askflow.pipeline.streams.thread-replacement-window must be positive");
        }
        if (closeTimeout != null && closeTimeout.isNegative()) {
            throw new IllegalArgumentException("askflow.pipeline.streams.close-timeout must not be negative");
        }
    }
}
