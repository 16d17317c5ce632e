package io.askflow.api.job;

import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.cache.RedisAnswerCache;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.json.Json;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.topic.Topics;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The API against real Kafka, PostgreSQL and Redis: an accepted job is stored and published, keyed by
 * fingerprint; a cached one is answered at once (the fast path).
 */
class JobSubmissionTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RedisAnswerCache redisAnswerCache;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldStoreAndPublishAnAcceptedJobBeforeAnswering() throws Exception {
        String question = "What is a consumer group? " + UUID.randomUUID();

        MvcTestResult result = post("{\"question\": \"" + question + "\", \"metadata\": {\"user\": \"u1\"}}");

        assertThat(result).hasStatus(202).headers().containsHeader("Location");
        String id = result.getResponse().getHeader("Location").substring("/v1/jobs/".length());
        assertThat(jdbc.sql("select status from jobs where id = ?").param(UUID.fromString(id)).query(String.class).single())
                .isEqualTo("QUEUED");
        MvcTestResult poll = mvc.get().uri("/v1/jobs/" + id).exchange();
        assertThat(poll).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.status", status -> assertThat(status).asString().isEqualTo("QUEUED"))
                .hasPathSatisfying("$.metadata.user", user -> assertThat(user).asString().isEqualTo("u1"));
        assertThat(json(result)).as("the answer is the job as a poll shows it").isEqualTo(json(poll));
        ConsumerRecord<String, JobSubmitted> published = awaitPublished(UUID.fromString(id));
        assertThat(published.key()).isEqualTo(published.value().fingerprint()).hasSize(64);
        assertThat(published.value().request().question()).isEqualTo(question);
        assertThat(published.value().request().chainVersion()).isNotBlank();
    }

    @Test
    void shouldAnswerACachedQuestionAtOnceWith200AndStillStoreAndPublishIt() throws Exception {
        String question = "What is a partition? " + UUID.randomUUID();
        assertThat(submit(question)).as("not cached yet").hasStatus(202);
        String fingerprint = jdbc.sql("select fingerprint from jobs where question = ?").param(question)
                .query(String.class).single();
        CachedAnswer cached = new CachedAnswer("An ordered log.", UUID.randomUUID(), new TokenUsage(7, 9),
                Instant.parse("2026-01-01T10:00:00Z"));
        redisAnswerCache.put(AnswerKey.inDefaultScope(fingerprint), cached, Duration.ofMinutes(1));

        MvcTestResult result = post("{\"question\": \"  " + question.replace(" ", "  ")
                + "\", \"metadata\": {\"user\": \"u2\", \"tags\": [\"a\", 1.5]}}");

        assertThat(result).hasStatus(200).headers().containsHeader("Location");
        UUID id = UUID.fromString(result.getResponse().getHeader("Location").substring("/v1/jobs/".length()));
        assertThat(result).bodyJson()
                .hasPathSatisfying("$.status", status -> assertThat(status).asString().isEqualTo("COMPLETED"))
                .hasPathSatisfying("$.source", source -> assertThat(source).asString().isEqualTo("CACHE"))
                .hasPathSatisfying("$.answer", answer -> assertThat(answer).asString().isEqualTo("An ordered log."))
                .hasPathSatisfying("$.tokens.completionTokens", tokens -> assertThat(tokens).asNumber().isEqualTo(9));
        // built in memory, not read back: still the job as a poll shows it (its run has no row in this test)
        assertThat(json(result)).isEqualTo(json(mvc.get().uri("/v1/jobs/" + id).exchange()));
        assertThat(jdbc.sql("select status || '/' || source || '/' || run_id from jobs where id = ?").param(id)
                .query(String.class).single()).isEqualTo("COMPLETED/CACHE/" + cached.runId());
        assertThat(jdbc.sql("select status from job_history where job_id = ?").param(id).query(String.class).list())
                .containsExactlyInAnyOrder("QUEUED", "COMPLETED");
        JobSubmitted published = awaitPublished(id).value();
        assertThat(published.answeredFromCache()).isEqualTo(cached);
        assertThat(published.fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void shouldAcceptWith202WithoutWaitingWhenRedisIsDown() {
        Infrastructure infra = Infrastructures.shared();
        assumeThat(infra.supportsRedisRestart()).as("embedded Redis can be stopped").isTrue();
        String question = "Is Redis there? " + UUID.randomUUID();
        submit(question); // the pool now holds connections that the stop breaks
        infra.stopRedis();
        double errors = cacheLookups("error");
        try {
            long started = System.nanoTime();
            MvcTestResult result = submit(question);

            assertThat(result).hasStatus(202);
            assertThat(cacheLookups("error")).as("the failed lookup, counted").isGreaterThan(errors);
            // well under the publish timeout (5 s): the lookup gave up after its short Redis timeouts
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            infra.startRedis();
        }
    }

    @Test
    void shouldLetTheContextCloseTheJobsProducer(@Autowired ApplicationContext context,
                                                 @Autowired KafkaTemplate<String, JobSubmitted> jobsKafkaTemplate) {
        // a bean, the factory's producer is closed with the context; made inside the template's bean, it was not
        assertThat(context.getBeansOfType(ProducerFactory.class).values())
                .containsExactly(jobsKafkaTemplate.getProducerFactory());
    }

    @Test
    void shouldDescribeTheApiAsThePublishedOpenApiFileSays() throws Exception {
        String live = mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
        Path file = Path.of("../docs/api/openapi.json");
        if (Boolean.getBoolean("askflow.openapi.update")) { // -Daskflow.openapi.update=true refreshes the copy
            JsonNode description = withoutServers(Json.MAPPER.readTree(live));
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(description) + "\n");
        }
        JsonNode published = Json.MAPPER.readTree(file.toFile());

        assertThat(live).contains("/v1/jobs/{id}", "Answered from the cache at once");
        assertThat(withoutServers(Json.MAPPER.readTree(live)))
                .as("docs/api/openapi.json is stale: run this test with -Daskflow.openapi.update=true to refresh it")
                .isEqualTo(withoutServers(published));
    }

    private static JsonNode withoutServers(JsonNode description) {
        ((ObjectNode) description).remove("servers");
        return description;
    }

    @Test
    void shouldKeepTheActuatorOffThePublicPort() {
        // on management.server.port (SecuritySurfaceTest reads them there)
        assertThat(mvc.get().uri("/actuator/health")).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/prometheus")).hasStatus(404);
    }

    private MvcTestResult submit(String question) {
        return post("{\"question\": \"" + question + "\"}");
    }

    private static JsonNode json(MvcTestResult result) throws Exception {
        return Json.MAPPER.readTree(result.getResponse().getContentAsString());
    }

    private double cacheLookups(String outcome) {
        return meters.get(GuardedAnswerCache.LOOKUPS).tag("outcome", outcome).counter().count();
    }

    private static ConsumerRecord<String, JobSubmitted> awaitPublished(UUID jobId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructures.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "job-submission-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, Topics.JOBS.keySerde().deserializer(),
                Topics.JOBS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.JOBS.name()));
            List<ConsumerRecord<String, JobSubmitted>> seen = new ArrayList<>();
            return await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().filter(r -> r.value().jobId().equals(jobId)).findFirst().orElse(null);
            }, java.util.Objects::nonNull);
        }
    }
}
