package io.askflow.api.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many long-polls (or event streams) this instance holds open, bounded: a place is reserved before one is
 * made and released when it closes; one past the bound, or any while the instance stops, is refused with a
 * {@link TooManyWaitsException}. Counted in a gauge of the open ones and a counter of the refused ones.
 */
final class OpenLimit {

    private final String what;
    private final String property;
    private final int max;
    private final Duration retryAfter;
    private final String whenStopping;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;
    private volatile boolean stopping;

    /**
     * @param what         what is held open, for messages: "long-polls", "event streams"
     * @param property     the property that sets the bound, for messages
     * @param max          the bound
     * @param retryAfter   the {@code Retry-After} of a refusal
     * @param whenStopping what a caller refused while the instance stops should do
     * @param metrics      the gauge's and the counter's names
     */
    OpenLimit(String what, String property, int max, Duration retryAfter, String whenStopping, Metrics metrics,
              MeterRegistry meters) {
        this.what = what;
        this.property = property;
        this.max = max;
        this.retryAfter = retryAfter;
        this.whenStopping = whenStopping;
        Gauge.builder(metrics.open(), open, AtomicInteger::get).description(what + " open on this API instance")
                .register(meters);
        this.refused = Counter.builder(metrics.refused())
                .description(what + " refused: over the limit, or while stopping").register(meters);
    }

    /**
     * The names of the gauge and the counter.
     *
     * @param open    the gauge of open ones
     * @param refused the counter of refused ones
     */
    record Metrics(String open, String refused) {
    }

    /** Takes a place, or refuses with a {@link TooManyWaitsException}. */
    void reserve() {
        if (stopping) {
            refused.increment();
            throw new TooManyWaitsException("this API instance is stopping: " + whenStopping, retryAfter);
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            throw new TooManyWaitsException("this API instance holds its limit of " + max + " open " + what + " ("
                    + property + "): retry after the Retry-After delay", retryAfter);
        }
    }

    /** Gives a reserved place back; once per reservation. */
    void release() {
        open.decrementAndGet();
    }

    /** Places taken now. */
    int open() {
        return open.get();
    }

    /** Whether the instance stops: every new reservation is refused. */
    boolean stopping() {
        return stopping;
    }

    void stopping(boolean value) {
        stopping = value;
    }
}
