package io.askflow.core.cache;

import java.util.Optional;

/**
 * The outcome of one cache lookup.
 *
 * @param outcome hit, miss, or error (the cache could not be asked: treated as a miss)
 * @param answer  the cached answer on a hit, otherwise {@code null}
 */
public record CacheLookup(Outcome outcome, CachedAnswer answer) {

    /** What a lookup found; the tag value of the {@code askflow.cache.lookups} counter. */
    public enum Outcome {
        HIT, MISS, ERROR;

        /** The lower-case metric tag value. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CacheLookup {
        if ((outcome == Outcome.HIT) != (answer != null)) {
            throw new IllegalArgumentException("a lookup has an answer exactly when it is a hit");
        }
    }

    public static CacheLookup hit(CachedAnswer answer) {
        return new CacheLookup(Outcome.HIT, answer);
    }

    public static CacheLookup miss() {
        return new CacheLookup(Outcome.MISS, null);
    }

    public static CacheLookup error() {
        return new CacheLookup(Outcome.ERROR, null);
    }

    /** The answer, when this lookup was a hit. */
    public Optional<CachedAnswer> hitAnswer() {
        return Optional.ofNullable(answer);
    }
}
