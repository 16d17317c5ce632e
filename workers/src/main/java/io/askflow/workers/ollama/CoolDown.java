package io.askflow.workers.ollama;

import java.time.Duration;

/**
 * How long a failing Ollama host is left alone: {@code initial} after its first failure, doubled for every
 * further failure in a row (a call started after the cool-down that fails again), at most {@code max}.
 * Failures of calls that were already running when the cool-down began do not lengthen it.
 *
 * @param initial the first cool-down; zero turns cool-downs off
 * @param max     the longest cool-down
 */
public record CoolDown(Duration initial, Duration max) {

    /** No cool-down: a failed host takes calls again at once. */
    public static final CoolDown NONE = new CoolDown(Duration.ZERO, Duration.ZERO);

    public CoolDown {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("cool-down must satisfy 0 <= initial <= max, was " + initial + " and "
                    + max);
        }
    }

    /** The cool-down after {@code strikes} failures in a row (1 for the first). */
    public Duration after(int strikes) {
        long factor = 1L << Math.min(Math.max(0, strikes - 1), 20);
        Duration grown = initial.multipliedBy(factor);
        return grown.compareTo(max) > 0 ? max : grown;
    }
}
