package io.askflow.api.job;

import io.askflow.core.job.CachePolicy;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
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
 * @param webhook  where the job's status changes are delivered, signed; not part of the fingerprint
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
        Map<String, Object> metadata,
        @Schema(description = "Where the job's status changes are delivered (Standard Webhooks, signed with the"
                + " server's askflow.webhooks.signing-secret); not part of the fingerprint")
        WebhookRequest webhook) {

    /**
     * A job's cache policy.
     *
     * @param mode       USE (default), REFRESH (run again, replace the cached answer) or BYPASS (neither read nor write)
     * @param ttlSeconds how long to keep this answer; omitted: the configured default
     */
    public record CacheRequest(CachePolicy.Mode mode, Integer ttlSeconds) {
    }

    /**
     * A job's own webhook.
     *
     * @param url    the receiver: an http or https URL on a public address
     * @param events the events delivered; omitted: the job's end
     */
    public record WebhookRequest(
            @Schema(description = "The receiver: an http or https URL (at most 2000 characters) on a public address;"
                    + " loopback, private, link-local, CGNAT, multicast and unspecified addresses are refused unless"
                    + " askflow.webhooks.allowed-networks allows them", example = "https://example.com/hooks/askflow",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String url,
            @ArraySchema(arraySchema = @Schema(description = "The events delivered; omitted: job.completed and"
                    + " job.failed"), schema = @Schema(allowableValues = {"job.running", "job.completed", "job.failed"}))
            List<String> events) {
    }

    /** This body as the job it asks for. */
    public NewJob toNewJob() {
        return new NewJob(question, model, chain, options, cache == null ? null : cache.mode(),
                cache == null ? null : cache.ttlSeconds(), metadata,
                webhook == null ? null : new NewJob.Webhook(webhook.url(), webhook.events()));
    }
}
