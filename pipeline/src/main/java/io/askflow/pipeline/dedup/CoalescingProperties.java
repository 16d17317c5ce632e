package io.askflow.pipeline.dedup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether duplicates wait for the run in flight ({@code askflow.pipeline.coalescing.*}). Switching it off
 * is for benchmarks that compare Askflow with a plain cache-only service; change it only on a fresh
 * application id (the in-flight store is keyed differently, see {@link AnswerTopology}).
 *
 * @param enabled true (default): a duplicate of a running question waits for that run; false: every cache
 *                miss starts a run of its own (results still fill the cache)
 */
@Validated
@ConfigurationProperties("askflow.pipeline.coalescing")
public record CoalescingProperties(@DefaultValue("true") boolean enabled) {

    /** Coalescing on, the default. */
    public static CoalescingProperties defaults() {
        return new CoalescingProperties(true);
    }
}
