package io.askflow.api.webhook;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /v1/webhooks/endpoints}. Unknown fields are rejected.
 *
 * @param url         the receiver (required): an http or https URL on a public address
 * @param events      the events it receives; omitted: the job's end
 * @param description the caller's words about it
 */
public record CreateEndpointRequest(
        @Schema(description = "The receiver: an http or https URL (at most 2000 characters) on a public address;"
                + " loopback, private, link-local, CGNAT, multicast and unspecified addresses are refused unless"
                + " askflow.webhooks.allowed-networks allows them", example = "https://example.com/hooks/askflow",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String url,
        @ArraySchema(arraySchema = @Schema(description = "The events it receives; omitted: job.completed and"
                + " job.failed"), schema = @Schema(allowableValues = {"job.running", "job.completed", "job.failed"}))
        List<String> events,
        @Schema(description = "Your words about it (at most 1000 characters)", example = "billing service")
        String description) {
}
