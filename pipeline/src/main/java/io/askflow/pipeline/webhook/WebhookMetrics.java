package io.askflow.pipeline.webhook;

import io.askflow.core.store.DeliveryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Objects;

/**
 * The dispatcher's meters: {@value #DELIVERIES} (tag {@code outcome} = delivered | failed | retrying) counts attempts
 * by where they left their delivery, {@value #LATENCY} times every attempt (connect to the status line, or to the
 * failure), {@value #PENDING} is a gauge of the deliveries PENDING in PostgreSQL (NaN while it cannot be read), and
 * {@value #SKIPPED} (tag {@code reason} = unreadable | invalid | missing-job | gave-up) counts job events the
 * listener logged and dropped.
 */
public final class WebhookMetrics {

    public static final String DELIVERIES = "askflow.webhooks.deliveries";
    public static final String LATENCY = "askflow.webhooks.latency";
    public static final String PENDING = "askflow.webhooks.pending";
    public static final String SKIPPED = "askflow.webhooks.events.skipped";

    private final MeterRegistry registry;
    private final Counter delivered;
    private final Counter failed;
    private final Counter retrying;
    private final Timer latency;

    public WebhookMetrics(MeterRegistry registry, DeliveryStore store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.delivered = outcome("delivered");
        this.failed = outcome("failed");
        this.retrying = outcome("retrying");
        this.latency = Timer.builder(LATENCY).description("Webhook delivery attempts, connect to answer")
                .publishPercentileHistogram().register(registry);
        Gauge.builder(PENDING, store, WebhookMetrics::pending).description("Webhook deliveries waiting to be sent")
                .register(registry);
    }

    private Counter outcome(String outcome) {
        return Counter.builder(DELIVERIES).tag("outcome", outcome)
                .description("Webhook delivery attempts by where they left their delivery").register(registry);
    }

    private static double pending(DeliveryStore store) {
        try {
            return store.countPending();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    void delivered(Duration took) {
        delivered.increment();
        latency.record(took);
    }

    void failed(Duration took) {
        failed.increment();
        if (took != null) {
            latency.record(took);
        }
    }

    void retrying(Duration took) {
        retrying.increment();
        latency.record(took);
    }

    void skipped(String reason) {
        Counter.builder(SKIPPED).tag("reason", reason).description("Job events the webhook listener dropped")
                .register(registry).increment();
    }
}
