package io.askflow.cli.job;

import io.askflow.cli.client.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class JobFormatTest {

    @Test
    void shouldShowAJobAsLabelledLinesLeavingOutWhatIsMissing() {
        JsonNode job = ApiClient.json().readTree("""
                {"id": "j1", "status": "COMPLETED", "source": "CACHE", "question": "What is Kafka?", "chain": "answer",
                 "answer": "A log.", "tokens": {"promptTokens": 85, "completionTokens": 26},
                 "submittedAt": "2026-12-05T10:00:00Z", "metadata": {"user": "42"}}""");

        assertThat(JobFormat.details(job).lines()).containsExactly(
                "id         j1",
                "status     COMPLETED (CACHE)",
                "question   What is Kafka?",
                "chain      answer",
                "answer     A log.",
                "tokens     85 prompt, 26 completion",
                "submitted  2026-12-05T10:00:00Z",
                "metadata   user=42");
    }

    @Test
    void shouldSayWhyAJobFailed() {
        JsonNode job = ApiClient.json().readTree("""
                {"id": "j2", "status": "FAILED", "error": {"type": "OLLAMA_MODEL_NOT_FOUND", "message": "model 'x' not found"}}""");

        assertThat(JobFormat.ended(job)).isTrue();
        assertThat(JobFormat.failure(job)).isEqualTo("job j2 failed: OLLAMA_MODEL_NOT_FOUND: model 'x' not found");
        assertThat(JobFormat.details(job)).contains("error      OLLAMA_MODEL_NOT_FOUND: model 'x' not found");
    }

    @Test
    void shouldListJobsAsATableWithLongQuestionsCut() {
        JsonNode page = ApiClient.json().readTree("""
                {"jobs": [{"id": "01a21070-e39d-72a1-b39d-9f5da6c95893", "status": "QUEUED",
                           "submittedAt": "2026-12-05T10:00:00Z", "question": "%s"}]}""".formatted("why\\n " + "x".repeat(100)));

        String[] lines = JobFormat.table(page).split(System.lineSeparator());

        assertThat(lines[0]).startsWith("ID").contains("STATUS", "SOURCE", "SUBMITTED", "QUESTION");
        assertThat(lines[1]).startsWith("01a21070-e39d-72a1-b39d-9f5da6c95893  QUEUED     -          2026-12-05T10:00:00Z         ")
                .endsWith("why " + "x".repeat(53) + "...");
    }
}
