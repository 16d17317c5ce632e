package io.askflow.core.run;

import io.askflow.core.job.JobRequest;
import io.askflow.core.job.Lane;
import io.askflow.core.tenant.Tenants;

import java.time.Instant;
import java.util.UUID;

/**
 * One chain run for the workers, on topic {@code askflow.tasks} keyed by fingerprint.
 *
 * @param runId       the run's id; every job answered by this run refers to it
 * @param fingerprint the fingerprint of {@link #request()}
 * @param request     what to answer
 * @param firstJobId  the job that started the run (for logs)
 * @param dispatch    1 for the first dispatch, higher when the run is sent again after a deadline
 * @param createdAt   when the pipeline created the run
 * @param tenant      the tenant of the job that started the run ({@code null} reads as {@code default}): whose
 *                    share of the GPU slots the run takes, and whose usage its tokens count to
 * @param lane        the lane of the job that started the run ({@code null} reads as {@link Lane#INTERACTIVE}): a
 *                    worker starts a waiting interactive run before any batch run
 */
public record RunRequest(UUID runId, String fingerprint, JobRequest request, UUID firstJobId, int dispatch,
                        Instant createdAt, String tenant, Lane lane) {

    public RunRequest {
        tenant = tenant == null ? Tenants.DEFAULT : tenant;
        lane = Lane.orInteractive(lane);
    }

    /** An interactive run. */
    public RunRequest(UUID runId, String fingerprint, JobRequest request, UUID firstJobId, int dispatch,
                      Instant createdAt, String tenant) {
        this(runId, fingerprint, request, firstJobId, dispatch, createdAt, tenant, Lane.INTERACTIVE);
    }

    /** A run of the default tenant. */
    public RunRequest(UUID runId, String fingerprint, JobRequest request, UUID firstJobId, int dispatch,
                      Instant createdAt) {
        this(runId, fingerprint, request, firstJobId, dispatch, createdAt, Tenants.DEFAULT);
    }
}
