package io.askflow.api.webhook;

import io.askflow.api.auth.Caller;
import io.askflow.api.job.PathIds;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.job.ReceiverRules;
import io.askflow.api.job.StorableJson;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Webhook endpoints registered once, each with its own signing secret: register, list, get, rotate the secret (the
 * old one keeps signing beside the new one for a grace period), delete.
 */
@RestController
@RequestMapping("/v1/webhooks/endpoints")
@Tag(name = "webhooks", description = "Signed webhooks (Standard Webhooks 1.0): registered endpoints and deliveries")
@SecurityRequirement(name = "bearer")
public class WebhookEndpointController {

    /** How long the old secret signs after a rotation unless the caller says otherwise. */
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** The longest grace period a rotation takes. */
    static final Duration MAX_GRACE = Duration.ofDays(7);
    /** The longest description taken, in characters. */
    static final int MAX_DESCRIPTION_LENGTH = 1000;

    private final WebhookEndpointStore endpoints;
    private final ReceiverRules receivers;
    private final Clock clock;

    public WebhookEndpointController(WebhookEndpointStore endpoints, ReceiverRules receivers, Clock clock) {
        this.endpoints = endpoints;
        this.receivers = receivers;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Register a webhook endpoint",
            description = "Answers 201 with the endpoint and its new signing secret, shown this once (later answers"
                    + " mask it): keep it to verify the webhook-signature header of every delivery. 400 for a URL"
                    + " that is not http or https or clearly not on a public address, or an unknown event.")
    @ApiResponses({
            @ApiResponse(responseCode = "201", description = "Registered, with its secret whole",
                    content = @Content(schema = @Schema(implementation = EndpointView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<EndpointView> createEndpoint(@RequestBody CreateEndpointRequest body,
                                                       HttpServletRequest request) {
        check(body);
        Instant now = clock.instant();
        Endpoint endpoint = endpoints.create(Caller.of(request).tenant(), body.url(), ReceiverRules.events(body.events()),
                body.description(), now);
        return ResponseEntity.created(URI.create(EndpointView.self(endpoint.id())))
                .body(EndpointView.revealing(endpoint, now));
    }

    @GetMapping
    @Operation(summary = "List the webhook endpoints", description = "Every endpoint, active or disabled, oldest"
            + " first; secrets masked.")
    public List<EndpointView> listEndpoints(HttpServletRequest request) {
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        return (caller.admin() ? endpoints.list() : endpoints.list(caller.tenant())).stream()
                .map(endpoint -> EndpointView.masked(endpoint, now)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a webhook endpoint", description = "Its secret masked. 400 for a malformed id, 404 for"
            + " an unknown one.")
    public EndpointView getEndpoint(@PathVariable("id") String id, HttpServletRequest request) {
        UUID endpointId = PathIds.parse(id, "endpoint");
        Caller caller = Caller.of(request);
        return EndpointView.masked((caller.admin() ? endpoints.find(endpointId)
                        : endpoints.find(endpointId, caller.tenant()))
                .orElseThrow(() -> new WebhookEndpointNotFoundException(endpointId)), clock.instant());
    }

    @PostMapping("/{id}/rotate")
    @Operation(summary = "Rotate an endpoint's signing secret",
            description = "Gives the endpoint a new secret, shown this once; the old one keeps signing beside it"
                    + " (two v1 signatures in webhook-signature) until the grace period ends, so that receivers can"
                    + " switch without losing a delivery. 400 for a malformed id or grace, 404 for an unknown id.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "Rotated, with the new secret whole",
                    content = @Content(schema = @Schema(implementation = EndpointView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No such endpoint (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public EndpointView rotateSecret(@PathVariable("id") String id,
                                     @Parameter(description = "How long the old secret keeps signing, ISO-8601 (PT0S"
                                             + " to P7D); default PT24H", example = "PT24H")
                                     @RequestParam(name = "grace", required = false) String grace,
                                     HttpServletRequest request) {
        UUID endpointId = PathIds.parse(id, "endpoint");
        Duration period = grace(grace);
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        Endpoint endpoint = (caller.admin() ? endpoints.rotate(endpointId, period, now)
                : endpoints.rotate(endpointId, caller.tenant(), period, now))
                .orElseThrow(() -> new WebhookEndpointNotFoundException(endpointId));
        return EndpointView.revealing(endpoint, now);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook endpoint",
            description = "No more deliveries go to it; its deliveries and their attempts are deleted with it. 204;"
                    + " 400 for a malformed id, 404 for an unknown one.")
    public void deleteEndpoint(@PathVariable("id") String id, HttpServletRequest request) {
        UUID endpointId = PathIds.parse(id, "endpoint");
        Caller caller = Caller.of(request);
        if (!(caller.admin() ? endpoints.delete(endpointId) : endpoints.delete(endpointId, caller.tenant()))) {
            throw new WebhookEndpointNotFoundException(endpointId);
        }
    }

    private void check(CreateEndpointRequest body) {
        List<Violation> violations = new ArrayList<>();
        receivers.checkUrl("url", body.url(), violations);
        receivers.checkEvents("events", body.events(), violations);
        String description = body.description();
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            violations.add(new Violation("description", "is " + description.length() + " characters long; the limit"
                    + " is " + MAX_DESCRIPTION_LENGTH));
        } else if (description != null) {
            StorableJson.unstorable(description).ifPresent(problem -> violations.add(new Violation("description",
                    problem)));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
    }

    /** The grace period asked for: an ISO-8601 duration from zero to {@link #MAX_GRACE}, by default {@link #DEFAULT_GRACE}. */
    static Duration grace(String text) {
        if (text == null) {
            return DEFAULT_GRACE;
        }
        Duration grace;
        try {
            grace = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalidGrace("\"" + text + "\" is not an ISO-8601 duration such as PT24H, PT30M or P2D");
        }
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw invalidGrace("must be from PT0S (the old secret stops signing at once) to P7D, was " + text);
        }
        return grace;
    }

    private static InvalidJobRequestException invalidGrace(String message) {
        return new InvalidJobRequestException(List.of(new Violation("grace", message)));
    }
}
