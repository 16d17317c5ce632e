package io.askflow.workers.config;

import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.checkpoint.GuardedCheckpoints;
import io.askflow.workers.checkpoint.RedisCheckpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoints in Redis when on; no Redis pool at all when off. */
class CheckpointConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(WorkersPropertiesOnly.class, CheckpointConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void shouldGuardTheRedisCheckpointsByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RedisCheckpoints.class);
            assertThat(context.getBean("checkpoints", Checkpoints.class)).isInstanceOf(GuardedCheckpoints.class);
        });
    }

    @Test
    void shouldMakeNoRedisPoolWhenCheckpointsAreOff() {
        runner.withPropertyValues("askflow.workers.checkpoints.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(RedisCheckpoints.class);
            assertThat(context.getBean("checkpoints", Checkpoints.class)).isSameAs(Checkpoints.NONE);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkersProperties.class)
    static class WorkersPropertiesOnly {
    }
}
