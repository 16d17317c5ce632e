package io.askflow.workers.run;

import io.askflow.workers.ollama.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Bounded retries of a publish to Kafka: the first try, then one more after each pause; the last failure is
 * thrown. Interruptible: a stopping worker does not sit out a pause.
 *
 * @param pauses  the pauses between tries, e.g. 1, 2, 4 and 8 s
 * @param sleeper how to pause
 */
record PublishRetries(List<Duration> pauses, Sleeper sleeper) {

    private static final Logger log = LoggerFactory.getLogger(PublishRetries.class);

    /** Pauses of 1, 2, 4 and 8 s: five tries over about 15 s. */
    static PublishRetries standard() {
        return new PublishRetries(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8)), Sleeper.SYSTEM);
    }

    PublishRetries {
        pauses = List.copyOf(pauses);
    }

    /**
     * Runs {@code publish} until it returns or the pauses are used up.
     *
     * @param what what is published, for the log
     * @throws InterruptedException when the thread is interrupted
     */
    void run(String what, Runnable publish) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                publish.run();
                return;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while publishing " + what);
                }
                if (attempt >= pauses.size()) {
                    throw e;
                }
                log.warn("{}: publish {} of {} failed, trying again in {} ms: {}", what, attempt + 1,
                        pauses.size() + 1, pauses.get(attempt).toMillis(), e.toString());
                sleeper.sleep(pauses.get(attempt));
            }
        }
    }
}
