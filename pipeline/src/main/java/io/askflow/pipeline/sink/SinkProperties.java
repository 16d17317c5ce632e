package io.askflow.pipeline.sink;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The PostgreSQL sinks ({@code askflow.pipeline.sink.*}).
 *
 * @param enabled              whether the sinks run at all (default true)
 * @param groupId              consumer group prefix; each sink adds its name, e.g. {@code askflow-pipeline-sink.job-events}
 *                             (default askflow-pipeline-sink)
 * @param concurrency          consumers per sink, at most the partition count is useful (default 1)
 * @param batchSize            records per poll, written in one batch and one transaction (default 500)
 * @param retryInitialInterval first wait before a failed batch is tried again (default 500ms)
 * @param retryMaxInterval     longest wait between tries; while PostgreSQL is unreachable a batch is
 *                             tried forever at this pace, so nothing is skipped (default 30s)
 * @param missingJobMaxWait    how long a job event waits for its job row (written by the API or the
 *                             jobs sink) before it is logged at ERROR and skipped (default 10m)
 * @param maxAttempts          attempts for a record that fails on its own (not refused by PostgreSQL, database up)
 *                             before it is logged and skipped (default 3)
 */
@Validated
@ConfigurationProperties("askflow.pipeline.sink")
public record SinkProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("askflow-pipeline-sink") @NotBlank String groupId,
                             @DefaultValue("1") @Min(1) @Max(64) int concurrency,
                             @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
                             @DefaultValue("500ms") @NotNull Duration retryInitialInterval,
                             @DefaultValue("30s") @NotNull Duration retryMaxInterval,
                             @DefaultValue("10m") @NotNull Duration missingJobMaxWait,
                             @DefaultValue("3") @Min(1) int maxAttempts) {

    public SinkProperties {
        for (Duration d : new Duration[] {retryInitialInterval, retryMaxInterval, missingJobMaxWait}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("askflow.pipeline.sink durations must be positive, was " + d);
            }
        }
        if (retryInitialInterval != null && retryMaxInterval != null
                && retryMaxInterval.compareTo(retryInitialInterval) < 0) {
            throw new IllegalArgumentException("askflow.pipeline.sink.retry-max-interval must not be below"
                    + " retry-initial-interval");
        }
    }

    /** The defaults, for tests. */
    public static SinkProperties defaults() {
        return new SinkProperties(true, "askflow-pipeline-sink", 1, 500, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofMinutes(10), 3);
    }
}
