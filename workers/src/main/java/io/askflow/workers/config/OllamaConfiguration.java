package io.askflow.workers.config;

import io.askflow.core.cache.RedisClients;
import io.askflow.core.cache.RedisProperties;
import io.askflow.core.resilience.Sleeper;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaHttpClient;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.ollama.RedisSlotBudget;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Ollama hosts, their slots and cool-downs, and the bounded call; with {@code askflow.ollama.shared-slots.enabled}
 * the slots are also taken from a budget shared by the workers in Redis (ADR 20).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SharedSlotsProperties.class)
public class OllamaConfiguration {

    @Bean
    OllamaHosts ollamaHosts(OllamaProperties properties, ObjectProvider<RedisSlotBudget> sharedSlots) {
        return new OllamaHosts(properties.effectiveHosts().stream()
                .map(host -> new OllamaHost(new OllamaHttpClient(host.url()), host.slots()))
                .toList(), properties.hostCoolDown(), sharedSlots.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "askflow.ollama.shared-slots.enabled")
    RedisSlotBudget sharedSlots(RedisProperties redis, SharedSlotsProperties shared, MeterRegistry registry) {
        return new RedisSlotBudget(RedisClients.pooled(redis, "askflow-workers-slots"), shared.leaseTtl(),
                shared.expectedWorkers(), registry);
    }

    @Bean
    OllamaMetrics ollamaMetrics(MeterRegistry registry, OllamaHosts hosts) {
        OllamaMetrics metrics = new OllamaMetrics(registry);
        metrics.watch(hosts);
        return metrics;
    }

    @Bean
    OllamaActivity ollamaActivity(OllamaHosts hosts, OllamaProperties properties, OllamaMetrics metrics) {
        return new OllamaActivity(hosts, properties.retryPolicy(), metrics, Sleeper.SYSTEM);
    }
}
