package io.askflow.core.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between tries; interruptible, so a stopping worker does not sit out a back-off. Tests pass one that
 * records the pauses instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Parks the calling thread for the pause. */
    Sleeper SYSTEM = pause -> TimeUnit.NANOSECONDS.sleep(pause.toNanos());

    /**
     * Waits for {@code pause}.
     *
     * @throws InterruptedException when the thread is interrupted meanwhile
     */
    void sleep(Duration pause) throws InterruptedException;
}
