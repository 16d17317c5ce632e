package io.askflow.workers.checkpoint;

import io.askflow.core.resilience.OutageGuard;
import io.askflow.core.step.StepResult;
import io.askflow.workers.chain.Checkpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps a checkpoint store's outage away from the runs: a failed load finds nothing, a failed save is skipped,
 * neither throws, and the run goes on without checkpoints. The store is guarded by an {@link OutageGuard}
 * ("checkpoint store"): the first failure logs one WARN line ("runs go on without checkpoints"), the first
 * success after it one INFO line. After a failure the store is left alone for {@code retryInterval}, so a dead
 * Redis costs no time per step; after that one call tries again while the others keep skipping.
 *
 * <p>Metrics: {@value #CALLS} (counter; operation = load / save, outcome = ok / error / skipped) and
 * {@value #UP} (gauge: 1 when the last call reached the store, 0 when not).
 */
public final class GuardedCheckpoints implements Checkpoints {

    public static final String CALLS = "askflow.workers.checkpoint.calls";
    public static final String UP = "askflow.workers.checkpoint.up";

    private static final OutageGuard.Messages MESSAGES = new OutageGuard.Messages(
            "runs go on without checkpoints (a run delivered again after a crash will redo its steps)",
            "runs record and reuse their steps again");

    private final Checkpoints store;
    private final MeterRegistry registry;
    private final OutageGuard guard;

    /**
     * @param store         the checkpoints themselves, which throw when the store cannot be reached
     * @param retryInterval how long the store is left alone after a failure
     * @param registry      where the metrics go
     * @param clock         the time, for the retry interval
     */
    public GuardedCheckpoints(Checkpoints store, Duration retryInterval, MeterRegistry registry,
                              InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.guard = new OutageGuard("checkpoint store", retryInterval, clock, MESSAGES);
        Gauge.builder(UP, guard, g -> g.isUp() ? 1 : 0)
                .description("1 when the checkpoint store answers, 0 when runs go on without checkpoints")
                .register(registry);
    }

    /** Over the system clock. */
    public GuardedCheckpoints(Checkpoints store, Duration retryInterval, MeterRegistry registry) {
        this(store, retryInterval, registry, InstantSource.system());
    }

    @Override
    public List<StepResult> load(UUID runId, int steps) {
        return guard.call(() -> store.load(runId, steps), List.of(), outcome -> count("load", outcome));
    }

    @Override
    public void save(UUID runId, StepResult step) {
        guard.run(() -> store.save(runId, step), outcome -> count("save", outcome));
    }

    @Override
    public long begin(UUID runId) {
        return guard.call(() -> store.begin(runId), 0L, outcome -> count("begin", outcome));
    }

    @Override
    public boolean save(UUID runId, long fence, StepResult step) {
        boolean saved = guard.call(() -> store.save(runId, fence, step), true, outcome -> count("save", outcome));
        if (!saved) {
            Counter.builder(CALLS).tag("operation", "save").tag("outcome", "fenced")
                    .description("Checkpoint loads and saves").register(registry).increment();
        }
        return saved;
    }

    /** Whether the last call reached the store. */
    public boolean isUp() {
        return guard.isUp();
    }

    private void count(String operation, OutageGuard.Outcome outcome) {
        Counter.builder(CALLS).tag("operation", operation).tag("outcome", tag(outcome))
                .description("Checkpoint loads and saves").register(registry).increment();
    }

    private static String tag(OutageGuard.Outcome outcome) {
        return switch (outcome) {
            case OK -> "ok";
            case FAILED -> "error";
            case SKIPPED -> "skipped";
        };
    }
}
