package io.askflow.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * The knobs of an {@link OllamaSimulator}: what it serves, how fast, and which faults it injects.
 *
 * <p>Immutable. Start from {@link #defaults()} and change knobs with the {@code with...}
 * methods; a running simulator takes a new value through
 * {@link OllamaSimulator#reconfigure(java.util.function.UnaryOperator)} or
 * {@code POST /_simulator/config} (a JSON object with any of the component names below).
 * A new value applies to requests that arrive after the change, except the slot and queue
 * sizes, which apply at once, and hung requests, which are let go when {@code hangRate}
 * goes back to 0.
 *
 * <p>Each {@code with...} method returns a copy with one knob changed; the constructor checks
 * every knob, so a bad value fails where it is set.
 *
 * <p>Random decisions (error, busy, hang, mid-stream error) are drawn per request from
 * {@code seed} and the request's arrival number, so a sequential run is repeatable.
 * Answers do not depend on the seed: they are a function of the model and the prompt.
 *
 * @param models models served, as in {@code /api/tags}; a name without a tag also matches
 *     {@code name:latest}. Default {@code ["llama3.2", "qwen2.5"]}.
 * @param acceptAnyModel when true every model name is served, listed or not. Default false.
 * @param slots requests generated at the same time, like {@code OLLAMA_NUM_PARALLEL};
 *     at least 1. Default 4.
 * @param queue requests that may wait for a slot, like {@code OLLAMA_MAX_QUEUE}; a request
 *     beyond {@code slots + queue} gets 503 at once. At least 0. Default 512.
 * @param timeToFirstTokenMillis time in a slot before the first token (prompt evaluation).
 *     Default 0.
 * @param tokensPerSecond generation speed after the first token; 0 means instant. Default 0.
 * @param latencyMillis fixed extra time spent in a slot by every call before anything else
 *     (reported as {@code load_duration}). Default 0.
 * @param answerTokens words generated after the "[simulated answer]" prefix (and the echo)
 *     when the request gives no smaller {@code options.num_predict}. At least 1. Default 24.
 * @param echo when true the answer also contains the last user message verbatim, so tests
 *     can prove that a chain passes context along. Default false.
 * @param errorRate probability (0..1) that a call fails with 500
 *     {@code {"error":"simulated failure"}} after its latency. Default 0.
 * @param busyRate probability (0..1) that a call is refused at once with Ollama's 503
 *     "server busy" answer, whatever the queue holds. Default 0.
 * @param hangRate probability (0..1) that a call holds its slot and never answers: it is
 *     dropped without a response when {@code hangMillis} passes, when {@code hangRate} is
 *     set back to 0, or when the simulator closes. Default 0.
 * @param hangMillis how long a hung call holds its slot before its connection is dropped;
 *     0 means until released as described for {@code hangRate}. Default 0.
 * @param streamErrorRate probability (0..1) that a streaming call sends about half of its
 *     chunks and then an {@code {"error":"..."}} line instead of the final chunk (what Ollama
 *     does when generation fails mid-stream). Non-streaming calls ignore it. Default 0.
 * @param seed seed of the per-request random decisions. Default 0.
 * @param stallAfterHeadersRate probability (0..1) that a call sends its status line, headers
 *     and about half of its body (a non-streaming answer) or its first chunk (a stream), then
 *     stalls holding its slot: a client that reads the body waits for ever. It is let go like a
 *     hung call ({@code hangMillis}, this rate set back to 0, or close), its connection dropped
 *     without the rest of the body. Default 0.
 */
public record SimulatorConfig(
        List<String> models,
        boolean acceptAnyModel,
        int slots,
        int queue,
        long timeToFirstTokenMillis,
        double tokensPerSecond,
        long latencyMillis,
        int answerTokens,
        boolean echo,
        double errorRate,
        double busyRate,
        double hangRate,
        long hangMillis,
        double streamErrorRate,
        long seed,
        double stallAfterHeadersRate) {

    /** Validates every knob; a bad value fails here, not at the first request. */
    public SimulatorConfig {
        models = List.copyOf(models == null ? List.of() : models);
        if (models.stream().anyMatch(m -> m == null || m.isBlank())) {
            throw new IllegalArgumentException("models must not contain blank names");
        }
        atLeast("slots", slots, 1);
        atLeast("queue", queue, 0);
        atLeast("timeToFirstTokenMillis", timeToFirstTokenMillis, 0);
        atLeast("latencyMillis", latencyMillis, 0);
        atLeast("answerTokens", answerTokens, 1);
        atLeast("hangMillis", hangMillis, 0);
        if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be >= 0, was " + tokensPerSecond);
        }
        probability("errorRate", errorRate);
        probability("busyRate", busyRate);
        probability("hangRate", hangRate);
        probability("streamErrorRate", streamErrorRate);
        probability("stallAfterHeadersRate", stallAfterHeadersRate);
    }

    /** The defaults documented on each component: fast, faultless, two models. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(List.of("llama3.2", "qwen2.5"), false, 4, 512,
                0, 0, 0, 24, false, 0, 0, 0, 0, 0, 0, 0);
    }

    public SimulatorConfig withModels(String... names) {
        return withModels(Arrays.asList(names));
    }

    public SimulatorConfig withModels(List<String> names) {
        return new SimulatorConfig(names, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withAcceptAnyModel(boolean value) {
        return new SimulatorConfig(models, value, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withSlots(int value) {
        return new SimulatorConfig(models, acceptAnyModel, value, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withQueue(int value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, value, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withTimeToFirstTokenMillis(long value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, value,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withTokensPerSecond(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                value, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withLatencyMillis(long value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, value, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withAnswerTokens(int value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, value, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withEcho(boolean value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, value, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withErrorRate(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, value, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withBusyRate(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, value, hangRate,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withHangRate(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, value,
                hangMillis, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withHangMillis(long value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                value, streamErrorRate, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withStreamErrorRate(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, value, seed, stallAfterHeadersRate);
    }

    public SimulatorConfig withSeed(long value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, value, stallAfterHeadersRate);
    }

    public SimulatorConfig withStallAfterHeadersRate(double value) {
        return new SimulatorConfig(models, acceptAnyModel, slots, queue, timeToFirstTokenMillis,
                tokensPerSecond, latencyMillis, answerTokens, echo, errorRate, busyRate, hangRate,
                hangMillis, streamErrorRate, seed, value);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }
}
