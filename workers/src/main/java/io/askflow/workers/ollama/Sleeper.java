package io.askflow.workers.ollama;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between attempts; interruptible, so a stopping worker does not sit out a back-off. */
@FunctionalInterface
public interface Sleeper {

    /** Parks the calling thread. */
    Sleeper SYSTEM = pause -> TimeUnit.NANOSECONDS.sleep(pause.toNanos());

    void sleep(Duration pause) throws InterruptedException;
}
