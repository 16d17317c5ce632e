package io.askflow.workers.config;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainsConfiguration;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.chain.ChainMetrics;
import io.askflow.workers.chain.ChainSettings;
import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.step.ChatStepRunner;
import io.askflow.workers.step.StepRunner;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.List;

/**
 * The chain executor, over the chain catalog of core's {@link ChainsConfiguration}, with every
 * {@link StepRunner} bean as its runners (one per step type; today the chat runner). The executor refuses to
 * start when a chain of the catalog uses a step type no runner runs.
 */
@Configuration(proxyBeanMethods = false)
@Import(ChainsConfiguration.class)
public class ChainConfiguration {

    @Bean
    ChainMetrics chainMetrics(MeterRegistry registry) {
        return new ChainMetrics(registry);
    }

    @Bean
    ChatStepRunner chatStepRunner(OllamaActivity ollama, WorkersProperties workers) {
        return new ChatStepRunner(ollama, workers.numPredict());
    }

    @Bean
    ChainExecutor chainExecutor(ChainCatalog catalog, List<StepRunner> runners, Checkpoints checkpoints,
                                ChainMetrics metrics, WorkersProperties workers) {
        return new ChainExecutor(catalog, runners, checkpoints, metrics,
                new ChainSettings(workers.defaultModel(), workers.chainDeadline()));
    }
}
