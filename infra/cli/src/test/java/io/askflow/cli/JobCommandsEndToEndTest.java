package io.askflow.cli;

import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code askflow ask} and {@code askflow jobs} against the whole stack ({@link CliStack}). */
class JobCommandsEndToEndTest {

    private static CliStack stack;
    private static Map<String, String> environment;

    @BeforeAll
    static void startStack() {
        stack = CliStack.shared();
        environment = stack.environment();
    }

    @Test
    void shouldAskAQuestionAndPrintTheAnswer() {
        CliRun.Result result = CliRun.run(environment, "ask", "What is Apache Kafka? " + UUID.randomUUID());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("simulated");
        assertThat(result.out()).doesNotContain("COMPLETED"); // the answer alone
        assertThat(result.err()).isEmpty();
    }

    @Test
    void shouldPrintTheJobAsJsonWithOptionsFromTheCommandLine() {
        String question = "Why is the sky blue? " + UUID.randomUUID();

        CliRun.Result result = CliRun.run("ask", question, "--chain", "answer", "--json", "--timeout", "60s",
                "--url", stack.apiUrl(), "--api-key", stack.devKey());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
        JsonNode job = ApiClient.json().readTree(result.out());
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("question").asString()).isEqualTo(question);
        assertThat(job.get("chain").asString()).isEqualTo("answer");
    }

    @Test
    void shouldSubmitWithoutWaitingThenGetAndListTheJob() {
        String question = "What is a share group? " + UUID.randomUUID();
        CliRun.Result submitted = CliRun.run(environment, "ask", question, "--no-wait");
        String id = submitted.out().strip();
        assertThat(submitted.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(id).matches("[0-9a-f-]{36}");

        CliRun.Result waited = CliRun.run(environment, "ask", question); // the same question: its answer, cached or coalesced
        CliRun.Result got = CliRun.run(environment, "jobs", "get", id);
        CliRun.Result listed = CliRun.run(environment, "jobs", "list", "--status", "COMPLETED", "--limit", "100");

        assertThat(waited.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(got.exitCode()).as(got.toString()).isEqualTo(ExitCode.OK);
        assertThat(got.out()).contains("id         " + id, "question   " + question, "status     ");
        assertThat(listed.exitCode()).as(listed.toString()).isEqualTo(ExitCode.OK);
        assertThat(listed.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).startsWith("ID"));
        assertThat(listed.out()).contains(question.substring(0, 20));
        assertThat(listed.out().lines().skip(1)).allMatch(line -> line.contains(" COMPLETED "));
    }

    @Test
    void shouldExitWithOneAndTheReasonWhenTheJobFails() {
        CliRun.Result result = CliRun.run(environment, "ask", "Anything? " + UUID.randomUUID(), "--model", "no-such-model");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(result.err()).startsWith("askflow: job ").contains("failed: OLLAMA_MODEL_NOT_FOUND", "no-such-model");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldPrintTheApisProblemInOneLine() {
        CliRun.Result noKey = CliRun.run(Map.of("ASKFLOW_URL", stack.apiUrl()), "jobs", "list");
        CliRun.Result badChain = CliRun.run(environment, "ask", "q", "--chain", "nope");
        CliRun.Result unknownJob = CliRun.run(environment, "jobs", "get", UUID.randomUUID().toString());

        assertThat(noKey.exitCode()).isEqualTo(ExitCode.API_ERROR);
        assertThat(noKey.err()).startsWith("askflow: GET /v1/jobs failed: 401 Unauthenticated")
                .endsWith("(give a key with --api-key or ASKFLOW_API_KEY)" + System.lineSeparator());
        assertThat(badChain.exitCode()).isEqualTo(ExitCode.API_ERROR);
        assertThat(badChain.err()).startsWith("askflow: POST /v1/jobs failed: 400 ").contains("unknown chain \"nope\"");
        assertThat(badChain.err().lines()).hasSize(1);
        assertThat(unknownJob.exitCode()).isEqualTo(ExitCode.API_ERROR);
        assertThat(unknownJob.err()).contains("failed: 404");
    }
}
