package io.askflow.pipeline.dedup;

import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunRequest;

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
 */
public record InFlightRun(UUID runId, String fingerprint, JobRequest request, UUID firstJobId, CachePolicy cache,
                          Instant startedAt, Instant lastDispatchedAt, int dispatches, int waiters,
                          Instant runningSince) {

    /** A new run for {@code job}, dispatched once, with no waiter yet. */
    static InFlightRun start(UUID runId, JobSubmitted job, Instant now) {
        return new InFlightRun(runId, job.fingerprint(), job.request(), job.jobId(), job.cache(), now, now, 1, 0,
                null);
    }

    /** This run with one more waiter. */
    InFlightRun withWaiter() {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, lastDispatchedAt,
                dispatches, waiters + 1, runningSince);
    }

    /** This run carrying another cache policy. */
    InFlightRun withCache(CachePolicy policy) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, policy, startedAt, lastDispatchedAt,
                dispatches, waiters, runningSince);
    }

    /** This run dispatched once more at {@code now}. */
    InFlightRun redispatched(Instant now) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, now, dispatches + 1,
                waiters, runningSince);
    }

    /** This run, started by a worker at {@code now}. */
    InFlightRun running(Instant now) {
        return new InFlightRun(runId, fingerprint, request, firstJobId, cache, startedAt, lastDispatchedAt,
                dispatches, waiters, now);
    }

    /** Whether a worker has reported it started. */
    boolean isRunning() {
        return runningSince != null;
    }

    /** The request that sends this run (its current dispatch) to the workers. */
    RunRequest runRequest() {
        return new RunRequest(runId, fingerprint, request, firstJobId, dispatches, startedAt);
    }

    /** Whether the run's answer goes into the cache. */
    boolean writesCache() {
        return cache.writesCache();
    }
}
