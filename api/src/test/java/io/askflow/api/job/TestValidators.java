package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.api.config.TestApiProperties;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.WebhookProperties;

import java.util.List;

/** {@link JobRequestValidator}s for tests that build the API's classes by hand. */
final class TestValidators {

    /** A signing secret of the right form: jobs may carry a webhook. */
    static final String SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static final ChainCatalog CHAINS = ChainCatalog.fromClasspath();

    private TestValidators() {
    }

    /** The defaults of {@code application.yaml}, with a signing secret and public receivers only. */
    static JobRequestValidator defaults() {
        return of(TestApiProperties.defaults(), new WebhookProperties(List.of(), SIGNING_SECRET),
                ReceiverAddresses.publicOnly());
    }

    static JobRequestValidator of(ApiProperties api, WebhookProperties webhooks, ReceiverAddresses receivers) {
        return new JobRequestValidator(api, CHAINS, webhooks, new ReceiverRules(receivers), ModelsProperties.ANY);
    }

    /** The defaults, allowing only {@code models}. */
    static JobRequestValidator allowing(String... models) {
        return new JobRequestValidator(TestApiProperties.defaults(), CHAINS,
                new WebhookProperties(List.of(), SIGNING_SECRET), new ReceiverRules(ReceiverAddresses.publicOnly()),
                new ModelsProperties(List.of(models)));
    }
}
