package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.askflow.testing.postgres.ExternalPostgresPart;
import io.askflow.testing.redis.ExternalRedisPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs only with {@code ASKFLOW_TEST_INFRA=external}, against the services the
 * {@code ASKFLOW_*} variables name (a part without its variable runs embedded).
 */
class ExternalInfrastructureTest {

    private static InfraSettings settings;
    private static Infrastructure infra;

    @BeforeAll
    static void connect() {
        assumeTrue("external".equalsIgnoreCase(System.getenv("ASKFLOW_TEST_INFRA")),
                "set ASKFLOW_TEST_INFRA=external to run against external services");
        settings = InfraSettings.fromEnvironment();
        infra = Infrastructures.start(settings);
    }

    @AfterAll
    static void disconnect() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void shouldUseTheServicesTheEnvironmentNames() {
        assertThat(infra.mode()).isEqualTo(InfraMode.EXTERNAL);
        settings.redisUri().ifPresent(uri -> {
            assertThat(infra.redis()).isInstanceOf(ExternalRedisPart.class);
            assertThat(infra.redisUri()).isEqualTo(uri);
        });
        settings.jdbcUrl().ifPresent(url -> {
            assertThat(infra.postgres()).isInstanceOf(ExternalPostgresPart.class);
            assertThat(infra.jdbcUrl()).isEqualTo(url);
        });
        settings.kafkaBootstrapServers().ifPresent(servers ->
                assertThat(infra.kafkaBootstrapServers()).isEqualTo(servers));
    }

    @Test
    void shouldTalkToEveryService() throws Exception {
        InfraChecks.kafkaRoundTripWorks(infra);
        InfraChecks.transactionalProducerCommitsAndAborts(infra);
        InfraChecks.redisSetGetWorks(infra);
        InfraChecks.postgresAnswersAndCreatesDatabases(infra);
        InfraChecks.postgresBlocksAndUnblocksACreatedDatabase(infra); // others may use the database of jdbcUrl()
    }

    @Test
    void shouldRefuseToRestartAnExternalRedis() {
        assumeTrue(settings.redisUri().isPresent(), "Redis runs embedded here");

        assertThat(infra.supportsRedisRestart()).isFalse();
        assertThatThrownBy(infra::stopRedis)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("only the embedded Redis");
    }
}
