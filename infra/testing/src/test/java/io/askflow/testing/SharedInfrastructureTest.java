package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The stack from {@link Infrastructures#shared()}: embedded unless the environment asks for
 * another mode. Every check here holds in every mode except the Redis restart (embedded only).
 */
class SharedInfrastructureTest {

    private static Infrastructure infra;

    @BeforeAll
    static void startShared() {
        infra = Infrastructures.shared();
    }

    @Test
    void shouldStartEmbeddedWhenNothingElseIsAsked() {
        assumeTrue(InfraSettings.fromEnvironment().mode() == InfraMode.EMBEDDED, "a mode was asked for");

        assertThat(infra.mode()).isEqualTo(InfraMode.EMBEDDED);
        assertThat(infra.kafkaBootstrapServers()).startsWith("localhost:").doesNotEndWith(":0");
        assertThat(infra.redisUri().toString()).matches("redis://127\\.0\\.0\\.1:\\d+");
        assertThat(infra.jdbcUrl()).matches("jdbc:postgresql://localhost:\\d+/postgres");
        assertThat(infra.startTimes()).containsOnlyKeys("kafka", "redis", "postgres");
    }

    @Test
    void shouldRoundTripARecordThroughKafka() throws Exception {
        InfraChecks.kafkaRoundTripWorks(infra);
    }

    @Test
    void shouldCommitAndAbortKafkaTransactions() throws Exception {
        InfraChecks.transactionalProducerCommitsAndAborts(infra);
    }

    @Test
    void shouldSetAndGetInRedis() {
        InfraChecks.redisSetGetWorks(infra);
    }

    @Test
    void shouldAnswerSqlAndCreateDatabases() throws Exception {
        InfraChecks.postgresAnswersAndCreatesDatabases(infra);
    }

    @Test
    void shouldRefuseEveryoneWhilePostgresIsBlockedAndAnswerAgainAfterwards() throws Exception {
        InfraChecks.postgresBlocksAndUnblocksItsDatabase(infra);
    }

    @Test
    void shouldComeBackOnTheSamePortAfterRedisStops() {
        assumeTrue(infra.supportsRedisRestart(), "Redis cannot restart in mode " + infra.mode());
        int port = infra.redisPort();
        try (Jedis jedis = new Jedis(infra.redisUri())) {
            jedis.set("askflow:check:restart", "before");
        }

        infra.stopRedis();
        try {
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis(infra.redisUri())) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
        }
        finally {
            infra.startRedis();
        }

        assertThat(infra.redisPort()).isEqualTo(port);
        try (Jedis jedis = new Jedis(infra.redisUri())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.get("askflow:check:restart")).as("nothing persisted").isNull();
        }
    }

    @Test
    void shouldGiveSpringPropertiesPointingAtTheServices() {
        assertThat(infra.springProperties())
                .containsEntry("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers())
                .containsEntry("spring.datasource.url", infra.jdbcUrl())
                .containsEntry("spring.datasource.username", infra.jdbcUsername())
                .containsEntry("spring.datasource.password", infra.jdbcPassword())
                .containsEntry("spring.data.redis.host", infra.redisHost())
                .containsEntry("spring.data.redis.port", Integer.toString(infra.redisPort()))
                .containsEntry("askflow.redis.url", infra.redisUri().toString());
    }

    @Test
    void shouldRegisterSpringPropertiesWithADynamicPropertySource() {
        Map<String, Object> registered = new LinkedHashMap<>();
        DynamicPropertyRegistry registry = (name, value) -> registered.put(name, value.get());

        infra.registerSpringProperties(registry::add);

        assertThat(registered).containsExactlyEntriesOf(infra.springProperties());
    }

    @Test
    void shouldIgnoreCloseOfTheSharedInstance() {
        infra.close();

        assertThat(Infrastructures.shared()).isSameAs(infra);
        InfraChecks.redisSetGetWorks(infra);
    }

    @Test
    void shouldHandOutTemporaryDirectories() {
        Path directory = infra.createTempDirectory("askflow-check-");

        assertThat(directory).isEmptyDirectory();
        assertThat(directory.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(Files.isWritable(directory)).isTrue();
    }
}
