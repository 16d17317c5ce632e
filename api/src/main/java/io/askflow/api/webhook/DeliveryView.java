package io.askflow.api.webhook;

import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A webhook delivery of a job's event to one receiver, with every attempt made.
 *
 * @param id             the delivery's id, the {@code webhook-id} header of every attempt
 * @param jobId          the job
 * @param endpointId     the registered endpoint it goes to; absent for the job's own webhook
 * @param url            the receiver's URL
 * @param event          the event, by wire name ({@code job.completed}, ...)
 * @param status         PENDING (due at {@code nextAttemptAt}), DELIVERED or FAILED
 * @param attemptCount   attempts made
 * @param nextAttemptAt  when PENDING, when the next attempt is due
 * @param lastStatusCode the last attempt's HTTP status
 * @param lastError      the last attempt's error; for FAILED, why it failed
 * @param createdAt      when it was created
 * @param updatedAt      its last change
 * @param deliveredAt    when a 2xx came back
 * @param attempts       every attempt, first first
 * @param links          related URLs
 */
public record DeliveryView(String id, UUID jobId, UUID endpointId, String url, String event, DeliveryStatus status,
                           int attemptCount, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                           Instant createdAt, Instant updatedAt, Instant deliveredAt, List<AttemptView> attempts,
                           Map<String, String> links) {

    static DeliveryView of(DeliveryStore.DeliveryView delivery) {
        return new DeliveryView(delivery.id(), delivery.jobId(), delivery.endpointId(), delivery.url(),
                delivery.eventType().wireName(), delivery.status(), delivery.attemptCount(), delivery.nextAttemptAt(),
                delivery.lastStatusCode(), delivery.lastError(), delivery.createdAt(), delivery.updatedAt(),
                delivery.deliveredAt(), delivery.attempts().stream().map(AttemptView::of).toList(),
                Map.of("redeliver", "/v1/jobs/" + delivery.jobId() + "/deliveries/" + delivery.id() + "/redeliver"));
    }

    /**
     * One attempt to deliver.
     *
     * @param attempt    its number, from 1
     * @param at         when it started
     * @param statusCode the receiver's HTTP status; absent when none came (refused, timed out, ...)
     * @param latencyMs  how long it took
     * @param error      what went wrong; absent on success
     */
    public record AttemptView(int attempt, Instant at, Integer statusCode, long latencyMs, String error) {

        static AttemptView of(DeliveryStore.AttemptView attempt) {
            return new AttemptView(attempt.attempt(), attempt.at(), attempt.statusCode(), attempt.latencyMs(),
                    attempt.error());
        }
    }
}
