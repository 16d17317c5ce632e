package io.askflow.pipeline.sink;

import io.askflow.core.run.RunResult;
import io.askflow.core.step.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Objects;

/**
 * What each tenant's runs cost, counted where a run ends (issue 10, ADR 7): {@value #TOKENS} (tags {@code tenant},
 * {@code type} = prompt | completion) and {@value #GPU_SECONDS} (tag {@code tenant}: the sum of the run's step
 * durations, the time its calls held an Ollama slot). A run counts to the tenant of the job that started it, also
 * when jobs of other tenants in a shared cache scope waited for it.
 *
 * <p>Counted once per run: the runs sink calls {@link #runEnded} only for a result whose write changed the run's
 * row (the first end wins, so a redelivered result or a second dispatch's result counts nothing), and only after
 * the transaction that wrote it committed. The same figures are in PostgreSQL ({@code runs.tenant},
 * {@code runs.prompt_tokens}, {@code runs.completion_tokens}, {@code run_steps.duration_ms}) for the usage query.
 */
public final class UsageMetrics {

    public static final String TOKENS = "askflow.usage.tokens";
    public static final String GPU_SECONDS = "askflow.usage.gpu.seconds";

    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Counts the tokens and GPU time of a run whose end was just stored. */
    void runEnded(RunResult result) {
        if (result.isGivenUp()) {
            return; // the pipeline's own end of a run nobody answered: no call, no usage
        }
        tokens(result.tenant(), "prompt").increment(result.tokens().promptTokens());
        tokens(result.tenant(), "completion").increment(result.tokens().completionTokens());
        Counter.builder(GPU_SECONDS).tag("tenant", result.tenant()).baseUnit("seconds")
                .description("Time the tenant's runs held an Ollama slot: the sum of their step durations")
                .register(registry).increment(gpuSeconds(result));
    }

    private Counter tokens(String tenant, String type) {
        return Counter.builder(TOKENS).tag("tenant", tenant).tag("type", type).baseUnit("tokens")
                .description("Tokens spent by the tenant's runs").register(registry);
    }

    /** The sum of the step durations, in seconds (what {@code sum(run_steps.duration_ms) / 1000} gives). */
    static double gpuSeconds(RunResult result) {
        long millis = 0;
        for (StepResult step : result.steps()) {
            Duration duration = step.duration();
            millis += duration == null ? 0 : duration.toMillis();
        }
        return millis / 1000.0;
    }
}
