package io.askflow.api.limit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Limits per tenant ({@code askflow.limits.*}): a request rate counted in Redis by every instance together, and a
 * bound on the jobs a tenant may have QUEUED or RUNNING, counted in PostgreSQL. A tenant's own
 * {@code tenants.requests_per_second} and {@code tenants.max_queued_jobs} override the defaults here.
 *
 * @param enabled           whether requests to {@code /v1/**} are rate limited (default true); the queue quota
 *                          always applies
 * @param requestsPerSecond the sustained rate of a tenant, in requests per second (default 1,000): above what a
 *                          service of one team sends through it (the seed's own load test, {@code ab -c 50}, stays
 *                          under it), below what a few instances serve, so one tenant's runaway loop cannot take the
 *                          API from the others; set a tenant's own lower rate for untrusted callers
 * @param burst             how many requests a tenant may send at once after a quiet time (default 2,000: two
 *                          seconds of the rate); a tenant with its own rate gets the same number of seconds of it,
 *                          at least 1 request
 * @param maxQueuedJobs     jobs a tenant may have QUEUED or RUNNING at once (default 100,000: hours of GPU work at a
 *                          few seconds a run; past that a caller waits for answers instead of piling up more; lower
 *                          it per tenant where GPUs are few)
 * @param tenantCache       how long a tenant's own limits are remembered after they were read (default 10 s): a
 *                          change in the {@code tenants} table applies within that time
 * @param queueCountCache   how long an instance trusts its count of a tenant's open jobs (default 1 s, at most
 *                          1 s); jobs it accepted meanwhile are added to it
 * @param retryInterval     after a Redis failure, requests pass without asking Redis this long (default 1 s)
 */
@Validated
@ConfigurationProperties("askflow.limits")
public record LimitsProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("1000") @Min(1) int requestsPerSecond,
                               @DefaultValue("2000") @Min(1) int burst,
                               @DefaultValue("100000") @Min(1) int maxQueuedJobs,
                               @DefaultValue("10s") @NotNull Duration tenantCache,
                               @DefaultValue("1s") @NotNull Duration queueCountCache,
                               @DefaultValue("1s") @NotNull Duration retryInterval) {

    /** The longest {@link #queueCountCache()} allowed: the quota must not drift far from PostgreSQL. */
    public static final Duration MAX_QUEUE_COUNT_CACHE = Duration.ofSeconds(1);

    public LimitsProperties {
        if (queueCountCache != null && (queueCountCache.isNegative() || queueCountCache.compareTo(MAX_QUEUE_COUNT_CACHE) > 0)) {
            throw new IllegalArgumentException("askflow.limits.queue-count-cache must be from 0 to 1s, was "
                    + queueCountCache);
        }
        for (Duration d : new Duration[] {tenantCache, retryInterval}) {
            if (d != null && d.isNegative()) {
                throw new IllegalArgumentException("askflow.limits durations must not be negative, was " + d);
            }
        }
    }

    /** The burst of a tenant whose rate is {@code rate}: the same seconds of its rate as the default, at least 1. */
    public int burstFor(int rate) {
        if (rate == requestsPerSecond) {
            return burst;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round((double) burst * rate / requestsPerSecond)));
    }
}
