package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.resilience.Backoff;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How an Ollama call is retried: at most {@code maxAttempts} attempts, each cut off after
 * {@code attemptTimeout}, exponential back-off between them with jitter ({@link Backoff}), and nothing past
 * {@code deadline} after the first one (the step deadline: an attempt running when it passes is cut off too).
 *
 * @param maxAttempts    attempts in all, the first one included
 * @param attemptTimeout the longest one attempt may take
 * @param backoff        the pause after each failed attempt; its jitter keeps workers hit by the same 503 storm
 *                       from coming back in step
 * @param deadline       time budget of the whole activity (one chain step), all attempts and pauses together
 */
public record RetryPolicy(int maxAttempts, Duration attemptTimeout, Backoff backoff, Duration deadline) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        requirePositive("attemptTimeout", attemptTimeout);
        requirePositive("deadline", deadline);
    }

    /**
     * A policy with its back-off spelled out.
     *
     * @param initialBackoff pause after the first failed attempt
     * @param maxBackoff     longest pause
     * @param multiplier     growth of the pause from one attempt to the next
     * @param jitter         share of each pause drawn at random (0: none, 1: anywhere from 0 to the full pause)
     */
    public RetryPolicy(int maxAttempts, Duration attemptTimeout, Duration initialBackoff, Duration maxBackoff,
                       double multiplier, double jitter, Duration deadline) {
        this(maxAttempts, attemptTimeout, new Backoff(initialBackoff, maxBackoff, multiplier, jitter), deadline);
    }

    /** The pause after failed attempt number {@code attempt} (1-based): see {@link Backoff#delay}. */
    public Duration backoff(int attempt, RandomGenerator random) {
        return backoff.delay(attempt, random);
    }

    /** The deadline of one step starting now. */
    public Deadline stepDeadline() {
        return Deadline.after(deadline, "step deadline of " + deadline, ErrorCode.STEP_DEADLINE_EXCEEDED);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
