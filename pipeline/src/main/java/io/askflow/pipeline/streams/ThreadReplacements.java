package io.askflow.pipeline.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The stream threads replaced lately (the uncaught-exception handler answered {@code REPLACE_THREAD}): a thread
 * that keeps dying on the same record or fault is replaced again and again while the client stays RUNNING or
 * REBALANCING, so its state alone never shows it. More than {@code limit} replacements within {@code window}
 * turn {@link KafkaStreamsHealthIndicator} DOWN until they age out of the window.
 */
public final class ThreadReplacements {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> replaced = new ArrayDeque<>();

    /**
     * @param limit  replacements within {@code window} that are still healthy
     * @param window how far back replacements count
     * @param clock  the time of a replacement
     */
    public ThreadReplacements(int limit, Duration window, Clock clock) {
        if (limit < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit must be >= 0 and window positive, were " + limit + ", " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One that never turns health DOWN. */
    public static ThreadReplacements unlimited() {
        return new ThreadReplacements(Integer.MAX_VALUE, Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** A stream thread was replaced now. */
    public synchronized void replaced() {
        replaced.addLast(clock.instant());
        forgetOld();
    }

    /** Replacements within the window. */
    public synchronized int recent() {
        forgetOld();
        return replaced.size();
    }

    /** Whether more than {@code limit} threads were replaced within the window. */
    public boolean tooMany() {
        return recent() > limit;
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    private void forgetOld() {
        Instant since = clock.instant().minus(window);
        while (!replaced.isEmpty() && !replaced.peekFirst().isAfter(since)) {
            replaced.removeFirst();
        }
    }
}
