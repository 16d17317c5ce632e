package io.askflow.api.job;

import io.askflow.core.job.CachePolicy;

import java.util.List;
import java.util.Map;

/**
 * A job as a door hands it to {@link SubmitJob}: the REST API's body, a line of a batch file, or any other door.
 * Nothing is checked yet; {@link SubmitJob} checks it all at once.
 *
 * @param question        the question
 * @param model           the Ollama model, or {@code null} for the chain's own or the workers' default
 * @param chain           the chain that answers, or {@code null} for {@code askflow.api.default-chain}
 * @param options         generation options passed to Ollama, or {@code null}; part of the fingerprint
 * @param cacheMode       how the job uses the answer cache, or {@code null} for USE
 * @param cacheTtlSeconds how long to keep this answer, or {@code null} for the configured default
 * @param metadata        the caller's own data, stored and returned untouched, or {@code null}
 * @param webhook         where the job's status changes are delivered, or {@code null}; not part of the fingerprint
 */
public record NewJob(String question, String model, String chain, Map<String, Object> options,
                     CachePolicy.Mode cacheMode, Integer cacheTtlSeconds, Map<String, Object> metadata,
                     Webhook webhook) {

    /** A question for the default chain, with nothing else asked for. */
    public static NewJob of(String question) {
        return new NewJob(question, null, null, null, null, null, null, null);
    }

    /**
     * The job's own webhook as the caller wrote it, unchecked.
     *
     * @param url    the receiver's http or https URL
     * @param events the events' wire names ({@code job.running}, {@code job.completed}, {@code job.failed}), or
     *               {@code null} for the job's end (completed and failed)
     */
    public record Webhook(String url, List<String> events) {
    }
}
