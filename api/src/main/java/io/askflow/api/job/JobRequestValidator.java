package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a submitted job and turns it into a {@link JobRequest}, collecting every violation at once. */
@Component
public class JobRequestValidator {

    private final ApiProperties properties;
    private final ChainCatalog chains;

    public JobRequestValidator(ApiProperties properties, ChainCatalog chains) {
        this.properties = properties;
        this.chains = chains;
    }

    /** The request to fingerprint and run, or an {@link InvalidJobRequestException} naming every fault. */
    public JobRequest toJobRequest(SubmitJobRequest body) {
        List<Violation> violations = new ArrayList<>();
        checkQuestion(body.question(), violations);
        if (body.model() != null && body.model().isBlank()) {
            violations.add(new Violation("model", "must not be blank; omit it to use the chain's default model"));
        }
        String chainName = body.chain() == null ? properties.defaultChain() : body.chain();
        Optional<ChainDefinition> chain = chains.find(chainName);
        if (chain.isEmpty()) {
            violations.add(new Violation("chain", "unknown chain \"" + chainName + "\"; known chains: "
                    + String.join(", ", chains.names())));
        }
        if (body.cache() != null && body.cache().ttlSeconds() != null && body.cache().ttlSeconds() <= 0) {
            violations.add(new Violation("cache.ttlSeconds", "must be a positive number of seconds, was "
                    + body.cache().ttlSeconds()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
        return new JobRequest(body.question(), body.model(), chainName, chain.get().version(), body.options());
    }

    /** The cache policy the request asks for; call after {@link #toJobRequest}. */
    public CachePolicy cachePolicy(SubmitJobRequest body) {
        return body.cache() == null ? CachePolicy.DEFAULT : new CachePolicy(body.cache().mode(), body.cache().ttlSeconds());
    }

    private void checkQuestion(String question, List<Violation> violations) {
        if (question == null || question.isBlank()) {
            violations.add(new Violation("question", "is required and must not be blank"));
        } else if (question.length() > properties.maxQuestionLength()) {
            violations.add(new Violation("question", "is " + question.length() + " characters long; the limit is "
                    + properties.maxQuestionLength() + ": shorten it or split it into several jobs"));
        }
    }
}
