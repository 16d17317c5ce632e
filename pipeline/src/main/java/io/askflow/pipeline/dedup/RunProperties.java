package io.askflow.pipeline.dedup;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How long the pipeline waits for a chain run's result ({@code askflow.pipeline.runs.*}).
 *
 * @param deadline      how long one dispatch of a run may go without a result before the task is sent
 *                      again, or, after the last dispatch, before every waiter fails with
 *                      RUN_DEADLINE_EXCEEDED (default 15m)
 * @param maxDispatches how many times a run's task is sent in all, the first time included (default 3)
 * @param checkInterval how often (wall-clock) the in-flight runs are checked against the deadline (default 30s)
 */
@Validated
@ConfigurationProperties("askflow.pipeline.runs")
public record RunProperties(@DefaultValue("15m") @NotNull Duration deadline,
                            @DefaultValue("3") @Min(1) int maxDispatches,
                            @DefaultValue("30s") @NotNull Duration checkInterval) {

    public RunProperties {
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("askflow.pipeline.runs.deadline must be positive, was " + deadline);
        }
        if (checkInterval != null && checkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("askflow.pipeline.runs.check-interval must be at least 1ms, was "
                    + checkInterval);
        }
    }

    /** The defaults, for tests and code that builds a topology without Spring. */
    public static RunProperties defaults() {
        return new RunProperties(Duration.ofMinutes(15), 3, Duration.ofSeconds(30));
    }
}
