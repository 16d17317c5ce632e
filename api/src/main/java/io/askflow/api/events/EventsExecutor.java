package io.askflow.api.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that do the work of woken waiters, so the follower's thread never blocks: a long-poll's one read
 * of its job, the end of its wait, a stream's writes and heartbeats. A fixed number of threads, whatever the number of open waits.
 */
public final class EventsExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventsExecutor.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ScheduledThreadPoolExecutor threads;

    /** @param size the number of threads */
    public EventsExecutor(int size) {
        AtomicInteger number = new AtomicInteger();
        this.threads = new ScheduledThreadPoolExecutor(size, runnable -> {
            Thread thread = new Thread(runnable, "askflow-events-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.setRemoveOnCancelPolicy(true);
        threads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the ends of waits: answered at the stop
    }

    /** Runs {@code task} soon; false when the executor is closed. */
    boolean execute(Runnable task) {
        try {
            threads.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} once after {@code delay}; null when the executor is closed. */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        try {
            return threads.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs {@code task} every {@code period}, first after one period; null when the executor is closed. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        try {
            return threads.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Lets the tasks already given finish for a moment, then stops the threads. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("events threads still busy after {} ms: interrupted", CLOSE_WAIT.toMillis());
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }
}
