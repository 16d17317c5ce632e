package io.askflow.pipeline.dedup;

import io.askflow.core.cache.AnswerKey;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.Lane;
import io.askflow.core.run.RunRequest;
import io.askflow.core.tenant.Tenants;

import java.time.Instant;
import java.util.UUID;

/**
 * A chain run the pipeline waits for, the value of the {@code answer-in-flight} store (key: fingerprint).
 * The waiters themselves live in the {@code answer-waiters} store, so this value stays small whatever
 * their number.
 *
 * @param runId            the run; results name it, and it stays the same over re-dispatches
 * @param fingerprint      the question's fingerprint
 * @param request          what to answer (needed to dispatch the task again)
 * @param firstJobId       the job that started the run
 * @param cache            the run's cache policy: whether and for how long its answer is cached
 * @param startedAt        when the run was started
 * @param lastDispatchedAt when its task was last sent to the workers
 * @param dispatches       how many times its task was sent (1 at the start)
 * @param waiters          how many jobs wait for it; also the next waiter's sequence number
 * @param runningSince     when a worker first reported it started, or {@code null} while no worker has
 * @param tenant           the tenant of the job that started the run: whose GPU share it takes and whose usage it
 *                         counts to, even when jobs of other tenants of a shared cache scope wait for it
 *                         ({@code null}, in a run stored before tenants existed, reads as {@code default})
 * @param lane             the lane of the job that started the run ({@code null}, in a run stored before lanes
 *                         existed, reads as interactive); a run keeps it when jobs of the other lane join
 */
public record InFlightRun(UUID runId, String fingerprint, JobRequest request, UUID firstJobId, CachePolicy cache,
                          Instant startedAt, Instant lastDispatchedAt, int dispatches, int waiters,
                          Instant runningSince, String tenant, Lane lane) {

    public InFlightRun {
        tenant = tenant == null ? Tenants.DEFAULT : tenant;
        lane = Lane.orInteractive(lane);
    }

    /** A new run for {@code job}, dispatched once, with no waiter yet. */
    static InFlightRun start(UUID runId, JobSubmitted job, Instant now) {
        return new InFlightRun(runId, job.fingerprint(), job.request(), job.jobId(), job.cache(), now, now, 1, 0,
                null, job.tenant(), job.lane());
    }

    /** This run with one more waiter. */
    InFlightRun withWaiter() {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, lastDispatchedAt,
                dispatches, waiters + 1, runningSince, tenant, lane);
    }

    /** This run carrying another cache policy. */
    InFlightRun withCache(CachePolicy policy) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, policy, startedAt, lastDispatchedAt,
                dispatches, waiters, runningSince, tenant, lane);
    }

    /** This run dispatched once more at {@code now}. */
    InFlightRun redispatched(Instant now) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, now, dispatches + 1,
                waiters, runningSince, tenant, lane);
    }

    /** This run, started by a worker at {@code now}. */
    InFlightRun running(Instant now) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, lastDispatchedAt,
                dispatches, waiters, now, tenant, lane);
    }

    /** Whether a worker has reported it started. */
    boolean isRunning() {
        return runningSince != null;
    }

    /** The request that sends this run (its current dispatch) to the workers. */
    RunRequest runRequest() {
        return new RunRequest(runId, fingerprint, request, firstJobId, dispatches, startedAt, tenant, lane);
    }

    /** Where the run's answer is cached: its request's scope (every waiter's, since the scope is in the fingerprint). */
    AnswerKey answerKey() {
        return new AnswerKey(request.scope(), fingerprint);
    }

    /** Whether the run's answer goes into the cache. */
    boolean writesCache() {
        return cache.writesCache();
    }
}
