package io.askflow.pipeline.webhook;

import io.askflow.core.job.JobEventType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The {@code webhook-id} of a delivery: {@code msg_} and 32 hex digits of a SHA-256 over the job, the event and the
 * receiver, so that a job event read twice (a redelivered batch, a restart) names the same delivery and creates
 * nothing twice, and each retry of it carries the same id (receivers deduplicate by it).
 */
public final class DeliveryIds {

    private DeliveryIds() {
    }

    /** The id of the delivery of {@code type} for {@code jobId} to the job's own webhook. */
    public static String forJobWebhook(UUID jobId, JobEventType type) {
        return id(jobId, type, "job");
    }

    /** The id of the delivery of {@code type} for {@code jobId} to the registered endpoint {@code endpointId}. */
    public static String forEndpoint(UUID jobId, JobEventType type, UUID endpointId) {
        return id(jobId, type, "endpoint:" + endpointId);
    }

    private static String id(UUID jobId, JobEventType type, String receiver) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((jobId + "|" + type.wireName() + "|" + receiver).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
