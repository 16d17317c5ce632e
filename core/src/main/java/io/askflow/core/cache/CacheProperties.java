package io.askflow.core.cache;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How answers are cached ({@code askflow.cache.*}). The pipeline uses both; the API, which only reads
 * the cache, uses the retry interval. There is no scope here: each job brings its own (ADR 7,
 * {@link AnswerKey}).
 *
 * @param defaultTtl    how long an answer stays cached when its job names no TTL of its own (default 1h)
 * @param retryInterval after a cache failure, how long calls are skipped (counted as errors) before the
 *                      next attempt, so a dead Redis costs no time per record (default 1s; 0 retries at once)
 */
@Validated
@ConfigurationProperties("askflow.cache")
public record CacheProperties(@DefaultValue("1h") @NotNull Duration defaultTtl,
                              @DefaultValue("1s") @NotNull Duration retryInterval) {

    public CacheProperties {
        if (defaultTtl != null && (defaultTtl.isNegative() || defaultTtl.toSeconds() < 1)) {
            throw new IllegalArgumentException("askflow.cache.default-ttl must be at least 1s, was " + defaultTtl);
        }
        if (retryInterval != null && retryInterval.isNegative()) {
            throw new IllegalArgumentException("askflow.cache.retry-interval must not be negative, was " + retryInterval);
        }
    }

    /** The defaults, for tests and code that builds a topology without Spring. */
    public static CacheProperties defaults() {
        return new CacheProperties(Duration.ofHours(1), Duration.ofSeconds(1));
    }
}
