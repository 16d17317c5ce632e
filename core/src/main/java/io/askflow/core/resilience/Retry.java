package io.askflow.core.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Bounded retries: runs an action until it returns or {@code attempts} tries are used up, pausing after each
 * failed try as {@code backoff} says, and rethrows the last failure. One WARN line per failed try that is tried
 * again; the last failure is the caller's to log. Interruptible: a thread interrupted when a try fails, or while
 * it pauses, gets an {@link InterruptedException} at once, so a stopping worker does not sit out a pause.
 * Only {@link RuntimeException}s are retried; errors go through at once.
 *
 * @param attempts tries in all, the first one included (at least 1)
 * @param backoff  the pause after each failed try
 * @param sleeper  how to pause
 */
public record Retry(int attempts, Backoff backoff, Sleeper sleeper) {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The standard retries: 5 tries, pauses of 1 s doubling up to 8 s, each lowered by up to 20 % at random. */
    public static Retry standard() {
        return new Retry(5, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2, 0.2), Sleeper.SYSTEM);
    }

    /**
     * Runs {@code action} until it returns or the tries are used up.
     *
     * @param what   what is done, for the log (e.g. "result of run 42")
     * @param action the action; a {@link RuntimeException} is a failed try
     * @throws InterruptedException when the thread is interrupted
     */
    public void run(String what, Runnable action) throws InterruptedException {
        Objects.requireNonNull(action, "action");
        get(what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Calls {@code action} until it returns or the tries are used up.
     *
     * @param what   what is done, for the log (e.g. "result of run 42")
     * @param action the action; a {@link RuntimeException} is a failed try
     * @return what the first successful try returned
     * @throws InterruptedException when the thread is interrupted
     */
    public <T> T get(String what, Supplier<T> action) throws InterruptedException {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(action, "action");
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                pauseOrGiveUp(what, attempt, e);
            }
        }
    }

    private void pauseOrGiveUp(String what, int attempt, RuntimeException failure) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            InterruptedException stop = new InterruptedException(what + ": interrupted after try " + attempt);
            stop.initCause(failure);
            throw stop;
        }
        if (attempt >= attempts) {
            throw failure;
        }
        Duration pause = backoff.delay(attempt, ThreadLocalRandom.current());
        log.warn("{}: try {} of {} failed, trying again in {} ms: {}", what, attempt, attempts, pause.toMillis(),
                failure.toString());
        sleeper.sleep(pause);
    }
}
