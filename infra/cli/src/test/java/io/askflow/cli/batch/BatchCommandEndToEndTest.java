package io.askflow.cli.batch;

import io.askflow.cli.CliRun;
import io.askflow.cli.CliStack;
import io.askflow.cli.client.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code askflow batch ...} against the whole stack (DevStack) and the api's batch endpoints
 * ({@code /v1/files}, {@code /v1/batches}).
 */
class BatchCommandEndToEndTest {

    private static CliStack stack;
    private static Map<String, String> environment;

    @TempDir
    Path directory;

    @BeforeAll
    static void startStack() {
        stack = CliStack.shared();
        environment = stack.environment();
    }

    @Test
    void shouldRunABatchWithABadLineAndADuplicateAndDownloadBothFiles() throws Exception {
        String kafka = "What is Kafka? " + UUID.randomUUID();
        String redis = "What is Redis? " + UUID.randomUUID();
        Path questions = Files.write(directory.resolve("questions.jsonl"), List.of(
                line("q1", kafka), line("q2", redis), line("q3", kafka), "this line is not JSON"));
        Path results = directory.resolve("results");

        CliRun.Result result = CliRun.run(environment, "batch", "submit", questions.toString(), "--wait",
                "--output", results.toString(), "--metadata", "project=cli", "--poll-interval", "200ms", "--timeout", "2m");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED); // the bad line failed
        assertThat(result.err()).contains(" created from questions.jsonl", "completed: 4/4 done (3 completed, 1 failed)");
        assertThat(result.out()).contains(" completed: 3 completed, 1 failed, 4 total", "output: ", "errors: ");
        String batchId = result.out().lines().filter(line -> line.startsWith("batch ")).findFirst().orElseThrow().split(" ")[1];
        List<String> output = Files.readAllLines(results.resolve(batchId + "-output.jsonl"));
        List<String> errors = Files.readAllLines(results.resolve(batchId + "-errors.jsonl"));
        assertThat(output).hasSize(3);
        assertThat(output.get(0)).contains("\"custom_id\":\"q1\"", "simulated");
        assertThat(output.get(2)).contains("\"custom_id\":\"q3\"");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("\"line\":4", "invalid_json_line");

        CliRun.Result status = CliRun.run(environment, "batch", "status", batchId);
        CliRun.Result list = CliRun.run(environment, "batch", "list");
        assertThat(status.out()).contains("id          " + batchId, "status      completed", "metadata    project=cli");
        assertThat(list.out()).contains(batchId);
    }

    @Test
    void shouldCancelABatchAndSeeItCancelled() throws Exception {
        Path questions = Files.write(directory.resolve("many.jsonl"), IntStream.range(0, 500)
                .mapToObj(i -> line("c" + i, "Question " + i + " " + UUID.randomUUID())).toList());
        CliRun.Result submitted = CliRun.run(environment, "batch", "submit", questions.toString());
        assertThat(submitted.exitCode()).as(submitted.toString()).isEqualTo(ExitCode.OK);
        String batchId = submitted.out().strip();

        CliRun.Result cancelled = CliRun.run(environment, "batch", "cancel", batchId);

        assertThat(cancelled.exitCode()).as(cancelled.toString()).isEqualTo(ExitCode.OK);
        assertThat(cancelled.out()).containsAnyOf("status      cancelling", "status      cancelled");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(CliRun.run(environment, "batch", "status", batchId).out()).contains("status      cancelled"));
    }

    private static String line(String customId, String question) {
        return "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"llama3.2\","
                .formatted(customId) + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}}".formatted(question);
    }
}
