package io.askflow.core.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the outage of a dependency the callers can do without (a cache, a checkpoint store) away from them: a
 * call that throws gives the caller's fallback instead, and nothing is thrown. The first failure marks the
 * dependency down (one WARN line), the first success marks it up again (one INFO line), never a line per call.
 * While down, calls are skipped for {@code retryInterval} after each failure, so a dead or slow dependency costs
 * no time per call; once that interval has passed, exactly one caller probes it (the one that moves the next
 * retry time on, by compare-and-set) while the others keep skipping until the probe marks it up, or until the
 * next interval has passed too if the probe hangs. A dead dependency so costs one timeout per interval, not one
 * per caller waiting at that moment.
 *
 * <p>Thread-safe; one instance serves every thread. Free of metrics: a user counts the {@link Outcome} of each
 * call under its own meter names and shows {@link #isUp()} as its own gauge.
 */
public final class OutageGuard {

    private static final Logger log = LoggerFactory.getLogger(OutageGuard.class);

    private final String dependency;
    private final Duration retryInterval;
    private final InstantSource clock;
    private final Messages messages;
    private final AtomicBoolean down = new AtomicBoolean(false);
    private final AtomicReference<Instant> retryAt = new AtomicReference<>(Instant.MIN);

    /**
     * @param dependency    what is guarded, as the log names it, e.g. "answer cache" or "checkpoint store"
     * @param retryInterval how long calls are skipped after a failure (0: every call tries)
     * @param clock         the time; tests drive it
     * @param messages      what the WARN and INFO lines say besides the dependency's name
     */
    public OutageGuard(String dependency, Duration retryInterval, InstantSource clock, Messages messages) {
        this.dependency = requireText(dependency);
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messages = Objects.requireNonNull(messages, "messages");
        if (retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must not be negative, was " + retryInterval);
        }
    }

    /**
     * Calls the dependency unless it is resting.
     *
     * @param call      the call; a {@link RuntimeException} marks the dependency down
     * @param otherwise what to return when the call is skipped or fails
     * @param outcomes  told the outcome of this call, after it (to count it)
     * @return what the call returned, or {@code otherwise}
     */
    public <T> T call(Supplier<T> call, T otherwise, Consumer<Outcome> outcomes) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(outcomes, "outcomes");
        if (isResting()) {
            outcomes.accept(Outcome.SKIPPED);
            return otherwise;
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            markDown(e);
            outcomes.accept(Outcome.FAILED);
            return otherwise;
        }
        markUp();
        outcomes.accept(Outcome.OK);
        return result;
    }

    /** {@link #call(Supplier, Object, Consumer)} with no one told the outcome. */
    public <T> T call(Supplier<T> call, T otherwise) {
        return call(call, otherwise, outcome -> { });
    }

    /**
     * Runs a call that returns nothing unless the dependency is resting.
     *
     * @return whether it ran and returned
     */
    public boolean run(Runnable call, Consumer<Outcome> outcomes) {
        Objects.requireNonNull(call, "call");
        return call(() -> {
            call.run();
            return Boolean.TRUE;
        }, Boolean.FALSE, outcomes);
    }

    /** Whether the last call that was made reached the dependency (true before any call). */
    public boolean isUp() {
        return !down.get();
    }

    /** What is guarded, as the log names it. */
    public String dependency() {
        return dependency;
    }

    /** How long calls are skipped after a failure. */
    public Duration retryInterval() {
        return retryInterval;
    }

    /** Whether to skip this call: down, and either within the interval or another caller is probing. */
    private boolean isResting() {
        if (!down.get()) {
            return false;
        }
        Instant now = clock.instant();
        Instant at = retryAt.get();
        return now.isBefore(at) || !retryAt.compareAndSet(at, now.plus(retryInterval));
    }

    private void markDown(RuntimeException failure) {
        retryAt.set(clock.instant().plus(retryInterval));
        if (down.compareAndSet(false, true)) {
            log.warn("{} is down: {} (next attempt in {}): {}", dependency, messages.whileDown(), retryInterval,
                    failure.toString());
        }
    }

    private void markUp() {
        if (down.compareAndSet(true, false)) {
            log.info("{} is up again: {}", dependency, messages.whenBack());
        }
    }

    private static String requireText(String dependency) {
        if (Objects.requireNonNull(dependency, "dependency").isBlank()) {
            throw new IllegalArgumentException("dependency must name what is guarded");
        }
        return dependency;
    }

    /** What became of one call. */
    public enum Outcome {
        /** The call reached the dependency and returned. */
        OK,
        /** The call threw; the dependency is down now. */
        FAILED,
        /** The call was not made: the dependency is down and resting, or another caller is probing it. */
        SKIPPED
    }

    /**
     * What the two log lines say after "{dependency} is down:" and "{dependency} is up again:".
     *
     * @param whileDown what callers get while it is down, e.g. "lookups count as misses"
     * @param whenBack  what resumes when it is back, e.g. "caching resumes"
     */
    public record Messages(String whileDown, String whenBack) {

        public Messages {
            Objects.requireNonNull(whileDown, "whileDown");
            Objects.requireNonNull(whenBack, "whenBack");
        }
    }
}
