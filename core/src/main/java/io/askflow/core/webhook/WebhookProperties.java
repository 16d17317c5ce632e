package io.askflow.core.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Webhooks as the api and the dispatcher share them ({@code askflow.webhooks.*}).
 *
 * @param allowedNetworks blocks a receiver may be in although the address guard forbids them, e.g.
 *                        {@code 127.0.0.0/8} and {@code ::1/128} for a receiver on this machine (default none:
 *                        public addresses only); dev mode allows loopback and says so in its banner
 * @param signingSecret   the secret ({@code whsec_...}) that signs deliveries to a job's own webhook, which has no
 *                        registered endpoint and so no secret of its own; empty: jobs may not carry a webhook
 */
@Validated
@ConfigurationProperties("askflow.webhooks")
public record WebhookProperties(@DefaultValue({}) List<String> allowedNetworks,
                                @DefaultValue("") String signingSecret) {

    public WebhookProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        signingSecret = signingSecret == null ? "" : signingSecret;
        allowedNetworks.forEach(Cidr::parse); // a bad block fails the start, naming itself
        if (!signingSecret.isEmpty() && !WebhookSigner.isSecret(signingSecret)) {
            throw new IllegalArgumentException("askflow.webhooks.signing-secret must be whsec_ and the base64 of 24 to"
                    + " 64 random bytes (make one with: echo whsec_$(head -c 32 /dev/urandom | base64))");
        }
    }

    /** The address guard these properties describe, with the system resolver. */
    public ReceiverAddresses receiverAddresses() {
        return new ReceiverAddresses(allowedNetworks.stream().map(Cidr::parse).toList(),
                ReceiverAddresses.Resolver.SYSTEM);
    }

    /** Whether jobs may carry a webhook of their own (a signing secret is configured). */
    public boolean jobWebhooksEnabled() {
        return !signingSecret.isEmpty();
    }
}
