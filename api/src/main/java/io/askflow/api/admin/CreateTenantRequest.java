package io.askflow.api.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/admin/tenants}. Unknown fields are refused.
 *
 * @param id                the new tenant's id (lower-case letters, digits, dashes; 1 to 63)
 * @param name              its name for people; omitted: the id
 * @param sharedCacheScope  a shared cache scope's name to share answers in; omitted: its own scope
 * @param weight            its weight in the fair share of GPU slots (1 to 1000); omitted: 1
 * @param requestsPerSecond its rate limit; omitted: the deployment's default
 * @param maxQueuedJobs     its quota of jobs not yet ended; omitted: the deployment's default
 */
public record CreateTenantRequest(
        @Schema(example = "team-a", requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(example = "Team A") String name,
        @Schema(example = "public-docs") String sharedCacheScope,
        @Schema(example = "1") Integer weight,
        @Schema(example = "50") Integer requestsPerSecond,
        @Schema(example = "10000") Integer maxQueuedJobs) {
}
