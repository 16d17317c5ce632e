package io.askflow.workers.ollama;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the Ollama calls.
 *
 * <ul>
 *   <li>{@value #CALLS} (counter; host, outcome = {@code success} or a failure type): attempts</li>
 *   <li>{@value #RETRIES} (counter; cause = failure type): attempts that were retried</li>
 *   <li>{@value #TOKENS_PER_SECOND} (summary; host, model): generation speed of each successful call,
 *       Ollama's {@code eval_count / eval_duration}</li>
 *   <li>{@value #IN_FLIGHT} (gauge; host): calls holding a slot on the host now</li>
 *   <li>{@value #SLOTS} (gauge; host): the host's configured slots</li>
 *   <li>{@value #COOLING_DOWN} (gauge; host): 1 while the host is cooling down after a failure, else 0</li>
 * </ul>
 */
public final class OllamaMetrics {

    public static final String CALLS = "askflow.workers.ollama.calls";
    public static final String RETRIES = "askflow.workers.ollama.retries";
    public static final String TOKENS_PER_SECOND = "askflow.workers.ollama.tokens.per.second";
    public static final String IN_FLIGHT = "askflow.workers.ollama.in.flight";
    public static final String SLOTS = "askflow.workers.ollama.slots";
    public static final String COOLING_DOWN = "askflow.workers.ollama.cooling.down";

    private final MeterRegistry registry;

    public OllamaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of every host of {@code hosts}. */
    public void watch(OllamaHosts hosts) {
        hosts.capacity().forEach((url, slots) -> {
            Gauge.builder(IN_FLIGHT, hosts, h -> h.inFlight(url)).tag("host", url)
                    .description("Ollama calls in flight").register(registry);
            Gauge.builder(SLOTS, hosts, h -> h.capacity().get(url)).tag("host", url)
                    .description("Ollama slots configured").register(registry);
            Gauge.builder(COOLING_DOWN, hosts, h -> h.coolingDown(url) ? 1 : 0).tag("host", url)
                    .description("1 while the Ollama host cools down after a failure").register(registry);
        });
    }

    void succeeded(ChatReply reply) {
        Counter.builder(CALLS).tag("host", reply.host()).tag("outcome", "success").register(registry).increment();
        DistributionSummary.builder(TOKENS_PER_SECOND).tag("host", reply.host()).tag("model", reply.model())
                .baseUnit("tokens/s").description("Generation speed of Ollama calls").register(registry)
                .record(reply.tokensPerSecond());
    }

    void failed(String host, OllamaFailure failure) {
        Counter.builder(CALLS).tag("host", host).tag("outcome", failure.type()).register(registry).increment();
    }

    void retried(OllamaFailure cause) {
        Counter.builder(RETRIES).tag("cause", cause.type()).register(registry).increment();
    }
}
