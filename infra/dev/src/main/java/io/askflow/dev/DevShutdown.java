package io.askflow.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

/**
 * How a {@link DevStack} stops a role: its Spring context closes on a thread of its own while this one says what
 * it waits for, every {@link #PROGRESS_EVERY} while it lasts, and goes on after {@link #ROLE_LIMIT} whatever
 * happens, so that a stop never hangs in silence. Each role bounds its own steps below that limit: the api's
 * graceful shutdown and the pipeline's sinks by {@code spring.lifecycle.timeout-per-shutdown-phase}, the workers'
 * running calls by their consumer's drain, Kafka Streams by {@code askflow.pipeline.streams.close-timeout}.
 */
final class DevShutdown {

    /** The longest a role may take to stop before the stack goes on without it. */
    static final Duration ROLE_LIMIT = Duration.ofSeconds(30);
    /** How often a role that is still stopping is reported. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    static final String API_WAITS_FOR = "the HTTP requests in flight to finish (new connections are refused)";
    static final String WORKERS_WAITS_FOR =
            "the running calls to finish and publish their results (what still runs after the drain is handed back)";
    static final String PIPELINE_WAITS_FOR =
            "Kafka Streams to commit and close, and the sinks to write what they polled to PostgreSQL";

    private static final Logger log = LoggerFactory.getLogger(DevShutdown.class);

    private DevShutdown() {
    }

    /** The order of a stop, for its first log line. */
    static String plan(boolean withInfrastructure) {
        return "the api first (no new jobs; requests in flight finish), then the workers (running calls finish or are"
                + " handed back), then the pipeline (Kafka Streams commits, the sinks write what they polled)"
                + (withInfrastructure ? ", then Redis, PostgreSQL and Kafka" : "")
                + "; each role within " + ROLE_LIMIT.toSeconds() + " s";
    }

    /** Closes {@code context}, logging what it waits for, and returns at the latest after {@link #ROLE_LIMIT}. */
    static void stopRole(String role, ConfigurableApplicationContext context, String waitsFor) {
        long started = System.nanoTime();
        log.info("stopping the {}: waiting for {}{}", role, waitsFor, phaseTimeout(context));
        Thread closing = new Thread(() -> closeQuietly(role, context), "askflow-stop-" + role);
        closing.setDaemon(true);
        closing.start();
        long giveUpAt = started + ROLE_LIMIT.toNanos();
        try {
            for (long left = giveUpAt - System.nanoTime(); left > 0; left = giveUpAt - System.nanoTime()) {
                closing.join(Math.max(1, Math.min(PROGRESS_EVERY.toMillis(), left / 1_000_000)));
                if (!closing.isAlive()) {
                    break;
                }
                log.info("still stopping the {} after {} s: waiting for {}", role, millisSince(started) / 1000,
                        waitsFor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            log.warn("the {} did not stop within {} s; going on without it", role, ROLE_LIMIT.toSeconds());
        } else {
            log.info("the {} stopped in {} ms", role, millisSince(started));
        }
    }

    private static String phaseTimeout(ConfigurableApplicationContext context) {
        if (!context.isActive()) {
            return "";
        }
        String timeout = context.getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase");
        return timeout == null ? "" : " (up to " + timeout + " per shutdown phase)";
    }

    private static void closeQuietly(String role, ConfigurableApplicationContext context) {
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("closing the {} failed: {}", role, e.getMessage(), e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
