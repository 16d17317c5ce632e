package io.askflow.core.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signatures checked by the reference Standard Webhooks library, never by our own code. */
class WebhookSignerTest {

    private static final String BODY = "{\"type\":\"job.completed\",\"timestamp\":\"2026-01-01T10:00:00Z\","
            + "\"data\":{\"job\":{\"answer\":\"Ünïcödé ✓\"}}}";

    @Test
    void shouldSignSoThatTheReferenceVerifierAccepts() throws Exception {
        String secret = WebhookSigner.newSecret();
        long now = Instant.now().getEpochSecond(); // the reference verifier checks against its own clock

        String signature = WebhookSigner.signature("msg_1", now, BODY.getBytes(StandardCharsets.UTF_8),
                List.of(secret));

        assertThat(signature).startsWith("v1,").doesNotContain(" ");
        assertThatCode(() -> new Webhook(secret).verify(BODY, headers("msg_1", now, signature)))
                .doesNotThrowAnyException();
        assertThat(new Webhook(secret).sign("msg_1", now, BODY)).isEqualTo(signature);
    }

    @Test
    void shouldSignWithBothSecretsDuringARotation() throws Exception {
        String current = WebhookSigner.newSecret();
        String previous = WebhookSigner.newSecret();
        long now = Instant.now().getEpochSecond();

        String signature = WebhookSigner.signature("msg_2", now, BODY.getBytes(StandardCharsets.UTF_8),
                List.of(current, previous));

        assertThat(signature.split(" ")).hasSize(2);
        for (String secret : List.of(current, previous)) {
            assertThatCode(() -> new Webhook(secret).verify(BODY, headers("msg_2", now, signature)))
                    .doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> new Webhook(WebhookSigner.newSecret()).verify(BODY, headers("msg_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void shouldFailVerificationWhenTheBodyOrTheIdChanges() throws Exception {
        String secret = WebhookSigner.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.signature("msg_3", now, BODY.getBytes(StandardCharsets.UTF_8),
                List.of(secret));

        assertThatThrownBy(() -> new Webhook(secret).verify(BODY + " ", headers("msg_3", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(secret).verify(BODY, headers("msg_4", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void shouldKnowASecretByItsForm() {
        assertThat(WebhookSigner.isSecret(WebhookSigner.newSecret())).isTrue();
        assertThat(WebhookSigner.isSecret("whsec_" + "QUJD")).as("3 bytes").isFalse();
        assertThat(WebhookSigner.isSecret("sk_abc")).isFalse();
        assertThat(WebhookSigner.isSecret("whsec_not base64!")).isFalse();
        assertThatThrownBy(() -> WebhookSigner.signature("msg", 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
