package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.Jedis;

/** Round trips against a running {@link Infrastructure}, shared by the tests of every mode. */
final class InfraChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private InfraChecks() {
    }

    static void kafkaRoundTripWorks(Infrastructure infra) throws Exception {
        String topic = createTopic(infra, "askflow-check-roundtrip-");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(infra, null))) {
            producer.send(new ProducerRecord<>(topic, "job-1", "hello")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        List<String> values = readValues(infra, topic, "read_uncommitted", 1);
        assertThat(values).containsExactly("hello");
    }

    static void transactionalProducerCommitsAndAborts(Infrastructure infra) throws Exception {
        String topic = createTopic(infra, "askflow-check-eos-");
        String transactionalId = "askflow-check-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(infra, transactionalId))) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed", true);
            sendInTransaction(producer, topic, "aborted", false);
            sendInTransaction(producer, topic, "committed-after-abort", true);
        }
        List<String> values = readValues(infra, topic, "read_committed", 2);
        assertThat(values).containsExactly("committed", "committed-after-abort");
    }

    static void redisSetGetWorks(Infrastructure infra) {
        String key = "askflow:check:" + UUID.randomUUID();
        try (Jedis jedis = new Jedis(infra.redisUri())) {
            jedis.setex(key, 60, "answer");
            assertThat(jedis.get(key)).isEqualTo("answer");
            jedis.del(key);
        }
    }

    static void postgresAnswersAndCreatesDatabases(Infrastructure infra) throws SQLException {
        assertThat(queryString(infra.jdbcUrl(), infra, "select 1::text")).isEqualTo("1");
        withCheckDatabase(infra, (name, url) ->
                assertThat(queryString(url, infra, "select current_database()")).isEqualTo(name));
    }

    /**
     * {@link Infrastructure#blockPostgres()}: the database of {@code jdbcUrl()} refuses the superuser and
     * ends the session open before, another database stays reachable; after the unblock it answers again.
     */
    static void postgresBlocksAndUnblocksItsDatabase(Infrastructure infra) throws SQLException {
        withCheckDatabase(infra, (other, otherUrl) ->
                outageOnlyOf(infra, infra.jdbcUrl(), otherUrl, infra::blockPostgres, infra::unblockPostgres));
    }

    /**
     * {@link io.askflow.testing.postgres.PostgresPart#blockConnections(String)} on a database of its own, for
     * servers others use too (mode external): the same checks without touching the database of {@code jdbcUrl()}.
     */
    static void postgresBlocksAndUnblocksACreatedDatabase(Infrastructure infra) throws SQLException {
        withCheckDatabase(infra, (blocked, blockedUrl) -> outageOnlyOf(infra, blockedUrl, infra.jdbcUrl(),
                () -> infra.postgres().blockConnections(blocked), () -> infra.postgres().allowConnections(blocked)));
    }

    /** What a check does with a database of its own. */
    private interface DatabaseCheck {
        void run(String name, String url) throws SQLException;
    }

    /** Runs {@code check} on a new database, dropped afterwards. */
    private static void withCheckDatabase(Infrastructure infra, DatabaseCheck check) throws SQLException {
        String name = "askflow_check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = infra.createDatabase(name);
        try {
            check.run(name, url);
        }
        finally {
            infra.dropDatabase(name);
        }
    }

    private static void outageOnlyOf(Infrastructure infra, String blockedUrl, String otherUrl, Runnable block,
            Runnable unblock) throws SQLException {
        try (Connection before = connect(blockedUrl, infra)) {
            assertThat(queryString(before, "select rolsuper::text from pg_roles where rolname = current_user"))
                    .as("the user is a superuser").isEqualTo("true");
            try {
                block.run();
                assertThatThrownBy(() -> queryString(before, "select 1::text")).as("a session open before")
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> connect(blockedUrl, infra)).as("a new connection, even a superuser's")
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("55000"))
                        .hasMessageContaining("is not currently accepting connections");
                assertThat(queryString(otherUrl, infra, "select 1::text")).as("another database").isEqualTo("1");
            }
            finally {
                unblock.run();
            }
        }
        assertThat(queryString(blockedUrl, infra, "select 1::text")).as("after the unblock").isEqualTo("1");
    }

    private static String createTopic(Infrastructure infra, String prefix) throws Exception {
        String topic = prefix + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return topic;
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String value,
            boolean commit) throws Exception {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "job-1", value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (commit) {
            producer.commitTransaction();
        }
        else {
            producer.abortTransaction();
        }
    }

    private static Map<String, Object> producerConfig(Infrastructure infra, String transactionalId) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return config;
    }

    private static List<String> readValues(Infrastructure infra, String topic, String isolation, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(TIMEOUT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    private static String queryString(String url, Infrastructure infra, String sql) throws SQLException {
        try (Connection connection = connect(url, infra)) {
            return queryString(connection, sql);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    private static Connection connect(String url, Infrastructure infra) throws SQLException {
        return DriverManager.getConnection(url, infra.jdbcUsername(), infra.jdbcPassword());
    }
}
