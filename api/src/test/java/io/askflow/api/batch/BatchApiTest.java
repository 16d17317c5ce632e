package io.askflow.api.batch;

import io.askflow.api.job.SharedApiContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Files and Batch API's shapes (OpenAI's, snake_case) and its answers to bad input, on the shared infrastructure. */
class BatchApiTest extends SharedApiContext {

    private static final String LINE = "{\"custom_id\": \"%s\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\","
            + " \"body\": {\"model\": \"llama3.2\", \"messages\": [{\"role\": \"user\", \"content\": \"%s\"}]}}";

    @Autowired
    BatchFiles files;

    @Test
    void shouldUploadAFileInOpenAisShapeAndServeItBack() {
        String content = LINE.formatted("a", "Q " + UUID.randomUUID()) + "\n\n" + LINE.formatted("b", "R") + "\n";

        MvcTestResult uploaded = upload("questions.jsonl", content, "batch");

        assertThat(uploaded).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.object", v -> assertThat(v).asString().isEqualTo("file"))
                .hasPathSatisfying("$.id", v -> assertThat(v).asString().startsWith("file-"))
                .hasPathSatisfying("$.bytes", v -> assertThat(v).asNumber().isEqualTo(content.length()))
                .hasPathSatisfying("$.filename", v -> assertThat(v).asString().isEqualTo("questions.jsonl"))
                .hasPathSatisfying("$.purpose", v -> assertThat(v).asString().isEqualTo("batch"))
                .hasPathSatisfying("$.created_at", v -> assertThat(v).asNumber().isNotNull());
        String id = idOf(uploaded);
        assertThat(files.find(id, "default").orElseThrow().lineCount()).as("blank lines not counted").isEqualTo(2);
        assertThat(mvc.get().uri("/v1/files/" + id + "/content").exchange()).hasStatusOk().body()
                .asString().isEqualTo(content);
        assertThat(mvc.get().uri("/v1/files/" + id).exchange()).hasStatusOk();
    }

    @Test
    void shouldCreateABatchInOpenAisShapeAndListAndCancelIt() {
        String fileId = idOf(upload("q.jsonl", LINE.formatted("a", "Q " + UUID.randomUUID()), "batch"));

        MvcTestResult created = post("/v1/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\":"
                + " \"/v1/chat/completions\", \"completion_window\": \"24h\", \"metadata\": {\"run\": \"x\"}}");

        assertThat(created).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.object", v -> assertThat(v).asString().isEqualTo("batch"))
                .hasPathSatisfying("$.id", v -> assertThat(v).asString().startsWith("batch_"))
                .hasPathSatisfying("$.status", v -> assertThat(v).asString().isEqualTo("in_progress"))
                .hasPathSatisfying("$.input_file_id", v -> assertThat(v).asString().isEqualTo(fileId))
                .hasPathSatisfying("$.request_counts.total", v -> assertThat(v).asNumber().isEqualTo(1))
                .hasPathSatisfying("$.metadata.run", v -> assertThat(v).asString().isEqualTo("x"))
                .hasPathSatisfying("$.expires_at", v -> assertThat(v).asNumber().isNotNull());
        String batchId = idOf(created);
        assertThat(mvc.get().uri("/v1/batches?limit=1").exchange()).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.object", v -> assertThat(v).asString().isEqualTo("list"))
                .hasPathSatisfying("$.first_id", v -> assertThat(v).asString().isEqualTo(batchId));
        assertThat(mvc.delete().uri("/v1/files/" + fileId).exchange()).as("a batch reads it").hasStatus(409);
        assertThat(post("/v1/batches/" + batchId + "/cancel", "")).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.status", v -> assertThat(v).asString().isIn("cancelling", "cancelled"));
    }

    @Test
    void shouldAnswerBadInputWithProblems() {
        assertProblem(upload("q.jsonl", "x", "fine-tune"), 400, "purpose");
        assertProblem(mvc.post().uri("/v1/files").multipart().param("purpose", "batch").exchange(), 400, "file");
        assertProblem(mvc.get().uri("/v1/files/file-nope").exchange(), 404, "file-nope");
        assertProblem(mvc.get().uri("/v1/batches/batch_nope").exchange(), 404, "batch_nope");
        assertProblem(post("/v1/batches/batch_nope/cancel", ""), 404, "batch_nope");
        assertProblem(post("/v1/batches", "{\"input_file_id\": \"file-x\", \"endpoint\": \"/v1/embeddings\","
                + " \"completion_window\": \"2 days\"}"), 400, "completion_window");
        assertProblem(mvc.get().uri("/v1/batches?limit=0").exchange(), 400, "limit");
    }

    private void assertProblem(MvcTestResult result, int status, String detail) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().hasPathSatisfying("$.detail", v -> assertThat(v).asString().contains(detail));
    }

    private MvcTestResult upload(String filename, String content, String purpose) {
        return mvc.post().uri("/v1/files").multipart()
                .file(new MockMultipartFile("file", filename, "application/octet-stream",
                        content.getBytes(StandardCharsets.UTF_8)))
                .param("purpose", purpose).exchange();
    }

    private MvcTestResult post(String path, String json) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private static String idOf(MvcTestResult result) {
        String body = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        return body.replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    }
}
