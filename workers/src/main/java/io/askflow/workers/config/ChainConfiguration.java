package io.askflow.workers.config;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainsConfiguration;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.chain.ChainMetrics;
import io.askflow.workers.chain.ChainSettings;
import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.ollama.OllamaActivity;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The chain executor, over the chain catalog of core's {@link ChainsConfiguration}. */
@Configuration(proxyBeanMethods = false)
@Import(ChainsConfiguration.class)
public class ChainConfiguration {

    @Bean
    ChainMetrics chainMetrics(MeterRegistry registry) {
        return new ChainMetrics(registry);
    }

    @Bean
    ChainExecutor chainExecutor(ChainCatalog catalog, OllamaActivity ollama, Checkpoints checkpoints,
                                ChainMetrics metrics, WorkersProperties workers) {
        return new ChainExecutor(catalog, ollama, checkpoints, metrics,
                new ChainSettings(workers.defaultModel(), workers.numPredict(), workers.chainDeadline()));
    }
}
