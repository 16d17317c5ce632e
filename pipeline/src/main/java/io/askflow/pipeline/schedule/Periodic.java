package io.askflow.pipeline.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a piece of housekeeping every {@code interval} (the first run one interval after start) on a daemon thread of
 * its own, from the context's start to its stop. A run that throws is logged and the next one tries again.
 */
public final class Periodic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final Duration interval;
    private final Runnable work;
    private ScheduledExecutorService timer;

    /**
     * @param name     the thread's name, also in the log
     * @param interval time between the end of a run and the start of the next
     * @param work     one run
     */
    public Periodic(String name, Duration interval, Runnable work) {
        this.name = name;
        this.interval = interval;
        this.work = work;
    }

    private void runQuietly() {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed, the next run in {} tries again: {}", name, interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        long period = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
