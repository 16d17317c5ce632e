package io.askflow.workers.chain;

import io.askflow.core.step.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Meters of chain runs.
 *
 * <ul>
 *   <li>{@value #CHAINS} (counter; chain, outcome = {@code completed} / {@code failed}, error = type or
 *       {@code none}): finished runs</li>
 *   <li>{@value #STEP_DURATION} (timer; chain, step, model, host): latency of successful steps, retries
 *       and back-off included</li>
 *   <li>{@value #TOKENS} (counter; model, kind = {@code prompt} / {@code completion}): tokens counted by
 *       Ollama</li>
 *   <li>{@value #STEPS_REUSED} (counter; chain): steps of runs delivered again that were not run again because
 *       their checkpoint was found</li>
 * </ul>
 */
public final class ChainMetrics {

    public static final String CHAINS = "askflow.workers.chains";
    public static final String STEP_DURATION = "askflow.workers.step.duration";
    public static final String TOKENS = "askflow.workers.tokens";
    public static final String STEPS_REUSED = "askflow.workers.checkpoint.steps.reused";

    private final MeterRegistry registry;

    public ChainMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void stepFinished(String chain, StepResult step) {
        Timer.builder(STEP_DURATION).tag("chain", chain).tag("step", step.name()).tag("model", step.model())
                .tag("host", step.host()).publishPercentileHistogram().register(registry).record(step.duration());
        tokens(step.model(), "prompt", step.tokens().promptTokens());
        tokens(step.model(), "completion", step.tokens().completionTokens());
    }

    void runFinished(String chain, ChainOutcome outcome) {
        Counter.builder(CHAINS).tag("chain", chain)
                .tag("outcome", outcome.succeeded() ? "completed" : "failed")
                .tag("error", outcome.succeeded() ? "none" : outcome.error().type())
                .register(registry).increment();
    }

    void stepsReused(String chain, int count) {
        Counter.builder(STEPS_REUSED).tag("chain", chain).description("Steps resumed from checkpoints")
                .register(registry).increment(count);
    }

    private void tokens(String model, String kind, long count) {
        Counter.builder(TOKENS).tag("model", model).tag("kind", kind).register(registry).increment(count);
    }
}
