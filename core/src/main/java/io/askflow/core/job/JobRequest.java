package io.askflow.core.job;

import io.askflow.core.tenant.Tenants;

import java.util.Map;

/**
 * Everything about a question that changes its answer: the input of the fingerprint.
 *
 * @param question     the question as the caller wrote it
 * @param model        the Ollama model the chain runs on, or {@code null} for the chain's own
 * @param chain        the chain's name
 * @param chainVersion the chain's content version
 * @param options      generation options (temperature, num_predict, ...), possibly empty
 * @param scope        the cache scope the answer is shared in (ADR 7): {@code default}, {@code tenant:<id>} or
 *                     {@code shared:<name>}; {@code null} reads as {@code default}
 */
public record JobRequest(String question, String model, String chain, String chainVersion,
                         Map<String, Object> options, String scope) {

    public JobRequest {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be blank");
        }
        if (chain == null || chain.isBlank()) {
            throw new IllegalArgumentException("chain must not be blank");
        }
        chainVersion = chainVersion == null ? "" : chainVersion;
        options = options == null ? Map.of() : Map.copyOf(options);
        scope = scope == null || scope.isBlank() ? Tenants.DEFAULT_SCOPE : scope;
    }

    /** A request in the default scope. */
    public JobRequest(String question, String model, String chain, String chainVersion, Map<String, Object> options) {
        this(question, model, chain, chainVersion, options, Tenants.DEFAULT_SCOPE);
    }

    /** This request in another cache scope. */
    public JobRequest inScope(String cacheScope) {
        return new JobRequest(question, model, chain, chainVersion, options, cacheScope);
    }
}
