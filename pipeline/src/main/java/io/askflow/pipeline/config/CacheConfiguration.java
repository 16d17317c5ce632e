package io.askflow.pipeline.config;

import io.askflow.core.cache.AnswerCacheConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The answer cache in Redis: core's client and its {@code askflow.redis.*} and {@code askflow.cache.*} properties. */
@Configuration(proxyBeanMethods = false)
@Import(AnswerCacheConfiguration.class)
class CacheConfiguration {
}
