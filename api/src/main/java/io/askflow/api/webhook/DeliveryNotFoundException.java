package io.askflow.api.webhook;

import java.util.UUID;

/** The job has no webhook delivery with this id: a 404. */
public class DeliveryNotFoundException extends RuntimeException {

    public DeliveryNotFoundException(UUID jobId, String deliveryId) {
        super("job " + jobId + " has no delivery \"" + deliveryId + "\"");
    }
}
