package io.askflow.core.step;

/**
 * Tokens counted by Ollama for one call or summed over a run.
 *
 * @param promptTokens     Ollama's {@code prompt_eval_count}
 * @param completionTokens Ollama's {@code eval_count}
 */
public record TokenUsage(long promptTokens, long completionTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public long total() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
