package io.askflow.api.config;

import io.askflow.api.limit.LimitsProperties;
import io.askflow.api.limit.RateLimitFilter;
import io.askflow.api.limit.RateLimitOpenApi;
import io.askflow.api.limit.TenantLimits;
import io.askflow.api.limit.TenantRateLimiter;
import io.askflow.core.cache.RedisClients;
import io.askflow.core.cache.RedisProperties;
import io.askflow.core.resilience.OutageGuard;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * Wiring of the limits per tenant and of idempotency keys: the rate limits' Redis client (the answer cache's
 * Redis, {@code askflow.redis.*}, its own pool), the Bucket4j buckets on it, the guard that lets requests pass while
 * Redis is down, the filter (after authentication), and the scheduling of the expired keys' cleanup.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class LimitsConfiguration {

    /** After authentication ({@code HIGHEST_PRECEDENCE + 10}), so the filter knows the caller's tenant. */
    public static final int RATE_LIMIT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    /** A pool of its own, so that rate limits and cache lookups do not wait for each other's connections. */
    @Bean(destroyMethod = "close")
    UnifiedJedis rateLimitRedis(RedisProperties redis, Environment environment) {
        return RedisClients.pooled(redis, environment.getProperty("spring.application.name", "askflow") + "-limits");
    }

    @Bean
    TenantRateLimiter tenantRateLimiter(UnifiedJedis rateLimitRedis, TenantLimits limits, LimitsProperties properties,
                                        Clock clock, MeterRegistry registry) {
        ProxyManager<String> buckets = Bucket4jJedis.casBasedBuilder(rateLimitRedis)
                .keyMapper(Mapper.STRING)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        TenantRateLimiter.keepFullBuckets()))
                .build();
        OutageGuard guard = new OutageGuard("rate limits' Redis", properties.retryInterval(), clock,
                new OutageGuard.Messages("requests pass without a rate limit", "rate limits apply again"));
        return new TenantRateLimiter(buckets, limits, guard, registry);
    }

    /** The rate limit's headers and 429 in the API's description ({@code /v3/api-docs}). */
    @Bean
    RateLimitOpenApi rateLimitOpenApi() {
        return new RateLimitOpenApi();
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(TenantRateLimiter limiter, LimitsProperties properties,
                                                            JsonMapper json) {
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(limiter, json));
        registration.setOrder(RATE_LIMIT_FILTER_ORDER);
        registration.setEnabled(properties.enabled());
        return registration;
    }
}
