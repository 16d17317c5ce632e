package io.askflow.workers.ollama;

import java.time.Duration;

/**
 * What Ollama answered to one {@link ChatCall}.
 *
 * @param content          the assistant's message
 * @param promptTokens     Ollama's {@code prompt_eval_count} (0 when not reported)
 * @param completionTokens Ollama's {@code eval_count} (0 when not reported)
 * @param evalDuration     Ollama's {@code eval_duration}: time spent generating (zero when not reported)
 * @param duration         wall-clock time of the successful attempt
 * @param host             the base URL of the host that answered
 * @param model            the model that answered
 */
public record ChatReply(String content, long promptTokens, long completionTokens, Duration evalDuration,
                        Duration duration, String host, String model) {

    /**
     * Generation speed: completion tokens per second of {@code eval_duration}, or of the whole attempt when
     * Ollama did not report it; 0 without tokens.
     */
    public double tokensPerSecond() {
        Duration time = evalDuration.isZero() ? duration : evalDuration;
        return completionTokens == 0 || time.isZero() ? 0 : completionTokens * 1e9 / time.toNanos();
    }
}
