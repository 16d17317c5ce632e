package io.askflow.pipeline.config;

import io.askflow.core.cache.CacheProperties;
import io.askflow.core.cache.RedisProperties;
import io.askflow.pipeline.dedup.CoalescingProperties;
import io.askflow.pipeline.dedup.RunProperties;
import io.askflow.pipeline.dedup.StoreType;
import io.askflow.pipeline.sink.SinkProperties;
import io.askflow.pipeline.streams.StreamsProperties;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration records: their defaults, and bad values failing at start-up. */
class PropertiesBindingTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CacheProperties.class, RedisProperties.class, RunProperties.class,
            CoalescingProperties.class, SinkProperties.class, StreamsProperties.class})
    static class AllProperties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(AllProperties.class);

    @Test
    void shouldBindTheDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CacheProperties.class)).isEqualTo(CacheProperties.defaults());
            assertThat(context.getBean(RunProperties.class)).isEqualTo(RunProperties.defaults());
            assertThat(context.getBean(CoalescingProperties.class)).isEqualTo(CoalescingProperties.defaults());
            assertThat(context.getBean(SinkProperties.class)).isEqualTo(SinkProperties.defaults());
            assertThat(context.getBean(RedisProperties.class).url()).isEqualTo(URI.create("redis://localhost:6379"));
            StreamsProperties streams = context.getBean(StreamsProperties.class);
            assertThat(streams.applicationId()).isEqualTo("askflow-pipeline");
            assertThat(streams.processingGuarantee()).isEqualTo("exactly_once_v2");
            assertThat(streams.stateDir()).isNull();
            assertThat(streams.storeType()).isEqualTo(StoreType.ROCKS_DB);
            assertThat(streams.onUncaughtException()).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            assertThat(streams.leaveGroupOnClose()).isTrue();
        });
    }

    @Test
    void shouldBindGivenValues() {
        runner.withPropertyValues("askflow.cache.default-ttl=10m", "askflow.pipeline.runs.deadline=2m",
                        "askflow.pipeline.coalescing.enabled=false",
                        "askflow.pipeline.streams.state-dir=/var/lib/askflow", "askflow.pipeline.streams.store-type=in-memory")
                .run(context -> {
                    assertThat(context.getBean(CacheProperties.class).defaultTtl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(context.getBean(RunProperties.class).deadline()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(context.getBean(CoalescingProperties.class).enabled()).isFalse();
                    assertThat(context.getBean(StreamsProperties.class).stateDir()).isEqualTo(Path.of("/var/lib/askflow"));
                    assertThat(context.getBean(StreamsProperties.class).storeType()).isEqualTo(StoreType.IN_MEMORY);
                });
    }

    @Test
    void shouldFailAtStartUpOnBadValues() {
        for (String bad : new String[] {"askflow.pipeline.runs.max-dispatches=0", "askflow.redis.url=http://redis:6379",
                "askflow.pipeline.streams.processing-guarantee=exactly_once", "askflow.cache.default-ttl=0s",
                "askflow.pipeline.sink.batch-size=0", "askflow.pipeline.runs.deadline=-1m"}) {
            runner.withPropertyValues(bad).run(context -> assertThat(context).as(bad).hasFailed());
        }
    }
}
