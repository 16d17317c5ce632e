package io.askflow.workers.checkpoint;

import io.askflow.core.step.StepResult;
import io.askflow.workers.chain.Checkpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps a checkpoint store's outage away from the runs: a failed load finds nothing, a failed save is skipped,
 * neither throws, and the run goes on without checkpoints. The first failure logs one WARN line ("runs go on
 * without checkpoints"), the first success after it one INFO line. After a failure the store is left alone
 * for {@code retryInterval}, so a dead Redis costs no time per step; the first call after that tries again.
 *
 * <p>Metrics: {@value #CALLS} (counter; operation = load / save, outcome = ok / error / skipped) and
 * {@value #UP} (gauge: 1 when the last call reached the store, 0 when not).
 */
public final class GuardedCheckpoints implements Checkpoints {

    public static final String CALLS = "askflow.workers.checkpoint.calls";
    public static final String UP = "askflow.workers.checkpoint.up";

    private static final Logger log = LoggerFactory.getLogger(GuardedCheckpoints.class);
    private static final long UP_NOW = Long.MIN_VALUE;

    private final Checkpoints store;
    private final Duration retryInterval;
    private final MeterRegistry registry;
    /** {@link #UP_NOW} while the store answers, else the {@code nanoTime} before which it is left alone. */
    private final AtomicLong downUntil = new AtomicLong(UP_NOW);

    public GuardedCheckpoints(Checkpoints store, Duration retryInterval, MeterRegistry registry) {
        this.store = store;
        this.retryInterval = retryInterval;
        this.registry = registry;
        Gauge.builder(UP, downUntil, until -> until.get() == UP_NOW ? 1 : 0)
                .description("1 when the checkpoint store answers, 0 when runs go on without checkpoints")
                .register(registry);
    }

    @Override
    public List<StepResult> load(UUID runId, int steps) {
        return guarded("load", runId, () -> store.load(runId, steps), List.of());
    }

    @Override
    public void save(UUID runId, StepResult step) {
        guarded("save", runId, () -> {
            store.save(runId, step);
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    private <T> T guarded(String operation, UUID runId, Supplier<T> call, T otherwise) {
        long until = downUntil.get();
        if (until != UP_NOW && until - System.nanoTime() > 0) {
            count(operation, "skipped");
            return otherwise;
        }
        try {
            T result = call.get();
            if (downUntil.getAndSet(UP_NOW) != UP_NOW) {
                log.info("checkpoint store answers again: runs record and reuse their steps again");
            }
            count(operation, "ok");
            return result;
        } catch (RuntimeException e) {
            if (downUntil.getAndSet(System.nanoTime() + retryInterval.toNanos()) == UP_NOW) {
                log.warn("run {}: checkpoint {} failed, runs go on without checkpoints (a run delivered again"
                        + " after a crash will redo its steps); next try in {}: {}", runId, operation, retryInterval,
                        e.toString());
            }
            count(operation, "error");
            return otherwise;
        }
    }

    private void count(String operation, String outcome) {
        Counter.builder(CALLS).tag("operation", operation).tag("outcome", outcome)
                .description("Checkpoint loads and saves").register(registry).increment();
    }
}
