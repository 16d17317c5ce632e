package io.askflow.api.webhook;

import io.askflow.api.auth.Caller;
import io.askflow.api.job.PathIds;
import io.askflow.api.job.JobNotFoundException;
import io.askflow.api.job.JobQueries;
import io.askflow.core.store.DeliveryStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A job's webhook deliveries (to its own webhook and to the registered endpoints), each with its attempts, and a
 * manual redelivery. The pipeline's dispatcher makes the deliveries; this only reads them and makes one due again.
 */
@RestController
@RequestMapping("/v1/jobs/{id}/deliveries")
@Tag(name = "webhooks")
@SecurityRequirement(name = "bearer")
public class DeliveryController {

    private final DeliveryStore deliveries;
    private final JobQueries jobs;
    private final Clock clock;

    public DeliveryController(DeliveryStore deliveries, JobQueries jobs, Clock clock) {
        this.deliveries = deliveries;
        this.jobs = jobs;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "List a job's webhook deliveries",
            description = "Every delivery of the job's events, oldest first, with status (PENDING, DELIVERED, FAILED)"
                    + " and every attempt (time, HTTP status, latency, error); [] when there are none. 400 for a"
                    + " malformed job id, 404 for an unknown one.")
    public List<DeliveryView> listDeliveries(@PathVariable("id") String id, HttpServletRequest request) {
        UUID jobId = existingJob(id, Caller.of(request));
        return deliveries.forJob(jobId).stream().map(DeliveryView::of).toList();
    }

    @PostMapping("/{deliveryId}/redeliver")
    @Operation(summary = "Deliver again",
            description = "Makes the delivery due at once with its retry schedule started over, whatever its status;"
                    + " it keeps its id (the webhook-id header) and its attempts. Answers 202 with the delivery; the"
                    + " dispatcher sends it shortly. 404 for an unknown job or delivery.")
    @ApiResponses({
            @ApiResponse(responseCode = "202", description = "Due again: status PENDING",
                    content = @Content(schema = @Schema(implementation = DeliveryView.class))),
            @ApiResponse(responseCode = "400", description = "Malformed job id (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No such job or delivery (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<DeliveryView> redeliver(@PathVariable("id") String id,
                                                  @PathVariable("deliveryId") String deliveryId,
                                                  HttpServletRequest request) {
        UUID jobId = existingJob(id, Caller.of(request));
        DeliveryStore.DeliveryView delivery = deliveries.redeliver(jobId, deliveryId, clock.instant())
                .orElseThrow(() -> new DeliveryNotFoundException(jobId, deliveryId));
        return ResponseEntity.accepted().body(DeliveryView.of(delivery));
    }

    /** The job's id, when the caller may see it: an admin any job, a tenant its own (another's is a 404 like none). */
    private UUID existingJob(String id, Caller caller) {
        UUID jobId = PathIds.parse(id, "job");
        if (!(caller.admin() ? jobs.exists(jobId) : jobs.exists(jobId, caller.tenant()))) {
            throw new JobNotFoundException(jobId);
        }
        return jobId;
    }
}
