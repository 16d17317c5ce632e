package io.askflow.workers.config;

import io.askflow.core.chain.StepType;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.ollama.CoolDown;
import io.askflow.workers.ollama.OllamaHttpClient;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.ollama.RetryPolicy;
import io.askflow.workers.step.ChatStepRunner;
import io.askflow.workers.step.StepRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain executor gets every step runner bean; the chat runner is one. */
class ChainConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(WorkersPropertiesOnly.class, ChainConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Checkpoints.class, () -> Checkpoints.NONE)
            .withBean(OllamaActivity.class, ChainConfigurationTest::nowhere);

    @Test
    void shouldRunChatStepsWithTheChatRunner() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ChainExecutor.class);
            assertThat(context.getBeansOfType(StepRunner.class).values()).singleElement()
                    .isInstanceOf(ChatStepRunner.class)
                    .extracting(StepRunner::type).isEqualTo(StepType.CHAT);
        });
    }

    @Test
    void shouldStopTheStartUpWhenTwoRunnersClaimOneStepType() {
        runner.withBean("secondChatRunner", StepRunner.class, () -> new ChatStepRunner(nowhere(), 8))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("two runners for step type chat"));
    }

    private static OllamaActivity nowhere() {
        OllamaHosts hosts = new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient("http://127.0.0.1:9"), 1)),
                CoolDown.NONE);
        return new OllamaActivity(hosts, new RetryPolicy(1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 1, 0,
                Duration.ofSeconds(1)), new OllamaMetrics(new SimpleMeterRegistry()), pause -> { });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkersProperties.class)
    static class WorkersPropertiesOnly {
    }
}
