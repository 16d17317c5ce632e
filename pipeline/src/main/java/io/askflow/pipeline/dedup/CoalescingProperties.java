package io.askflow.pipeline.dedup;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether duplicates wait for the run in flight ({@code askflow.pipeline.coalescing.*}). Switching it off
 * is for benchmarks that compare Askflow with a plain cache-only service; change it only on a fresh
 * application id (the in-flight store is keyed differently, see {@link AnswerTopology}).
 *
 * @param enabled    true (default): a duplicate of a running question waits for that run; false: every cache
 *                   miss starts a run of its own (results still fill the cache)
 * @param maxWaiters the most jobs that may wait for one run (default 100,000); a job past it ends FAILED
 *                   {@code TOO_MANY_WAITERS} (retryable: submitted again later it is answered from the cache), so
 *                   one hot question cannot grow the waiters store without bound
 */
@Validated
@ConfigurationProperties("askflow.pipeline.coalescing")
public record CoalescingProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("100000") @Min(1) int maxWaiters) {

    /** The default bound on waiters per run. */
    public static final int DEFAULT_MAX_WAITERS = 100_000;

    /** Coalescing on, the default. */
    public static CoalescingProperties defaults() {
        return new CoalescingProperties(true, DEFAULT_MAX_WAITERS);
    }
}
