package io.askflow.dev;

import io.askflow.core.topic.Topics;
import io.askflow.simulator.OllamaSimulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One question's whole trip on real Kafka, Redis and PostgreSQL, with the Ollama simulator behind the workers. */
class EndToEndTest {

    private static DevStack stack;
    private static ApiClient api;
    private static OllamaSimulator simulator;

    @BeforeAll
    static void startStack() {
        stack = DevStack.start(DevSettings.forTests(SimulatorConfig.defaults()), Infrastructures.shared());
        api = stack.apiClient();
        simulator = stack.simulator().orElseThrow();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerASubmittedQuestionWithTheSimulatorsAnswer() {
        ApiClient.Response submitted = api.submitQuestion("What is Apache Kafka? " + UUID.randomUUID());

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.location()).startsWith("/v1/jobs/");
        assertThat(submitted.text("status")).isEqualTo("QUEUED");
        assertThat(api.get(submitted.location()).status()).as("a poll right after the submit").isEqualTo(200);

        JsonNode job = awaitEnd(submitted.location());
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("source").asString()).isEqualTo("LLM");
        assertThat(job.get("answer").asString()).contains("simulated");
        assertThat(job.get("tokens").get("completionTokens").asLong()).isPositive();
        assertThat(job.get("steps")).hasSize(1);
    }

    @Test
    void shouldAnswerTheSameQuestionAgainFromTheCacheWithoutCallingOllama() {
        String question = "Why is the sky blue? " + UUID.randomUUID();
        JsonNode first = awaitEnd(api.submitQuestion(question).location());
        long callsAfterFirst = simulator.stats().completed();

        JsonNode second = awaitEnd(api.submitQuestion("  " + question.replace(" ", "   ") + "\n").location());

        assertThat(second.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(second.get("source").asString()).isEqualTo("CACHE");
        assertThat(second.get("answer").asString()).isEqualTo(first.get("answer").asString());
        assertThat(simulator.stats().completed()).isEqualTo(callsAfterFirst);
    }

    @Test
    void shouldFailTheJobWithTheReasonWhenTheModelIsUnknown() {
        ApiClient.Response submitted = api.submit("""
                {"question": "Anything? %s", "model": "no-such-model"}""".formatted(UUID.randomUUID()));

        JsonNode job = awaitEnd(submitted.location());

        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("type").asString()).isEqualTo("OLLAMA_MODEL_NOT_FOUND");
        assertThat(job.get("error").get("message").asString()).contains("no-such-model");
    }

    static Stream<Arguments> badSubmissions() {
        return Stream.of(
                Arguments.of("not json at all", "not valid JSON"),
                Arguments.of("[1, 2]", "JSON object"),
                Arguments.of("{}", "question"),
                Arguments.of("{\"question\": \"   \"}", "question"),
                Arguments.of("{\"question\": \"" + "x".repeat(16_001) + "\"}", "limit is 16000"),
                Arguments.of("{\"question\": \"q\", \"colour\": \"blue\"}", "unknown field \"colour\""),
                Arguments.of("{\"question\": 42}", "question"),
                Arguments.of("{\"question\": \"q\", \"metadata\": \"text\"}", "metadata"),
                Arguments.of("{\"question\": \"q\", \"chain\": \"nope\"}", "unknown chain \"nope\""),
                Arguments.of("{\"question\": \"q\", \"cache\": {\"mode\": \"SOMETIMES\"}}", "must be one of"));
    }

    @ParameterizedTest
    @MethodSource("badSubmissions")
    void shouldRejectBadInputWithAProblemAndStoreOrPublishNothing(String body, String detail) throws Exception {
        long jobsBefore = countJobs();
        long publishedBefore = publishedJobs();

        ApiClient.Response response = api.submit(body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("detail")).contains(detail);
        assertThat(countJobs()).isEqualTo(jobsBefore);
        assertThat(publishedJobs()).isEqualTo(publishedBefore);
    }

    @Test
    void shouldAnswerAMalformedJobIdWith400AndAnUnknownOneWith404() {
        ApiClient.Response malformed = api.get("/v1/jobs/not-a-uuid");
        ApiClient.Response unknown = api.get("/v1/jobs/" + UUID.randomUUID());

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.text("detail")).contains("is not a job id");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldAskForAKeyAndServeTheDevTenantsJobsWithTheOneTheBannerPrints() {
        ApiClient.Response submitted = api.submitQuestion("Whose is this? " + UUID.randomUUID());
        String id = submitted.text("id");

        assertThat(new ApiClient(stack.apiUrl()).get("/v1/jobs/" + id).status()).as("no key").isEqualTo(401);
        assertThat(api.get("/v1/jobs?limit=100").body()).contains(id);
        assertThat(new ApiClient(stack.apiUrl(), stack.adminKey()).get("/v1/admin/tenants").body())
                .contains("\"" + DevStack.DEV_TENANT + "\"");
        assertThat(api.get("/v1/admin/tenants").status()).as("the dev key is a tenant's").isEqualTo(403);
        assertThat(new ApiClient(stack.apiManagementUrl()).get("/actuator/health").body()).contains("UP");
        assertThat(api.get("/actuator/health").status()).as("not on the public port").isEqualTo(404);
        assertThat(DevBanner.stack(stack, DevSettings.forTests(SimulatorConfig.defaults()), 1))
                .contains("export ASKFLOW_KEY=" + stack.devKey(), "Bearer $ASKFLOW_KEY", stack.adminKey());
    }

    private static JsonNode awaitEnd(String location) {
        return Awaits.jobEnd(api, location);
    }

    private static long publishedJobs() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().kafkaBootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(Topics.JOBS.name())).allTopicNames().get()
                    .get(Topics.JOBS.name()).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.JOBS.name(), p.partition()),
                            p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private static long countJobs() throws SQLException {
        return new JobTable(stack.infrastructure()).count();
    }
}
