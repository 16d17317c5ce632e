package io.askflow.cli.batch;

import io.askflow.cli.CliRun;
import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch commands against a stand-in server with OpenAI's shapes: what they send, print and download. */
class BatchCommandTest {

    private StubBatchServer server;

    @TempDir
    Path directory;

    @BeforeEach
    void startServer() throws Exception {
        server = new StubBatchServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldUploadCreateFollowAndDownloadABatch() throws Exception {
        Path questions = Files.writeString(directory.resolve("questions.jsonl"), "{\"custom_id\":\"a\",\"question\":\"q\"}\n");
        Path results = directory.resolve("results");

        CliRun.Result result = CliRun.run("batch", "submit", questions.toString(), "--wait", "--output", results.toString(),
                "--metadata", "project=cli", "--completion-window", "24h", "--poll-interval", "10ms",
                "--url", server.url(), "--api-key", "ask_test");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED); // one line failed
        assertThat(server.uploaded).startsWith("multipart/form-data; boundary=")
                .contains("name=\"purpose\"\r\n\r\nbatch\r\n", "filename=\"questions.jsonl\"", "{\"custom_id\":\"a\",\"question\":\"q\"}");
        JsonNode created = ApiClient.json().readTree(server.created);
        assertThat(created.get("input_file_id").asString()).isEqualTo("file-in");
        assertThat(created.get("endpoint").asString()).isEqualTo("/v1/chat/completions");
        assertThat(created.get("completion_window").asString()).isEqualTo("24h");
        assertThat(created.get("metadata").get("project").asString()).isEqualTo("cli");
        assertThat(server.requests).allMatch(request -> request.endsWith("Bearer ask_test"));
        assertThat(result.err()).contains("batch batch_1 created from questions.jsonl (file file-in", "validating",
                "batch batch_1 in_progress: 0/4 done (0 completed, 0 failed)",
                "batch batch_1 completed: 4/4 done (3 completed, 1 failed)");
        Path output = results.resolve("batch_1-output.jsonl");
        Path errors = results.resolve("batch_1-errors.jsonl");
        assertThat(result.out()).contains("batch batch_1 completed: 3 completed, 1 failed, 4 total",
                "output: " + output, "errors: " + errors);
        assertThat(output).hasContent(StubBatchServer.OUTPUT.strip());
        assertThat(errors).hasContent(StubBatchServer.ERRORS.strip());
    }

    @Test
    void shouldPrintOnlyTheBatchIdWithoutWait() throws Exception {
        Path questions = Files.writeString(directory.resolve("questions.jsonl"), "{}\n");

        CliRun.Result result = CliRun.run("batch", "submit", questions.toString(), "--url", server.url());

        assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).isEqualTo("batch_1" + System.lineSeparator());
        assertThat(ApiClient.json().readTree(server.created).has("metadata")).isFalse();
    }

    @Test
    void shouldShowListAndCancelBatches() {
        server.requests.clear();

        CliRun.Result status = CliRun.run("batch", "status", "batch_1", "--url", server.url());
        CliRun.Result list = CliRun.run("batch", "list", "--limit", "5", "--url", server.url());
        CliRun.Result cancel = CliRun.run("batch", "cancel", "batch_1", "--url", server.url());

        assertThat(status.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(status.out()).contains("id          batch_1", "status      in_progress",
                "requests    0 completed, 0 failed, 4 total", "created     2025-12-05T02:00:00Z", "metadata    project=cli");
        assertThat(list.out()).contains("ID", "STATUS", "batch_1", "completed");
        assertThat(list.err()).contains("more: askflow batch list --after batch_1");
        assertThat(cancel.out()).contains("status      cancelling");
        assertThat(server.requests).containsExactly("GET /v1/batches/batch_1 null", "GET /v1/batches?limit=5 null",
                "POST /v1/batches/batch_1/cancel null");
    }

    @Test
    void shouldPrintTheServersErrorMessageInOneLine() {
        CliRun.Result result = CliRun.run("batch", "status", "nope", "--url", server.url());

        assertThat(result.exitCode()).isEqualTo(ExitCode.API_ERROR);
        assertThat(result.err()).isEqualTo("askflow: GET /v1/batches/nope failed: 404 No such thing: /v1/batches/nope"
                + System.lineSeparator());
    }
}
