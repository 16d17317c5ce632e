package io.askflow.api.tenant;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A tenant (table {@code tenants}, ADR 7): a team whose jobs, webhooks and keys are its own.
 *
 * @param id                its id: lower-case letters, digits and dashes
 * @param name              its name for people
 * @param sharedCacheScope  the shared cache scope it opted into ({@code shared:<name>}), or {@code null}: answers are
 *                          shared only among its own jobs
 * @param weight            its weight in the workers' fair share of GPU slots (1 to 1000)
 * @param requestsPerSecond its rate limit, or {@code null} for the deployment's default
 * @param maxQueuedJobs     its quota of jobs not yet ended, or {@code null} for the deployment's default
 * @param createdAt         when it was created
 */
public record Tenant(
        @Schema(example = "team-a") String id,
        @Schema(example = "Team A") String name,
        @Schema(description = "Name of the shared cache scope the tenant opted into; absent: its own scope",
                example = "public-docs") String sharedCacheScope,
        @Schema(description = "Weight in the fair share of GPU slots", example = "1") int weight,
        @Schema(description = "Requests per second; absent: the deployment's default") Integer requestsPerSecond,
        @Schema(description = "Jobs not yet ended at once; absent: the deployment's default") Integer maxQueuedJobs,
        Instant createdAt) {
}
