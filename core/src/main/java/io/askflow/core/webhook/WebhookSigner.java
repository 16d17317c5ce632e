package io.askflow.core.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Signs deliveries as Standard Webhooks 1.0 says (https://www.standardwebhooks.com): the
 * {@code webhook-signature} header is a space-separated list of {@code v1,<base64 HMAC-SHA256>} over
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}, one per secret, so that during a rotation the old and the new
 * secret both sign. A secret is {@code whsec_} and the base64 of 24 to 64 random bytes.
 */
public final class WebhookSigner {

    /** The prefix of every signing secret. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new signing secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} has the form of a signing secret (prefix, base64 of 24 to 64 bytes). */
    public static boolean isSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The {@code webhook-signature} header's value.
     *
     * @param messageId the {@code webhook-id} header (stable across retries of one event)
     * @param timestamp the {@code webhook-timestamp} header, Unix seconds of this attempt
     * @param body      the exact bytes sent
     * @param secrets   the signing secrets, at least one; each signs
     */
    public static String signature(String messageId, long timestamp, byte[] body, List<String> secrets) {
        Objects.requireNonNull(messageId, "messageId");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a delivery needs at least one signing secret");
        }
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(secret -> "v1," + hmac(secret, prefix, body)).collect(Collectors.joining(" "));
    }

    private static String hmac(String secret, byte[] prefix, byte[] body) {
        if (!isSecret(secret)) {
            throw new IllegalArgumentException("a signing secret is whsec_ and the base64 of 24 to 64 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())),
                    "HmacSHA256"));
            mac.update(prefix);
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
