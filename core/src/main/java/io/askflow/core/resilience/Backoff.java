package io.askflow.core.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: the pause after failed try number {@code n} (1-based) is
 * {@code initial * multiplier^(n-1)}, at most {@code max}, lowered at random by up to {@code jitter} of itself,
 * so that callers hit by the same failure do not come back in step.
 *
 * @param initial    pause after the first failed try
 * @param max        longest pause
 * @param multiplier growth of the pause from one try to the next (at least 1)
 * @param jitter     share of each pause drawn at random: 0 none, 1 anywhere from 0 to the full pause
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** No pause at all. */
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1, 0);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off must satisfy 0 <= initial <= max, was " + initial + " and "
                    + max);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
    }

    /**
     * The pause after failed try number {@code attempt}.
     *
     * @param attempt the try that failed, 1-based
     * @param random  where the jitter comes from
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(random, "random");
        double grown = initial.toNanos() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(grown, max.toNanos());
        return Duration.ofNanos((long) (capped * (1 - jitter * random.nextDouble())));
    }
}
