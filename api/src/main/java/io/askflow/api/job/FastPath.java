package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.job.JobSubmitted;
import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;

/**
 * The submit's fast path: the cached answer of a job whose cache policy reads the cache, looked up in the
 * same Redis entry the pipeline writes. Never throws and never waits long: a Redis that is down or slower
 * than {@code askflow.redis.timeout} is a miss ({@link GuardedAnswerCache}), and after a failure Redis is left
 * alone for {@code askflow.cache.retry-interval}.
 */
@Component
public class FastPath {

    private final GuardedAnswerCache cache;
    private final boolean enabled;

    public FastPath(GuardedAnswerCache cache, ApiProperties properties) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.enabled = properties.fastPath().enabled();
    }

    /** The answer to complete {@code job} with now, or empty: the job then goes the usual way. */
    public Optional<CachedAnswer> cachedAnswer(JobSubmitted job) {
        if (!enabled || !job.cache().readsCache()) {
            return Optional.empty();
        }
        return cache.lookup(job.answerKey()).hitAnswer();
    }
}
