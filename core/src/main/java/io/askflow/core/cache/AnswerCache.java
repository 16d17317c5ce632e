package io.askflow.core.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where answers are kept between runs, keyed by cache scope and fingerprint ({@link AnswerKey}). Implementations may throw any
 * {@link RuntimeException} when the store cannot be reached; {@link GuardedAnswerCache} turns that
 * into a miss or a skipped write, so the topology never fails because of the cache.
 */
public interface AnswerCache {

    /** The cached answer under {@code key}, or empty when there is none. */
    Optional<CachedAnswer> get(AnswerKey key);

    /** Stores an answer for {@code ttl}, replacing any earlier one. */
    void put(AnswerKey key, CachedAnswer answer, Duration ttl);
}
