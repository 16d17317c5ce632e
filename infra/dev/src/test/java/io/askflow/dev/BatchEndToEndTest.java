package io.askflow.dev;

import io.askflow.core.json.Json;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches on the whole stack (real Kafka, Redis, PostgreSQL, the simulator behind the workers), driven by the
 * requests OpenAI's Python client sends: upload a file, create a batch, poll it, download its output and error files.
 */
class BatchEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(BatchEndToEndTest.class);
    private static final int MAX_OPEN_JOBS = 20;

    private static DevStack stack;
    private static ApiClient api;
    private static JobTable jobs;

    @BeforeAll
    static void startStack() {
        stack = DevStack.start(DevSettings.forTests(SimulatorConfig.defaults().withLatencyMillis(100))
                .withExtraProperties(Map.of("askflow.api.batches.max-open-jobs", Integer.toString(MAX_OPEN_JOBS),
                        "askflow.api.batches.tick", "100ms")), Infrastructures.shared());
        api = stack.apiClient();
        jobs = new JobTable(stack.infrastructure());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerEveryLineOncePerQuestionAndWriteOutputAndErrorFilesInInputOrder() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            lines.add(openAiLine("req-" + i, "Batch question " + (i % 6) + " " + run));
        }
        lines.add(4, "this is not json");
        lines.add(9, "{\"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"messages\": []}}");
        lines.add(14, openAiLine("req-1", "A repeated custom_id " + run));
        lines.add(19, "{\"custom_id\": \"blank\", \"question\": \"   \"}");
        lines.add("{\"custom_id\": \"own-format\", \"question\": \"Batch question 0 " + run + "\", \"model\": \"llama3.2\","
                + " \"options\": {\"temperature\": 0.2}, \"metadata\": {\"k\": 1}}");
        JsonNode file = upload(String.join("\n", lines) + "\n");
        JsonNode batch = create(file.get("id").asString(), "24h");
        assertThat(batch.get("object").asString()).isEqualTo("batch");
        assertThat(batch.get("request_counts").get("total").asLong()).isEqualTo(65);
        JsonNode done = awaitStatus(batch.get("id").asString(), "completed");

        assertThat(done.get("request_counts").get("completed").asLong()).isEqualTo(61);
        assertThat(done.get("request_counts").get("failed").asLong()).isEqualTo(4);
        assertThat(jobs.runsOfBatch(done.get("id").asString())).as("one chain run per distinct question").isEqualTo(6);
        List<JsonNode> output = jsonLines(api.get("/v1/files/" + done.get("output_file_id").asString() + "/content"));
        assertThat(output).hasSize(61);
        assertThat(output.get(0).get("custom_id").asString()).isEqualTo("req-1");
        assertThat(output.get(59).get("custom_id").asString()).isEqualTo("req-60");
        assertThat(output.get(60).get("custom_id").asString()).isEqualTo("own-format");
        assertThat(output.get(0).get("response").get("status_code").asInt()).isEqualTo(200);
        assertThat(output.get(0).get("response").get("body").get("choices").get(0).get("message").get("content")
                .asString()).contains("simulated");
        List<JsonNode> errors = jsonLines(api.get("/v1/files/" + done.get("error_file_id").asString() + "/content"));
        assertThat(errors).extracting(e -> e.get("error").get("code").asString())
                .containsExactly("invalid_json_line", "missing_custom_id", "duplicate_custom_id", "invalid_request");
        assertThat(errors).extracting(e -> e.get("error").get("line").asLong()).containsExactly(5L, 10L, 15L, 20L);
        assertThat(api.get("/v1/files/" + file.get("id").asString() + "/content").body())
                .isEqualTo(String.join("\n", lines) + "\n");
        assertThat(new ApiClient(stack.apiUrl(), stack.adminKey()).get("/v1/batches/" + done.get("id").asString())
                .status()).as("another tenant's batch").isEqualTo(404);
    }

    @Test
    void shouldReadCsvLinesWithTheirOtherColumnsAsMetadata() {
        String run = UUID.randomUUID().toString();
        JsonNode file = upload("custom_id,question,topic\na,\"What is CSV, really? " + run + "\",formats\n"
                + "b,Why batches? " + run + ",ops\n");

        JsonNode done = awaitStatus(create(file.get("id").asString(), "1h").get("id").asString(), "completed");

        assertThat(done.get("request_counts").get("completed").asLong()).isEqualTo(2);
        assertThat(jsonLines(api.get("/v1/files/" + done.get("output_file_id").asString() + "/content")))
                .extracting(line -> line.get("custom_id").asString()).containsExactly("a", "b");
    }

    @Test
    void shouldFailABatchWhoseFileIsNoBatchFileWithItsFirstLine() {
        JsonNode file = upload("\nhello,world\n1,2\n");

        JsonNode batch = create(file.get("id").asString(), "24h");

        assertThat(batch.get("status").asString()).isEqualTo("failed");
        assertThat(batch.get("errors").get("data").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(api.post("/v1/batches", "{\"input_file_id\": \"file-nope\", \"endpoint\": \"/v1/chat/completions\","
                + " \"completion_window\": \"24h\"}").status()).isEqualTo(404);
        assertThat(api.post("/v1/batches", "{\"input_file_id\": \"x\", \"endpoint\": \"/v1/embeddings\","
                + " \"completion_window\": \"24h\"}").contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldStopDispatchingAtOnceOnCancelAndCountEveryLine() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            lines.add(openAiLine("c-" + i, "Cancelled question " + i + " " + run));
        }
        String id = create(upload(String.join("\n", lines)).get("id").asString(), "24h").get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> counts(id).get("completed").asLong() >= 5);

        ApiClient.Response cancelled = api.post("/v1/batches/" + id + "/cancel", "");
        long made = jobs.jobsOfBatch(id);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isIn("cancelling", "cancelled");
        JsonNode done = awaitStatus(id, "cancelled");
        assertThat(jobs.jobsOfBatch(id)).as("no line dispatched after the cancel").isEqualTo(made);
        assertThat(made).isLessThan(300);
        long completed = done.get("request_counts").get("completed").asLong();
        assertThat(completed + done.get("request_counts").get("failed").asLong()).isEqualTo(300);
        List<JsonNode> errors = jsonLines(api.get("/v1/files/" + done.get("error_file_id").asString() + "/content"));
        assertThat(errors).hasSize((int) (300 - completed));
        assertThat(errors).allSatisfy(e -> assertThat(e.get("error").get("code").asString()).isEqualTo("batch_cancelled"));
        assertThat(api.post("/v1/batches/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void shouldExpireABatchPastItsCompletionWindowAndReportTheLinesNotAnswered() {
        String run = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            lines.add(openAiLine("e-" + i, "Expiring question " + i + " " + run));
        }
        String id = create(upload(String.join("\n", lines)).get("id").asString(), "2s").get("id").asString();

        JsonNode done = awaitStatus(id, "expired");

        long completed = done.get("request_counts").get("completed").asLong();
        assertThat(completed).isLessThan(200);
        assertThat(done.get("request_counts").get("failed").asLong()).isEqualTo(200 - completed);
        List<JsonNode> errors = jsonLines(api.get("/v1/files/" + done.get("error_file_id").asString() + "/content"));
        assertThat(errors).hasSize((int) (200 - completed));
        assertThat(errors).allSatisfy(e -> assertThat(e.get("error").get("code").asString()).isEqualTo("batch_expired"));
        assertThat(errors.get(errors.size() - 1).get("custom_id").asString()).isEqualTo("e-200");
        assertThat(jsonLines(api.get("/v1/files/" + done.get("output_file_id").asString() + "/content")))
                .hasSize((int) completed);
    }

    @Test
    void shouldStartAnInteractiveJobWithinSecondsUnderARunningBatchAndLoseNothingThroughAnApiRestart()
            throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add(openAiLine("r-" + i, "Restart question " + i + " " + run));
        }
        long idleMillis = interactiveStartMillis("An interactive question without a batch " + run);
        log.info("an interactive job started {} ms after its submit without a batch", idleMillis);
        String id = create(upload(String.join("\n", lines)).get("id").asString(), "24h").get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> counts(id).get("completed").asLong() >= 10);

        long startMillis = interactiveStartMillis("An interactive question " + run);
        log.info("an interactive job started {} ms after its submit under a running batch of {} lines", startMillis,
                lines.size());
        // the same machine and stack a moment before, without the batch, is the measure (tasks of earlier test
        // classes on the shared infrastructure may still be running, interactive ones)
        assertThat(startMillis).isLessThan(idleMillis + 5_000);

        stack.restartApi();
        api = stack.apiClient();
        JsonNode done = awaitStatus(id, "completed");

        assertThat(done.get("request_counts").get("completed").asLong()).isEqualTo(150);
        assertThat(jobs.jobsOfBatch(id)).as("one job per line").isEqualTo(150);
        assertThat(jobs.runsOfBatch(id)).as("no line run twice").isEqualTo(150);
        assertThat(jsonLines(api.get("/v1/files/" + done.get("output_file_id").asString() + "/content")))
                .extracting(line -> line.get("custom_id").asString()).first().isEqualTo("r-1");
    }

    /**
     * How long a new interactive job stays QUEUED (until it is RUNNING or answered), seen by polling; returns once
     * the job ended.
     */
    private static long interactiveStartMillis(String question) {
        long submitted = System.nanoTime();
        String location = api.submitQuestion(question).location();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !"QUEUED".equals(api.get(location).text("status")));
        long millis = (System.nanoTime() - submitted) / 1_000_000;
        Awaits.jobEnd(api, location);
        return millis;
    }

    private static String openAiLine(String customId, String question) {
        return Json.MAPPER.writeValueAsString(Map.of("custom_id", customId, "method", "POST",
                "url", "/v1/chat/completions", "body", Map.of("model", "llama3.2", "temperature", 0.2,
                        "messages", List.of(Map.of("role", "system", "content", "Be brief."),
                                Map.of("role", "user", "content", question)))));
    }

    private static JsonNode upload(String content) {
        ApiClient.Response response = api.uploadBatchFile("questions.jsonl", content.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.text("object")).isEqualTo("file");
        return response.json();
    }

    private static JsonNode create(String fileId, String window) {
        ApiClient.Response response = api.post("/v1/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\":"
                + " \"/v1/chat/completions\", \"completion_window\": \"" + window + "\", \"metadata\": {\"run\": \"e2e\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode counts(String id) {
        return api.get("/v1/batches/" + id).json().get("request_counts");
    }

    private static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/v1/batches/" + id).json(), b -> status.equals(b.get("status").asString()));
    }

    private static List<JsonNode> jsonLines(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body().lines().filter(l -> !l.isBlank()).map(l -> Json.MAPPER.readTree(l)).toList();
    }
}
