package io.askflow.api.webhook;

import io.askflow.api.job.ReceiverRules;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import io.askflow.core.webhook.WebhookSigner;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered webhook endpoint as the API shows it. Its signing secret is shown whole only in the answers to its
 * registration and to a rotation, and masked everywhere else ({@code whsec_…} and its last four characters).
 *
 * @param id                      the endpoint's id
 * @param url                     where its deliveries go
 * @param events                  the events it receives, by wire name, in lifecycle order
 * @param description             the caller's words
 * @param secret                  the signing secret: whole when just made, else masked
 * @param previousSecret          during a rotation's grace period, the old secret (masked), which still signs
 * @param previousSecretExpiresAt when the old secret stops signing
 * @param disabledAt              when deliveries to it stopped (it answered 410 Gone)
 * @param disabledReason          why
 * @param createdAt               when it was registered
 * @param updatedAt               its last change
 * @param links                   related URLs
 */
public record EndpointView(
        UUID id,
        String url,
        List<String> events,
        String description,
        @Schema(description = "The signing secret (whsec_ and base64): whole in the answers to the registration and to"
                + " a rotation, the only times it is shown; masked elsewhere (whsec_... and its last four characters)")
        String secret,
        @Schema(description = "During a rotation's grace period, the previous secret (masked), which still signs"
                + " beside the new one")
        String previousSecret,
        @Schema(description = "When the previous secret stops signing")
        Instant previousSecretExpiresAt,
        @Schema(description = "When deliveries to it stopped: it answered 410 Gone")
        Instant disabledAt,
        String disabledReason,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> links) {

    /** The endpoint with its secret whole: the answer to a registration or a rotation, and only those. */
    static EndpointView revealing(Endpoint endpoint, Instant now) {
        return of(endpoint, endpoint.secret(), now);
    }

    /** The endpoint with its secrets masked. */
    static EndpointView masked(Endpoint endpoint, Instant now) {
        return of(endpoint, mask(endpoint.secret()), now);
    }

    private static EndpointView of(Endpoint endpoint, String secret, Instant now) {
        boolean rotating = endpoint.previousSecret() != null && endpoint.previousSecretExpiresAt() != null
                && now.isBefore(endpoint.previousSecretExpiresAt());
        return new EndpointView(endpoint.id(), endpoint.url(), ReceiverRules.wireNames(endpoint.events()),
                endpoint.description(), secret, rotating ? mask(endpoint.previousSecret()) : null,
                rotating ? endpoint.previousSecretExpiresAt() : null, endpoint.disabledAt(), endpoint.disabledReason(),
                endpoint.createdAt(), endpoint.updatedAt(), Map.of("self", self(endpoint.id())));
    }

    /** {@code whsec_…} and the secret's last four characters: enough to tell two secrets apart, not to sign. */
    static String mask(String secret) {
        return WebhookSigner.SECRET_PREFIX + "\u2026" + secret.substring(Math.max(0, secret.length() - 4));
    }

    static String self(UUID id) {
        return "/v1/webhooks/endpoints/" + id;
    }
}
