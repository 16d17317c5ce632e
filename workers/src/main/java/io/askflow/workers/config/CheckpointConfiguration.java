package io.askflow.workers.config;

import io.askflow.core.cache.RedisClients;
import io.askflow.core.cache.RedisProperties;
import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.checkpoint.GuardedCheckpoints;
import io.askflow.workers.checkpoint.RedisCheckpoints;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The chain checkpoints: in Askflow's Redis ({@code askflow.redis.*}, core's {@link RedisProperties}, shared with
 * the answer cache), guarded so that a Redis outage costs the checkpoints, never the runs. With
 * {@code askflow.workers.checkpoints.enabled=false} no Redis connection pool is made at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
public class CheckpointConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CheckpointConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "askflow.workers.checkpoints.enabled", matchIfMissing = true)
    RedisCheckpoints redisCheckpoints(RedisProperties redis, WorkersProperties workers) {
        return new RedisCheckpoints(RedisClients.pooled(redis, "askflow-workers"), workers.checkpoints().ttl());
    }

    @Bean
    Checkpoints checkpoints(ObjectProvider<RedisCheckpoints> redisCheckpoints, RedisProperties redis,
                            WorkersProperties workers, MeterRegistry registry) {
        if (!workers.checkpoints().enabled()) {
            log.info("chain checkpoints are off (askflow.workers.checkpoints.enabled=false): a run delivered again"
                    + " after a crash redoes its steps");
            return Checkpoints.NONE;
        }
        log.info("chain checkpoints in Redis at {}:{}, kept {}", redis.url().getHost(), redis.url().getPort(),
                workers.checkpoints().ttl());
        return new GuardedCheckpoints(redisCheckpoints.getObject(), workers.checkpoints().retryInterval(), registry);
    }
}
