package io.askflow.pipeline.webhook;

import io.askflow.core.store.DeliveryStore.Delivery;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.ReceiverAddresses.RefusedReceiverException;
import io.askflow.core.webhook.WebhookSigner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes one attempt of a delivery and says what came of it: checks the receiver with the address guard (and uses
 * the address it checked), signs the payload as Standard Webhooks says (a registered endpoint's secrets, both during
 * a rotation; a job's own webhook: {@code askflow.webhooks.signing-secret}), POSTs it and sorts the answer:
 * 2xx delivered; 410 Gone final (its endpoint is disabled); a refused address final; 3xx (never followed), any other
 * status, a timeout or a connection failure worth another try, with the receiver's {@code Retry-After} on 429 and
 * 503. The attempt is not recorded here.
 */
public final class WebhookSender {

    /** What an attempt came to. */
    enum Verdict {
        /** A 2xx: delivered. */
        DELIVERED,
        /** Worth another try on the schedule. */
        RETRY,
        /** Never worth another try: the delivery fails now. */
        FAIL,
        /** 410 Gone: the delivery fails and its endpoint is disabled. */
        GONE,
        /** No attempt was made: the endpoint is disabled (or gone); the delivery fails without one. */
        NOT_SENT
    }

    /**
     * An attempt's result.
     *
     * @param verdict    what it came to
     * @param at         when it started
     * @param latency    how long it took ({@code null} when no attempt was made)
     * @param statusCode the receiver's status, or {@code null}
     * @param error      what went wrong, or {@code null} when delivered
     * @param retryAfter the receiver's Retry-After, or {@code null}
     */
    record Result(Verdict verdict, Instant at, Duration latency, Integer statusCode, String error,
                  Duration retryAfter) {
    }

    private final ReceiverAddresses guard;
    private final ReceiverClient client;
    private final WebhookEndpointStore endpoints;
    private final String jobSigningSecret;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(ReceiverAddresses guard, ReceiverClient client, WebhookEndpointStore endpoints,
                  String jobSigningSecret, Duration timeout, Clock clock) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.client = Objects.requireNonNull(client, "client");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.jobSigningSecret = jobSigningSecret == null ? "" : jobSigningSecret;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes one attempt of {@code delivery}. */
    Result send(Delivery delivery) {
        Instant at = clock.instant();
        List<String> secrets;
        if (delivery.endpointId() == null) {
            if (jobSigningSecret.isEmpty()) {
                return notSent(at, "no askflow.webhooks.signing-secret is configured to sign a job's own webhook");
            }
            secrets = List.of(jobSigningSecret);
        } else {
            Optional<Endpoint> endpoint = endpoints.find(delivery.endpointId());
            if (endpoint.isEmpty() || !endpoint.get().active()) {
                return notSent(at, endpoint.map(e -> "the endpoint is disabled: " + e.disabledReason())
                        .orElse("the endpoint was deleted"));
            }
            secrets = endpoint.get().signingSecrets(at);
        }
        long started = System.nanoTime();
        InetAddress address;
        try {
            address = guard.resolve(delivery.url());
        } catch (RefusedReceiverException e) {
            return new Result(e.retryable() ? Verdict.RETRY : Verdict.FAIL, at, since(started), null, e.getMessage(),
                    null);
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "askflow-webhooks/1");
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", Long.toString(at.getEpochSecond()));
        headers.put("webhook-signature", WebhookSigner.signature(delivery.id(), at.getEpochSecond(), body, secrets));
        try {
            ReceiverClient.Response response = client.post(URI.create(delivery.url()), address, headers, body, timeout);
            return verdict(response, at, since(started));
        } catch (SocketTimeoutException e) {
            return new Result(Verdict.RETRY, at, since(started), null, "timed out after " + timeout.toMillis()
                    + " ms (" + address.getHostAddress() + ")", null);
        } catch (IOException | RuntimeException e) {
            return new Result(Verdict.RETRY, at, since(started), null, e.getClass().getSimpleName() + ": "
                    + e.getMessage() + " (" + address.getHostAddress() + ")", null);
        }
    }

    private static Result verdict(ReceiverClient.Response response, Instant at, Duration latency) {
        int status = response.status();
        String said = status + (response.reason().isEmpty() ? "" : " " + response.reason());
        if (status >= 200 && status < 300) {
            return new Result(Verdict.DELIVERED, at, latency, status, null, null);
        }
        if (status == 410) {
            return new Result(Verdict.GONE, at, latency, status, said + ": the receiver is gone", null);
        }
        if (status >= 300 && status < 400) {
            return new Result(Verdict.RETRY, at, latency, status, said + ": a redirect (to "
                    + response.header("Location").orElse("nowhere") + ") is never followed", null);
        }
        Duration retryAfter = status == 429 || status == 503
                ? response.header("Retry-After").flatMap(value -> retryAfter(value, at)).orElse(null) : null;
        return new Result(Verdict.RETRY, at, latency, status, said, retryAfter);
    }

    /** A Retry-After value: seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String text = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException e) {
            try {
                Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Result notSent(Instant at, String reason) {
        return new Result(Verdict.NOT_SENT, at, null, null, reason, null);
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
