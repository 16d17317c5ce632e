package io.askflow.pipeline.webhook;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DispatcherProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void shouldBindTheDefaultsAndTheRoleDefaultsFileAlike() throws Exception {
        runner.run(context -> assertThat(context.getBean(DispatcherProperties.class))
                .isEqualTo(DispatcherProperties.defaults()));
        List<PropertySource<?>> file = new YamlPropertySourceLoader().load("pipeline defaults",
                new ClassPathResource("io/askflow/pipeline/application.yaml"));
        runner.withInitializer(context -> file.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context.getBean(DispatcherProperties.class))
                        .isEqualTo(DispatcherProperties.defaults()));
    }

    @Test
    void shouldBindGivenValues() {
        runner.withPropertyValues("askflow.webhooks.dispatcher.schedule=0s,1s,2s",
                "askflow.webhooks.dispatcher.per-receiver-concurrency=2", "askflow.webhooks.dispatcher.timeout=3s",
                "askflow.webhooks.dispatcher.lease=6s").run(context -> {
                    DispatcherProperties properties = context.getBean(DispatcherProperties.class);
                    assertThat(properties.schedule()).containsExactly(Duration.ZERO, Duration.ofSeconds(1),
                            Duration.ofSeconds(2));
                    assertThat(properties.perReceiverConcurrency()).isEqualTo(2);
                    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void shouldFailAtStartUpOnBadValues() {
        for (String bad : List.of("askflow.webhooks.dispatcher.schedule=5s,10s",
                "askflow.webhooks.dispatcher.lease=20s", "askflow.webhooks.dispatcher.concurrency=0",
                "askflow.webhooks.dispatcher.jitter=1.5", "askflow.webhooks.dispatcher.timeout=0s")) {
            runner.withPropertyValues(bad).run(context -> assertThat(context).as(bad).hasFailed());
        }
    }
}
