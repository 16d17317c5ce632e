package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.chain.OllamaOptions;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.json.Json;
import io.askflow.core.webhook.WebhookProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks a submitted job and turns it into a {@link JobRequest}, collecting every violation at once. */
@Component
public class JobRequestValidator {

    private final ApiProperties properties;
    private final ChainCatalog chains;
    private final WebhookProperties webhooks;
    private final ReceiverRules receivers;
    private final ModelsProperties models;

    public JobRequestValidator(ApiProperties properties, ChainCatalog chains, WebhookProperties webhooks,
                               ReceiverRules receivers, ModelsProperties models) {
        this.models = models;
        this.properties = properties;
        this.chains = chains;
        this.webhooks = webhooks;
        this.receivers = receivers;
    }

    /** The request to fingerprint and run, or an {@link InvalidJobRequestException} naming every fault. */
    public JobRequest toJobRequest(NewJob body) {
        List<Violation> violations = new ArrayList<>();
        checkQuestion(body.question(), violations);
        if (body.model() != null && body.model().isBlank()) {
            violations.add(new Violation("model", "must not be blank; omit it to use the chain's default model"));
        } else if (body.model() != null) {
            StorableJson.unstorable(body.model()).ifPresent(problem -> violations.add(new Violation("model", problem)));
            if (!models.allows(body.model())) {
                violations.add(new Violation("model", "is not offered here; allowed models: "
                        + String.join(", ", models.allowed())));
            }
        }
        String chainName = body.chain() == null ? properties.defaultChain() : body.chain();
        Optional<ChainDefinition> chain = chains.find(chainName);
        if (chain.isEmpty()) {
            violations.add(new Violation("chain", "unknown chain \"" + chainName + "\"; known chains: "
                    + String.join(", ", chains.names())));
        }
        if (body.cacheTtlSeconds() != null && body.cacheTtlSeconds() <= 0) {
            violations.add(new Violation("cache.ttlSeconds", "must be a positive number of seconds, was "
                    + body.cacheTtlSeconds()));
        }
        if (body.options() != null) {
            checkOptions(body.options(), violations);
        }
        if (body.metadata() != null) {
            StorableJson.firstFault("metadata", body.metadata()).ifPresent(violations::add);
            checkSize("metadata", body.metadata(), properties.maxMetadataChars(), violations);
        }
        if (body.webhook() != null) {
            checkWebhook(body.webhook(), violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
        return new JobRequest(body.question(), body.model(), chainName, chain.get().version(), body.options());
    }

    /** The cache policy the request asks for; call after {@link #toJobRequest}. */
    public CachePolicy cachePolicy(NewJob body) {
        return new CachePolicy(body.cacheMode(), body.cacheTtlSeconds());
    }

    /** The job's own webhook, or {@code null} when it has none; call after {@link #toJobRequest}. */
    public JobWebhook webhook(NewJob body) {
        NewJob.Webhook webhook = body.webhook();
        return webhook == null ? null : new JobWebhook(webhook.url(), ReceiverRules.events(webhook.events()));
    }

    /**
     * A job's own webhook is signed with {@code askflow.webhooks.signing-secret}, since it has no registered endpoint
     * and so no secret of its own: without that secret no job may carry one.
     */
    private void checkWebhook(NewJob.Webhook webhook, List<Violation> violations) {
        if (!webhooks.jobWebhooksEnabled()) {
            violations.add(new Violation("webhook", "jobs cannot carry a webhook on this server: it has no secret to"
                    + " sign their deliveries with (its operator sets one in askflow.webhooks.signing-secret: whsec_"
                    + " and the base64 of 24 to 64 random bytes); omit the webhook and poll the job, or register an"
                    + " endpoint at /v1/webhooks/endpoints, which has a secret of its own"));
            return;
        }
        receivers.checkUrl("webhook.url", webhook.url(), violations);
        receivers.checkEvents("webhook.events", webhook.events(), violations);
    }

    private void checkQuestion(String question, List<Violation> violations) {
        if (question == null || question.isBlank()) {
            violations.add(new Violation("question", "is required and must not be blank"));
        } else if (question.length() > properties.maxQuestionLength()) {
            violations.add(new Violation("question", "is " + question.length() + " characters long; the limit is "
                    + properties.maxQuestionLength() + ": shorten it or split it into several jobs"));
        } else {
            StorableJson.unstorable(question).ifPresent(problem -> violations.add(new Violation("question", problem)));
        }
    }

    /**
     * Options follow the rules of a chain file's agent options ({@link OllamaOptions}), so a job whose options
     * Ollama cannot take is refused here rather than failing at its first step.
     */
    private void checkOptions(Map<String, Object> options, List<Violation> violations) {
        options.forEach((name, value) -> {
            String field = "options." + name;
            if (value == null) {
                violations.add(new Violation(field, "must not be null; omit the option to use the model's default"));
            } else if (!OllamaOptions.isValidName(name)) {
                violations.add(new Violation(field, "is not an Ollama option name (lower case, digits and _)"));
            } else {
                OllamaOptions.expected(name, value)
                        .map(expected -> new Violation(field, "must be " + expected + ", was " + describe(value)))
                        .or(() -> StorableJson.firstFault(field, value))
                        .ifPresent(violations::add);
            }
        });
        checkSize("options", options, properties.maxOptionsChars(), violations);
    }

    private static void checkSize(String field, Map<String, Object> value, int maxChars, List<Violation> violations) {
        int chars = Json.MAPPER.writeValueAsString(value).length();
        if (chars > maxChars) {
            violations.add(new Violation(field, "is " + chars + " characters long as JSON; the limit is " + maxChars
                    + ": keep large data elsewhere and pass a reference to it"));
        }
    }

    /** A value as the caller wrote it, short: {@code "hot"}, {@code Infinity}, {@code [1, 2]}. */
    private static String describe(Object value) {
        String text = value instanceof Number ? value.toString() : Json.MAPPER.writeValueAsString(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
