package io.askflow.api.stats;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard's overview draws: the jobs that ended in a window, per bucket of time and in total, and the
 * queue as it is now.
 *
 * @param scope         the tenant counted, or {@code *} for every tenant (an admin's)
 * @param from          the window's start (included)
 * @param to            the window's end (excluded): now
 * @param bucketSeconds the length of a bucket
 * @param buckets       the window's buckets, oldest first, every one present (zeros where nothing ended)
 * @param totals        the whole window
 * @param queue         the jobs QUEUED and RUNNING now
 */
public record StatsView(String scope, Instant from, Instant to, long bucketSeconds, List<Bucket> buckets,
                        Totals totals, Queue queue) {

    /**
     * The jobs that ended in one bucket, and the tokens of the runs that finished in it.
     *
     * @param start        the bucket's start
     * @param llm          jobs COMPLETED by a chain run of their own
     * @param cache        jobs COMPLETED from the answer cache
     * @param coalesced    jobs COMPLETED by another job's run (they waited for it)
     * @param failed       jobs FAILED
     * @param latencyP50Ms the median from submit to COMPLETED, or {@code null} when none completed
     * @param latencyP95Ms the 95th percentile from submit to COMPLETED, or {@code null}
     * @param tokens       prompt and completion tokens of the runs that finished in the bucket
     */
    public record Bucket(Instant start, long llm, long cache, long coalesced, long failed, Long latencyP50Ms,
                         Long latencyP95Ms, long tokens) {
    }

    /**
     * The whole window.
     *
     * @param completed             jobs COMPLETED
     * @param failed                jobs FAILED
     * @param llm                   COMPLETED by a run of their own
     * @param cache                 COMPLETED from the cache
     * @param coalesced             COMPLETED by another job's run: the runs coalescing saved
     * @param cacheHitRatio         cache / completed, or {@code null} when none completed
     * @param latencyP50Ms          the median from submit to COMPLETED, or {@code null}
     * @param latencyP95Ms          the 95th percentile from submit to COMPLETED, or {@code null}
     * @param tokens                prompt and completion tokens of the runs that finished
     * @param tokensPerSecond       tokens over the window's seconds
     */
    public record Totals(long completed, long failed, long llm, long cache, long coalesced, Double cacheHitRatio,
                         Long latencyP50Ms, Long latencyP95Ms, long tokens, double tokensPerSecond) {
    }

    /**
     * The queue now.
     *
     * @param queued  jobs waiting for a worker
     * @param running jobs whose run started
     */
    public record Queue(long queued, long running) {
    }
}
