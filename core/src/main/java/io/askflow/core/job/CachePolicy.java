package io.askflow.core.job;

/**
 * How one request uses the answer cache.
 *
 * @param mode       read and write the cache, refresh it, or bypass it
 * @param ttlSeconds time to keep this answer, or {@code null} for the configured default
 */
public record CachePolicy(Mode mode, Integer ttlSeconds) {

    /** The cache modes a request may ask for. */
    public enum Mode {
        /** Answer from the cache when it can, store new answers. */
        USE,
        /** Run the chain again and replace the cached answer. */
        REFRESH,
        /** Neither read nor write the cache. */
        BYPASS
    }

    public static final CachePolicy DEFAULT = new CachePolicy(Mode.USE, null);

    public CachePolicy {
        mode = mode == null ? Mode.USE : mode;
        if (ttlSeconds != null && ttlSeconds <= 0) {
            throw new IllegalArgumentException("cache ttlSeconds must be positive, was " + ttlSeconds);
        }
    }

    /** Whether a cached answer may answer this request. */
    public boolean readsCache() {
        return mode == Mode.USE;
    }

    /** Whether this request's answer goes into the cache. */
    public boolean writesCache() {
        return mode != Mode.BYPASS;
    }
}
