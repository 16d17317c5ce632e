package io.askflow.workers.config;

import io.askflow.core.resilience.Sleeper;
import io.askflow.workers.ollama.OllamaHttpClient;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Ollama hosts, their slots and cool-downs, and the bounded call. */
@Configuration(proxyBeanMethods = false)
public class OllamaConfiguration {

    @Bean
    OllamaHosts ollamaHosts(OllamaProperties properties) {
        return new OllamaHosts(properties.effectiveHosts().stream()
                .map(host -> new OllamaHost(new OllamaHttpClient(host.url()), host.slots()))
                .toList(), properties.hostCoolDown());
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
