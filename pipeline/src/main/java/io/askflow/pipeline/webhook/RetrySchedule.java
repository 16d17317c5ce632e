package io.askflow.pipeline.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the configured pauses ({@code askflow.webhooks.dispatcher.schedule}: at
 * once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), each moved at random by up to {@code jitter} of itself either
 * way so that deliveries failed together do not come back together, and never before a receiver's
 * {@code Retry-After} (up to {@code maxRetryAfter}). A fixed list rather than core's exponential {@code Backoff}:
 * the Standard Webhooks schedule is not a power series.
 */
public final class RetrySchedule {

    private final List<Duration> pauses;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    /**
     * @param pauses        the pause before each attempt, the first (at once) included
     * @param jitter        share of each pause drawn at random, 0 to 1
     * @param maxRetryAfter the longest Retry-After honoured
     * @param random        where the jitter comes from
     */
    public RetrySchedule(List<Duration> pauses, double jitter, Duration maxRetryAfter, RandomGenerator random) {
        this.pauses = List.copyOf(pauses);
        if (this.pauses.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one attempt");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
        this.jitter = jitter;
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The schedule the properties describe. */
    public static RetrySchedule of(DispatcherProperties properties) {
        return new RetrySchedule(properties.schedule(), properties.jitter(), properties.maxRetryAfter(),
                RandomGenerator.getDefault());
    }

    /** How many attempts a delivery gets. */
    public int attempts() {
        return pauses.size();
    }

    /**
     * The time of the next attempt after a failed one.
     *
     * @param attemptsMade the attempts made in this schedule, the failed one included
     * @param retryAfter   the receiver's Retry-After, or {@code null}
     * @param now          when the failed attempt ended
     * @return the next attempt's time, or empty when the delivery is out of attempts
     */
    public Optional<Instant> next(int attemptsMade, Duration retryAfter, Instant now) {
        if (attemptsMade >= pauses.size()) {
            return Optional.empty();
        }
        Duration pause = pauses.get(Math.max(attemptsMade, 1));
        long nanos = (long) (pause.toNanos() * (1 + jitter * (2 * random.nextDouble() - 1)));
        Duration jittered = Duration.ofNanos(Math.max(0, nanos));
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            jittered = asked.compareTo(jittered) > 0 ? asked : jittered;
        }
        return Optional.of(now.plus(jittered));
    }
}
