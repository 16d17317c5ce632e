package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InfraSettingsTest {

    @Test
    void shouldDefaultToEmbedded() {
        InfraSettings settings = InfraSettings.from(name -> null, name -> null);

        assertThat(settings.mode()).isEqualTo(InfraMode.EMBEDDED);
        assertThat(settings.kafkaBootstrapServers()).isEmpty();
        assertThat(settings.jdbcUsername()).isEqualTo("postgres");
        assertThat(settings.jdbcPassword()).isEmpty();
        assertThat(settings.kafkaImage()).isEqualTo("apache/kafka:4.2.1");
        assertThat(settings.postgresImage()).isEqualTo("postgres:17");
        assertThat(settings.redisImage()).isEqualTo("redis:7");
    }

    @Test
    void shouldReadExternalServicesFromEnvironmentVariables() {
        Map<String, String> env = Map.of(
                "ASKFLOW_TEST_INFRA", "External",
                "ASKFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "ASKFLOW_REDIS_URL", "redis://127.0.0.1:6379",
                "ASKFLOW_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "ASKFLOW_JDBC_USERNAME", "askflow",
                "ASKFLOW_JDBC_PASSWORD", "secret");

        InfraSettings settings = InfraSettings.from(name -> null, env::get);

        assertThat(settings.mode()).isEqualTo(InfraMode.EXTERNAL);
        assertThat(settings.kafkaBootstrapServers()).contains("kafka:9092");
        assertThat(settings.redisUri()).contains(URI.create("redis://127.0.0.1:6379"));
        assertThat(settings.jdbcUrl()).contains("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(settings.jdbcUsername()).isEqualTo("askflow");
        assertThat(settings.jdbcPassword()).isEqualTo("secret");
        assertThat(settings.toString()).doesNotContain("secret");
    }

    @Test
    void shouldPreferSystemPropertiesOverEnvironment() {
        Map<String, String> properties = Map.of("askflow.test.infra", "testcontainers",
                "askflow.test.kafka.image", "apache/kafka:4.2.2");
        Map<String, String> env = Map.of("ASKFLOW_TEST_INFRA", "external");

        InfraSettings settings = InfraSettings.from(properties::get, env::get);

        assertThat(settings.mode()).isEqualTo(InfraMode.TESTCONTAINERS);
        assertThat(settings.kafkaImage()).isEqualTo("apache/kafka:4.2.2");
    }

    @Test
    void shouldRejectAnUnknownMode() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InfraSettings.from(name -> null, Map.of("ASKFLOW_TEST_INFRA", "docker")::get))
                .withMessageContaining("'docker'")
                .withMessageContaining("embedded, testcontainers, external");
    }

    @Test
    void shouldRejectARedisUrlWithoutScheme() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InfraSettings.from(name -> null, Map.of("ASKFLOW_REDIS_URL", "127.0.0.1:6379")::get))
                .withMessageContaining("redis://host:port");
    }
}
