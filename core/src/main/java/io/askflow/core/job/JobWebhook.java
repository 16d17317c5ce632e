package io.askflow.core.job;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A job's own webhook: where its status changes are delivered, and which ones. Carried by the job
 * ({@code JobSubmitted.webhook}) and stored with its row; signed with the configured per-job signing secret.
 *
 * @param url    the receiver, an http or https URL that {@code io.askflow.core.webhook.ReceiverAddresses} accepts
 * @param events the events delivered; never empty (a subscription without events is refused at submit)
 */
public record JobWebhook(String url, Set<JobEventType> events) {

    /** The events delivered when a subscription names none: the job's end. */
    public static final Set<JobEventType> DEFAULT_EVENTS =
            Set.copyOf(EnumSet.of(JobEventType.JOB_COMPLETED, JobEventType.JOB_FAILED));

    public JobWebhook {
        Objects.requireNonNull(url, "url");
        events = events == null || events.isEmpty() ? DEFAULT_EVENTS : Set.copyOf(events);
    }

    /** Whether {@code type} is delivered. */
    public boolean wants(JobEventType type) {
        return events.contains(type);
    }
}
