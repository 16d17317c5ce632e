package io.askflow.api.webhook;

import java.util.UUID;

/** No registered webhook endpoint has this id: a 404. */
public class WebhookEndpointNotFoundException extends RuntimeException {

    public WebhookEndpointNotFoundException(UUID id) {
        super("no webhook endpoint has the id " + id);
    }
}
