package io.askflow.pipeline;

import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.json.Json;
import io.askflow.core.run.RunRequest;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.sink.JobsSink;
import io.askflow.pipeline.sink.SinkMetrics;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.Records;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pipeline as an app on the embedded Kafka, Redis and PostgreSQL: the few end-to-end checks. */
@SpringBootTest(classes = PipelineApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PipelineApplicationTest {

    private static final Infrastructure infra = Infrastructures.shared();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "pipeline_app_" + SUFFIX;
    private static final String JDBC_URL = infra.createDatabase(DATABASE);
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infra.registerSpringProperties(registry::add);
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("askflow.topics.partitions", () -> 2);
        registry.add("askflow.pipeline.streams.application-id", () -> "askflow-pipeline-test-" + SUFFIX);
        registry.add("askflow.pipeline.sink.group-id", () -> "askflow-pipeline-sink-test-" + SUFFIX);
        registry.add("askflow.pipeline.sink.retry-initial-interval", () -> "200ms");
    }

    /**
     * Stops the sinks first, so that none retries against the dropped database; {@code @DirtiesContext} then
     * closes the context (Streams included) instead of leaving it cached for the rest of the test JVM.
     */
    @AfterAll
    static void stopTheSinksThenDropDatabase(@Autowired List<MessageListenerContainer> sinks) {
        sinks.forEach(MessageListenerContainer::stop);
        infra.dropDatabase(DATABASE);
    }

    @Autowired
    AnswerCache cache;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JobsSink jobsSink;

    @Autowired
    MeterRegistry registry;

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void streamsRunning() {
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> "UP".equals(streamsHealth()));
    }

    @Test
    void shouldStoreACachedAnswerAsACompletedJob() throws Exception {
        JobSubmitted job = Messages.job("What is Kafka? " + SUFFIX);
        UUID cachedRun = UUID.randomUUID();
        double jobsBefore = prometheus("askflow_jobs_total{source=\"CACHE\"}");
        double hitsBefore = prometheus("askflow_cache_lookups_total{outcome=\"hit\"}");
        cache.put(job.answerKey(), new CachedAnswer("A distributed log.", cachedRun, TOKENS, Instant.now()),
                Duration.ofMinutes(5));

        send(Topics.JOBS, job.fingerprint(), job);

        await().atMost(AWAIT).untilAsserted(() -> assertThat(jobRow(job.jobId()))
                .containsEntry("status", "COMPLETED").containsEntry("source", "CACHE")
                .containsEntry("answer", "A distributed log.").containsEntry("run_id", cachedRun));
        assertThat(jdbc.queryForList("select status from job_history where job_id = ?", String.class, job.jobId()))
                .containsExactlyInAnyOrder("QUEUED", "COMPLETED");
        assertThat(prometheus("askflow_jobs_total{source=\"CACHE\"}")).isEqualTo(jobsBefore + 1);
        assertThat(prometheus("askflow_cache_lookups_total{outcome=\"hit\"}")).isEqualTo(hitsBefore + 1);
    }

    @Test
    void shouldStartARunAndStoreTheAnswerOfItsResultAndTheTenantsUsage() throws Exception {
        JobSubmitted job = Messages.job("What is Redis? " + SUFFIX, "acme", "tenant:acme");

        send(Topics.JOBS, job.fingerprint(), job);
        RunRequest task = taskFor(job.fingerprint());
        assertThat(task.tenant()).isEqualTo("acme");
        send(Topics.RUN_RESULTS, job.fingerprint(), Messages.success(task.runId(), job.fingerprint(), "A cache.",
                task.tenant()));

        await().atMost(AWAIT).untilAsserted(() -> assertThat(jobRow(job.jobId()))
                .containsEntry("status", "COMPLETED").containsEntry("source", "LLM")
                .containsEntry("answer", "A cache.").containsEntry("run_id", task.runId()));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(
                jdbc.queryForMap("select status, steps_done, tenant from runs where id = ?", task.runId()))
                .containsEntry("status", "COMPLETED").containsEntry("steps_done", 1).containsEntry("tenant", "acme"));
        assertThat(jdbc.queryForMap("select tenant, cache_scope from jobs where id = ?", job.jobId()))
                .containsEntry("tenant", "acme").containsEntry("cache_scope", "tenant:acme");
        assertThat(cache.get(job.answerKey())).hasValueSatisfying(cached ->
                assertThat(cached.answer()).isEqualTo("A cache."));
        // counted once the sink's transaction committed, just after the row became visible
        await().atMost(AWAIT).untilAsserted(() -> assertThat(
                prometheus("askflow_usage_tokens_total{tenant=\"acme\",type=\"prompt\"}")).isEqualTo(12));
        assertThat(prometheus("askflow_usage_tokens_total{tenant=\"acme\",type=\"completion\"}")).isEqualTo(34);
        assertThat(prometheus("askflow_usage_gpu_seconds_total{tenant=\"acme\"}")).isEqualTo(1.5);
    }

    @Test
    void shouldApplyAJobEventThatArrivesBeforeItsJobRow() {
        JobSubmitted job = Messages.job("What is Flink? " + SUFFIX);
        double retriesBefore = retries();

        send(Topics.JOB_EVENTS, job.jobId().toString(), JobEvent.completed(job.jobId(), job.fingerprint(),
                JobSource.CACHE, UUID.randomUUID(), "A stream processor.", TOKENS, Instant.now()));
        await().atMost(AWAIT).until(() -> retries() > retriesBefore);
        jobsSink.write(Records.batch(Topics.JOBS.name(), job)); // the row arrives late, as from a slow API

        await().atMost(AWAIT).untilAsserted(() -> assertThat(jobRow(job.jobId()))
                .containsEntry("status", "COMPLETED").containsEntry("answer", "A stream processor."));
    }

    private double retries() {
        Counter counter = registry.find(SinkMetrics.RETRIES).tag("sink", "job-events").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The value of one series at {@code /actuator/prometheus}; fails when it is not there. */
    private double prometheus(String series) throws Exception {
        return get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not at /actuator/prometheus"));
    }

    private String streamsHealth() throws Exception {
        JsonNode health = Json.MAPPER.readTree(get("/actuator/health").body());
        return health.at("/components/kafkaStreams/status").asString();
    }

    private Map<String, Object> jobRow(UUID jobId) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, source, answer, run_id from jobs where id = ?", jobId);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static RunRequest taskFor(String fingerprint) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-worker-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AtomicReference<RunRequest> found = new AtomicReference<>();
        try (KafkaConsumer<String, RunRequest> consumer = new KafkaConsumer<>(config,
                Topics.RUNS.keySerde().deserializer(), Topics.RUNS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.RUNS.name()));
            await().atMost(AWAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (fingerprint.equals(record.key())) {
                        found.set(record.value());
                    }
                });
                return found.get() != null;
            });
        }
        return found.get();
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
