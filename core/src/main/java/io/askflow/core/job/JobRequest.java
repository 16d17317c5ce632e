package io.askflow.core.job;

import java.util.Map;

/**
 * Everything about a question that changes its answer: the input of the fingerprint.
 *
 * @param question     the question as the caller wrote it
 * @param model        the Ollama model the chain runs on, or {@code null} for the chain's own
 * @param chain        the chain's name
 * @param chainVersion the chain's content version
 * @param options      generation options (temperature, num_predict, ...), possibly empty
 */
public record JobRequest(String question, String model, String chain, String chainVersion,
                         Map<String, Object> options) {

    public JobRequest {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be blank");
        }
        if (chain == null || chain.isBlank()) {
            throw new IllegalArgumentException("chain must not be blank");
        }
        chainVersion = chainVersion == null ? "" : chainVersion;
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
