package io.askflow.workers.config;

import io.askflow.core.cache.RedisProperties;
import io.askflow.workers.ollama.CoolDown;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The workers' settings bind with their documented defaults, and bad values stop the start-up. */
class WorkersPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldBindTheDefaults() {
        runner.run(context -> {
            OllamaProperties ollama = context.getBean(OllamaProperties.class);
            WorkersProperties workers = context.getBean(WorkersProperties.class);
            assertThat(ollama.effectiveHosts()).containsExactly(new OllamaProperties.Host("http://localhost:11434", 4));
            assertThat(ollama.requestTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(ollama.maxAttempts()).isEqualTo(3);
            assertThat(ollama.backoff()).isEqualTo(new OllamaProperties.Backoff(Duration.ofSeconds(1),
                    Duration.ofSeconds(30), 2, 0.5));
            assertThat(workers.defaultModel()).isEqualTo("llama3.2");
            assertThat(workers.numPredict()).isEqualTo(1024);
            assertThat(workers.groupId()).isEqualTo("askflow-workers");
            assertThat(workers.workerId()).isNotBlank();
            assertThat(workers.chainDeadline()).isEqualTo(Duration.ofMinutes(12));
            assertThat(workers.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(workers.checkpoints()).isEqualTo(new WorkersProperties.Checkpoints(true, Duration.ofHours(24),
                    Duration.ofSeconds(5)));
            assertThat(workers.readAhead()).isEqualTo(20_000);
            assertThat(workers.tenantWeights()).isEmpty();
            assertThat(ollama.hostCoolDown()).isEqualTo(new CoolDown(Duration.ofSeconds(5), Duration.ofMinutes(1)));
            assertThat(ollama.retryPolicy().deadline()).isEqualTo(Duration.ofMinutes(15));
            assertThat(context.getBean(RedisProperties.class).url()).isEqualTo(URI.create("redis://localhost:6379"));
        });
    }

    @Test
    void shouldBindSeveralHosts() {
        runner.withPropertyValues("askflow.ollama.hosts[0].url=http://gpu-1:11434", "askflow.ollama.hosts[0].slots=2",
                        "askflow.ollama.hosts[1].url=http://gpu-2:11434")
                .run(context -> {
                    assertThat(context.getBean(OllamaProperties.class).effectiveHosts()).containsExactly(
                            new OllamaProperties.Host("http://gpu-1:11434", 2),
                            new OllamaProperties.Host("http://gpu-2:11434", 4));
                });
    }

    @Test
    void shouldBindTenantWeights() {
        runner.withPropertyValues("askflow.workers.tenant-weights.team-a=3", "askflow.workers.tenant-weights.b=1")
                .run(context -> assertThat(context.getBean(WorkersProperties.class).tenantWeights())
                        .isEqualTo(Map.of("team-a", 3, "b", 1)));
    }

    @Test
    void shouldFailAtStartUpOnBadValues() {
        for (String bad : new String[] {"askflow.ollama.max-attempts=0", "askflow.ollama.backoff.jitter=2",
                "askflow.ollama.request-timeout=0s", "askflow.ollama.hosts[0].slots=0", "askflow.workers.num-predict=0",
                "askflow.ollama.backoff.initial=1m", "askflow.ollama.cool-down=2m", "askflow.workers.chain-deadline=0s",
                "askflow.workers.checkpoints.ttl=0s", "askflow.redis.url=http://redis:6379",
                "askflow.workers.read-ahead=-1", "askflow.workers.tenant-weights.team-a=0"}) {
            runner.withPropertyValues(bad).run(context -> assertThat(context).as(bad).hasFailed());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({OllamaProperties.class, WorkersProperties.class, RedisProperties.class})
    static class PropertiesOnly {
    }
}
