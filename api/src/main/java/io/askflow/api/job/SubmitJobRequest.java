package io.askflow.api.job;

import io.askflow.core.job.CachePolicy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * The body of {@code POST /v1/jobs}. Unknown fields are rejected.
 *
 * @param question the question (required, at most {@code askflow.api.max-question-length} characters)
 * @param model    the Ollama model; omitted: the chain's agents' own, or the workers' default
 * @param chain    the chain that answers; omitted: {@code askflow.api.default-chain}
 * @param options  generation options passed to Ollama (temperature, num_predict, ...); part of the fingerprint
 * @param cache    how this job uses the answer cache; omitted: read and write with the default TTL
 * @param metadata the caller's own data, stored and returned untouched
 */
public record SubmitJobRequest(
        @Schema(description = "The question to answer", example = "What is Apache Kafka?", requiredMode = Schema.RequiredMode.REQUIRED)
        String question,
        @Schema(description = "Ollama model; defaults to the chain's or the workers' default", example = "llama3.2")
        String model,
        @Schema(description = "Chain name; defaults to 'answer'", example = "answer")
        String chain,
        @Schema(description = "Generation options passed to Ollama", example = "{\"temperature\": 0.2}")
        Map<String, Object> options,
        @Schema(description = "Answer cache policy for this job")
        CacheRequest cache,
        @Schema(description = "Caller data stored with the job", example = "{\"user\": \"42\"}")
        Map<String, Object> metadata) {

    /**
     * A job's cache policy.
     *
     * @param mode       USE (default), REFRESH (run again, replace the cached answer) or BYPASS (neither read nor write)
     * @param ttlSeconds how long to keep this answer; omitted: the configured default
     */
    public record CacheRequest(CachePolicy.Mode mode, Integer ttlSeconds) {
    }

    /** This body as the job it asks for. */
    public NewJob toNewJob() {
        return new NewJob(question, model, chain, options, cache == null ? null : cache.mode(),
                cache == null ? null : cache.ttlSeconds(), metadata);
    }
}
