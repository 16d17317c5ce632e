package io.askflow.core.cache;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The answer cache in Redis, for the roles that use it (the pipeline reads and writes it, the API reads it):
 * binds {@code askflow.redis.*} and {@code askflow.cache.*} and connects a {@link RedisAnswerCache} named
 * after {@code spring.application.name}. Nothing is sent to Redis before the first lookup.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CacheProperties.class, RedisProperties.class})
public class AnswerCacheConfiguration {

    @Bean(destroyMethod = "close")
    RedisAnswerCache redisAnswerCache(RedisProperties redis, Environment environment) {
        return RedisAnswerCache.connect(redis, environment.getProperty("spring.application.name", "askflow"));
    }
}
