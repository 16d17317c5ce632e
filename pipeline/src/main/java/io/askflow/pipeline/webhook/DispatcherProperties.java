package io.askflow.pipeline.webhook;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The webhook dispatcher ({@code askflow.webhooks.dispatcher.*}): the listener that turns job events into
 * deliveries, and the sender that sends them on their schedule.
 *
 * @param enabled                whether the pipeline delivers webhooks at all (default true)
 * @param groupId                the consumer group of the listener on {@code askflow.job-events}
 *                               (default askflow-pipeline-webhooks)
 * @param batchSize              job events per poll, whose deliveries are written in one transaction (default 500)
 * @param timeout                the longest one attempt may take, connecting, sending and reading the answer's
 *                               status line and headers together; longer is a failed attempt (default 15s)
 * @param concurrency            attempts under way at once in this process, across receivers (default 32)
 * @param perReceiverConcurrency attempts under way at once to one receiver (its host and port), so that a slow or
 *                               dead receiver holds at most this many of the {@code concurrency} slots (default 4)
 * @param pollInterval           how often the sender looks for due deliveries when nothing woke it (a new delivery
 *                               or a finished attempt wakes it at once) (default 1s)
 * @param lease                  how long a claimed delivery is this process's alone; a claim whose process died
 *                               comes back after it; at least twice {@code timeout} (default 2m)
 * @param schedule               the pause before each attempt: the first counted from the event (must be 0s: at
 *                               once), each next one from the failed attempt before it; as many attempts as entries
 *                               (default 0s, 5s, 5m, 30m, 2h, 5h, 10h, 14h, 20h, 24h: ten attempts over about three
 *                               days, the schedule Standard Webhooks gives as its example)
 * @param jitter                 each pause is moved at random by up to this share of itself, up or down (default
 *                               0.2)
 * @param maxRetryAfter          the longest {@code Retry-After} of a 429 or 503 that is honoured (longer ones are
 *                               cut to it); a shorter one than the schedule's pause changes nothing (default 1h)
 * @param rowMaxWait             how long a job event waits for its job's row to show its status (the job events
 *                               sink writes it) before it is logged at ERROR and skipped (default 10m)
 * @param retryMaxInterval       the longest pause between tries of the listener while PostgreSQL is unreachable
 *                               (tried without limit) or a row is awaited (default 30s)
 */
@Validated
@ConfigurationProperties("askflow.webhooks.dispatcher")
public record DispatcherProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("askflow-pipeline-webhooks") @NotBlank String groupId,
                                   @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
                                   @DefaultValue("15s") @NotNull Duration timeout,
                                   @DefaultValue("32") @Min(1) @Max(1024) int concurrency,
                                   @DefaultValue("4") @Min(1) @Max(1024) int perReceiverConcurrency,
                                   @DefaultValue("1s") @NotNull Duration pollInterval,
                                   @DefaultValue("2m") @NotNull Duration lease,
                                   @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h"}) @NotEmpty
                                   List<Duration> schedule,
                                   @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double jitter,
                                   @DefaultValue("1h") @NotNull Duration maxRetryAfter,
                                   @DefaultValue("10m") @NotNull Duration rowMaxWait,
                                   @DefaultValue("30s") @NotNull Duration retryMaxInterval) {

    public DispatcherProperties {
        schedule = schedule == null ? null : List.copyOf(schedule);
        for (Duration d : new Duration[] {timeout, pollInterval, lease, rowMaxWait, retryMaxInterval}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("askflow.webhooks.dispatcher durations must be positive, was " + d);
            }
        }
        if (timeout != null && lease != null && lease.compareTo(timeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("askflow.webhooks.dispatcher.lease (" + lease + ") must be at least"
                    + " twice the timeout (" + timeout + "): a claim must outlast its attempt");
        }
        if (schedule != null && !schedule.isEmpty()) {
            if (!schedule.get(0).isZero()) {
                throw new IllegalArgumentException("askflow.webhooks.dispatcher.schedule must start with 0s: a"
                        + " delivery is first sent at once, was " + schedule);
            }
            if (schedule.stream().anyMatch(Duration::isNegative)) {
                throw new IllegalArgumentException("askflow.webhooks.dispatcher.schedule must not hold a negative"
                        + " pause, was " + schedule);
            }
        }
    }

    /** The defaults, for tests. */
    public static DispatcherProperties defaults() {
        return new DispatcherProperties(true, "askflow-pipeline-webhooks", 500, Duration.ofSeconds(15), 32, 4,
                Duration.ofSeconds(1), Duration.ofMinutes(2), List.of(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
                Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24)),
                0.2, Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofSeconds(30));
    }

    /** These properties with another schedule, for tests. */
    public DispatcherProperties withSchedule(List<Duration> pauses) {
        return new DispatcherProperties(enabled, groupId, batchSize, timeout, concurrency, perReceiverConcurrency,
                pollInterval, lease, pauses, jitter, maxRetryAfter, rowMaxWait, retryMaxInterval);
    }

    /** These properties with another attempt timeout and lease, for tests. */
    public DispatcherProperties withTimeout(Duration attemptTimeout, Duration claimLease) {
        return new DispatcherProperties(enabled, groupId, batchSize, attemptTimeout, concurrency,
                perReceiverConcurrency, pollInterval, claimLease, schedule, jitter, maxRetryAfter, rowMaxWait,
                retryMaxInterval);
    }

    /** These properties with another poll interval, for tests. */
    public DispatcherProperties withPollInterval(Duration interval) {
        return new DispatcherProperties(enabled, groupId, batchSize, timeout, concurrency, perReceiverConcurrency,
                interval, lease, schedule, jitter, maxRetryAfter, rowMaxWait, retryMaxInterval);
    }

    /** These properties with other concurrency bounds, for tests and benchmarks. */
    public DispatcherProperties withConcurrency(int total, int perReceiver) {
        return new DispatcherProperties(enabled, groupId, batchSize, timeout, total, perReceiver, pollInterval, lease,
                schedule, jitter, maxRetryAfter, rowMaxWait, retryMaxInterval);
    }
}
