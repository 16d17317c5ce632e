package io.askflow.pipeline.webhook;

import io.askflow.core.store.DatabaseFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.util.Objects;

/**
 * The error policy of the webhook listener, the sinks' policy ({@code SinkErrorPolicy}) for its own failures. Offsets
 * are committed only after the listener returned (AckMode BATCH), so after the deliveries' rows are written. A
 * failure names the first job event not planned; the {@link DefaultErrorHandler} commits the ones before it and polls
 * the rest again after a back-off chosen by the failure's class:
 *
 * <ul>
 *   <li>{@link PlanningFailure.DatabaseUnavailable}: exponential back-off from 100 ms up to
 *       {@code retry-max-interval}, without limit: skipping would lose the event's webhooks;</li>
 *   <li>{@link PlanningFailure.RowBehind}, the job's row does not show the event yet: the same back-off for at most
 *       {@code row-max-wait};</li>
 *   <li>{@link PlanningFailure.Failed}: 3 attempts a second apart.</li>
 * </ul>
 * A record whose bounded back-off ran out is logged at ERROR, counted in {@value WebhookMetrics#SKIPPED} and skipped.
 * Unreadable and invalid records are skipped by the listener without a retry.
 */
final class PlanningErrorPolicy {

    private static final Logger log = LoggerFactory.getLogger(PlanningErrorPolicy.class);
    private static final long INITIAL_MS = 100;

    private final DispatcherProperties properties;
    private final WebhookMetrics metrics;

    PlanningErrorPolicy(DispatcherProperties properties, WebhookMetrics metrics) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    DefaultErrorHandler errorHandler() {
        DefaultErrorHandler handler = new DefaultErrorHandler(this::giveUp, new FixedBackOff(1000, 2));
        handler.setBackOffFunction((record, e) -> backOff(e));
        handler.setCommitRecovered(true);
        handler.setResetStateOnExceptionChange(true);
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners((record, e, attempt) -> retrying(record, e, attempt));
        return handler;
    }

    BackOff backOff(Exception e) {
        if (DatabaseFailures.causedBy(e, PlanningFailure.DatabaseUnavailable.class)) {
            return exponential();
        }
        if (DatabaseFailures.causedBy(e, PlanningFailure.RowBehind.class)) {
            ExponentialBackOff backOff = exponential();
            backOff.setMaxElapsedTime(properties.rowMaxWait().toMillis());
            return backOff;
        }
        return new FixedBackOff(1000, 2);
    }

    private ExponentialBackOff exponential() {
        ExponentialBackOff backOff = new ExponentialBackOff(INITIAL_MS, 2.0);
        backOff.setMaxInterval(Math.max(INITIAL_MS, properties.retryMaxInterval().toMillis()));
        return backOff;
    }

    private void retrying(ConsumerRecord<?, ?> record, Exception e, int attempt) {
        if (DatabaseFailures.causedBy(e, PlanningFailure.RowBehind.class)) {
            log.debug("webhooks: job {} waits for its row ({}-{}@{}, attempt {})", record.key(), record.topic(),
                    record.partition(), record.offset(), attempt);
            return;
        }
        log.warn("webhooks could not plan {}-{}@{} key {} (attempt {}), polling it again: {}", record.topic(),
                record.partition(), record.offset(), record.key(), attempt,
                NestedExceptionUtils.getMostSpecificCause(e).toString());
    }

    private void giveUp(ConsumerRecord<?, ?> record, Exception e) {
        String reason = DatabaseFailures.causedBy(e, PlanningFailure.RowBehind.class) ? "missing-job" : "gave-up";
        metrics.skipped(reason);
        log.error("webhooks give up on {}-{}@{} key {} ({}): its deliveries are not created", record.topic(),
                record.partition(), record.offset(), record.key(), reason, e);
    }
}
