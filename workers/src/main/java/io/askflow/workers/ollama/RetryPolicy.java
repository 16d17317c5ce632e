package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How an Ollama call is retried: at most {@code maxAttempts} attempts, each cut off after
 * {@code attemptTimeout}, exponential back-off between them with jitter, and nothing past {@code deadline}
 * after the first one (the step deadline: an attempt running when it passes is cut off too).
 *
 * @param maxAttempts    attempts in all, the first one included
 * @param attemptTimeout the longest one attempt may take
 * @param initialBackoff pause after the first failed attempt
 * @param maxBackoff     longest pause
 * @param multiplier     growth of the pause from one attempt to the next
 * @param jitter         share of each pause drawn at random (0: none, 1: anywhere from 0 to the full pause),
 *                       so that workers hit by the same 503 storm do not come back in step
 * @param deadline       time budget of the whole activity (one chain step), all attempts and pauses together
 */
public record RetryPolicy(int maxAttempts, Duration attemptTimeout, Duration initialBackoff, Duration maxBackoff,
                          double multiplier, double jitter, Duration deadline) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("back-off must satisfy 0 <= initial <= max, was " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
        requirePositive("attemptTimeout", attemptTimeout);
        requirePositive("deadline", deadline);
    }

    /**
     * The pause after failed attempt number {@code attempt} (1-based): {@code initial * multiplier^(attempt-1)},
     * at most {@code maxBackoff}, lowered by up to {@code jitter} of itself at random.
     */
    public Duration backoff(int attempt, RandomGenerator random) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toNanos());
        double jittered = capped * (1 - jitter * random.nextDouble());
        return Duration.ofNanos((long) jittered);
    }

    /** The deadline of one step starting now. */
    public Deadline stepDeadline() {
        return Deadline.after(deadline, "step deadline of " + deadline, ErrorCode.STEP_DEADLINE_EXCEEDED);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
