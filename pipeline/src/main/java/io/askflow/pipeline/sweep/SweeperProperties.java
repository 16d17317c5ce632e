package io.askflow.pipeline.sweep;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The sweeper of stuck jobs ({@code askflow.sweeper.*}).
 *
 * @param enabled   whether this pipeline instance sweeps (every instance may: one at a time sweeps, by a lock)
 * @param interval  how often it looks (default 1m)
 * @param runGrace  how long after its run ended a job that is still QUEUED or RUNNING counts as having missed its
 *                  event (default 5m: far longer than the pipeline takes to end a run's jobs)
 * @param maxAge    how long a job may stay QUEUED or RUNNING without a change before it is ended FAILED
 *                  {@code JOB_TIMED_OUT} (default 25h: a day's backlog, the longest batch window, and an hour more)
 * @param batchSize the most jobs one look ends (the rest wait for the next look), so a mass expiry after a long
 *                  outage is spread out
 */
@Validated
@ConfigurationProperties("askflow.sweeper")
public record SweeperProperties(@DefaultValue("true") boolean enabled,
                                @DefaultValue("1m") @NotNull Duration interval,
                                @DefaultValue("5m") @NotNull Duration runGrace,
                                @DefaultValue("25h") @NotNull Duration maxAge,
                                @DefaultValue("500") @Min(1) int batchSize) {

    public SweeperProperties {
        if (interval != null && interval.toMillis() < 1) {
            throw new IllegalArgumentException("askflow.sweeper.interval must be positive, was " + interval);
        }
        if (maxAge != null && runGrace != null && maxAge.compareTo(runGrace) <= 0) {
            throw new IllegalArgumentException("askflow.sweeper.max-age (" + maxAge
                    + ") must be longer than askflow.sweeper.run-grace (" + runGrace + ")");
        }
    }
}
