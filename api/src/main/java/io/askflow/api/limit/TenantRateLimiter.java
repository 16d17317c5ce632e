package io.askflow.api.limit;

import io.askflow.core.resilience.OutageGuard;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The request rate of each tenant as a token bucket (Bucket4j) kept in Redis, so every API instance draws from
 * the same bucket: a tenant gets its rate across the deployment, however the load balancer spreads it. The bucket
 * holds the tenant's burst and refills at its rate; each request takes one token (compare-and-set on the bucket's
 * Redis key, no lock).
 *
 * <p>Redis down never fails a request: through an {@link OutageGuard} a failed or skipped call lets the request
 * pass unlimited (fail open; one WARN line when Redis goes down, one INFO line when it is back, and
 * {@code askflow.api.rate-limit.errors} counts each request let through so), and after a failure Redis is not
 * asked again for {@code askflow.limits.retry-interval}. Being unlimited for a while is cheaper than refusing every
 * tenant because a counter is gone: the queue quota, counted in PostgreSQL, still bounds the work.
 *
 * <p>A bucket's key names the tenant, its rate and its burst ({@code askflow:ratelimit:{tenant}:{rate}:{burst}}),
 * so a changed limit starts a new, full bucket instead of reconfiguring one that other instances still use with the
 * old numbers; an idle bucket expires from Redis 10 s after it would be full again.
 */
public final class TenantRateLimiter {

    private static final String KEY_PREFIX = "askflow:ratelimit:";
    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

    private final ProxyManager<String> buckets;
    private final TenantLimits limits;
    private final OutageGuard guard;
    private final MeterRegistry registry;
    private final Counter errors;

    public TenantRateLimiter(ProxyManager<String> buckets, TenantLimits limits, OutageGuard guard,
                             MeterRegistry registry) {
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.errors = Counter.builder("askflow.api.rate-limit.errors")
                .description("Requests let through unlimited because Redis failed or was resting after a failure")
                .register(registry);
        Gauge.builder("askflow.api.rate-limit.up", guard, g -> g.isUp() ? 1 : 0)
                .description("1 while the rate limits' Redis answers, 0 while requests pass unlimited")
                .register(registry);
    }

    /** How long a full, unused bucket stays in Redis. */
    public static Duration keepFullBuckets() {
        return KEEP_FULL_BUCKETS;
    }

    /** Takes one request from the tenant's bucket; lets it pass unchecked while Redis is down. */
    public RateDecision tryAcquire(String tenant) {
        TenantLimits.Limit limit = limits.of(tenant);
        RateDecision decision = guard.call(() -> consume(tenant, limit), RateDecision.unchecked(), outcome -> {
            if (outcome != OutageGuard.Outcome.OK) {
                errors.increment();
            }
        });
        if (!decision.allowed()) {
            Counter.builder("askflow.api.rate-limited")
                    .description("Requests refused with 429 by a tenant's rate limit")
                    .tag("tenant", tenant)
                    .register(registry)
                    .increment();
        }
        return decision;
    }

    private RateDecision consume(String tenant, TenantLimits.Limit limit) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
        ConsumptionProbe probe = buckets.builder()
                .build(KEY_PREFIX + tenant + ":" + limit.requestsPerSecond() + ":" + limit.burst(), () -> configuration)
                .tryConsumeAndReturnRemaining(1);
        long window = ceilDiv(limit.burst(), limit.requestsPerSecond());
        if (probe.isConsumed()) {
            return new RateDecision(true, true, limit.burst(), window, probe.getRemainingTokens(),
                    seconds(probe.getNanosToWaitForReset()), 0);
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        return new RateDecision(true, false, limit.burst(), window, 0, retryAfter, retryAfter);
    }

    private static long seconds(long nanos) {
        return ceilDiv(nanos, TimeUnit.SECONDS.toNanos(1));
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
