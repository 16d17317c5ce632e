package io.askflow.core.cache;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The Redis that holds the answer cache ({@code askflow.redis.*}).
 *
 * @param url            {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} for TLS
 *                       (default redis://localhost:6379)
 * @param connectTimeout how long to wait for a connection, and for a free one from the pool; keep it short, a
 *                       lookup must not stall the stream or a submit (default 250ms; the API's defaults say 100ms)
 * @param timeout        how long to wait for a reply (default 250ms; the API's defaults say 100ms)
 * @param maxConnections connections in the pool; one per stream thread is enough for the pipeline, the API wants
 *                       about as many as submits it serves at once (default 8; the API's defaults say 32)
 */
@Validated
@ConfigurationProperties("askflow.redis")
public record RedisProperties(@DefaultValue("redis://localhost:6379") @NotNull URI url,
                              @DefaultValue("250ms") @NotNull Duration connectTimeout,
                              @DefaultValue("250ms") @NotNull Duration timeout,
                              @DefaultValue("8") @Min(1) int maxConnections) {

    public RedisProperties {
        if (url != null && !"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) {
            throw new IllegalArgumentException("askflow.redis.url must start with redis:// or rediss://, was " + url);
        }
        for (Duration d : new Duration[] {connectTimeout, timeout}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("askflow.redis timeouts must be positive, was " + d);
            }
        }
    }
}
