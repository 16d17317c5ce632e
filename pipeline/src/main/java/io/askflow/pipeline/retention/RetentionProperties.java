package io.askflow.pipeline.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long ended jobs and their runs are kept ({@code askflow.retention.*}).
 *
 * @param enabled    whether this pipeline instance deletes (one instance at a time does, by a lock)
 * @param jobs       how long a job is kept after it ended, with its history, steps and webhook deliveries
 *                   (default 30d)
 * @param interval   time between passes (default 10m)
 * @param batchSize  jobs deleted per transaction (default 1000): short transactions, no long lock on the table
 * @param maxBatches the most transactions one pass runs (default 100), so a first pass over years of rows is
 *                   spread over several passes
 * @param archiveDir where deleted jobs are written first, one gzip JSON-lines file per pass, or {@code null}:
 *                   deleted without an archive
 */
@Validated
@ConfigurationProperties("askflow.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("30d") @NotNull Duration jobs,
                                  @DefaultValue("10m") @NotNull Duration interval,
                                  @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize,
                                  @DefaultValue("100") @Min(1) int maxBatches,
                                  Path archiveDir) {

    public RetentionProperties {
        if (jobs != null && jobs.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("askflow.retention.jobs must be at least 1h, was " + jobs);
        }
        if (interval != null && interval.toMillis() < 1) {
            throw new IllegalArgumentException("askflow.retention.interval must be positive, was " + interval);
        }
    }
}
