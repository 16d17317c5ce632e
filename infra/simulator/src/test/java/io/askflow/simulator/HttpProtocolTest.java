package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ollama's wire format, checked with a plain HTTP client. */
class HttpProtocolTest {

    private static OllamaSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = OllamaSimulator.start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void defaults() {
        simulator.reconfigure(c -> SimulatorConfig.defaults());
        simulator.reset();
    }

    @Test
    void shouldStreamNdjsonChunksThenAFinalChunkWithCounts() {
        TestHttp.Reply reply = http.post("/api/chat", TestHttp.chat("llama3.2", "one two three", true));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/x-ndjson");
        List<JsonNode> lines = reply.lines();
        assertThat(lines).hasSize(26 + 1);
        assertThat(lines.subList(0, 26)).allSatisfy(chunk -> {
            assertThat(chunk.path("done").booleanValue()).isFalse();
            assertThat(chunk.path("model").asString()).isEqualTo("llama3.2");
            assertThat(chunk.path("message").path("role").asString()).isEqualTo("assistant");
            assertThat(chunk.path("created_at").asString()).isNotBlank();
        });
        JsonNode last = lines.get(26);
        assertThat(last.path("done").booleanValue()).isTrue();
        assertThat(last.path("done_reason").asString()).isEqualTo("stop");
        assertThat(last.path("message").path("content").asString()).isEmpty();
        assertThat(last.path("prompt_eval_count").asInt()).isEqualTo(3);
        assertThat(last.path("eval_count").asInt()).isEqualTo(26);
        for (String duration : List.of("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")) {
            assertThat(last.path(duration).asLong()).as(duration).isPositive();
        }
    }

    @Test
    void shouldStreamByDefaultLikeOllama() {
        TestHttp.Reply reply = http.post("/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(reply.contentType()).isEqualTo("application/x-ndjson");
        assertThat(reply.lines()).hasSizeGreaterThan(1);
    }

    @Test
    void shouldAcceptFieldsItDoesNotKnow() {
        String body = """
                {"model":"qwen2.5:latest","stream":false,"tools":[],"useTools":false,"think":false,
                 "thinking":null,"keep_alive":"5m","format":null,"options":{"temperature":0.1,"seed":4},
                 "messages":[{"role":"user","content":"hi","images":null,"tool_calls":[]}]}""";

        TestHttp.Reply reply = http.post("/api/chat", body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("message").path("content").asString()).startsWith("[simulated answer] ");
        assertThat(reply.json().path("model").asString()).isEqualTo("qwen2.5:latest");
    }

    @Test
    void shouldAnswerGenerateWithResponseField() {
        TestHttp.Reply reply = http.post("/api/generate",
                "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\",\"system\":\"Be brief\",\"stream\":false}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("response").asString()).startsWith("[simulated answer] ");
        assertThat(reply.json().path("prompt_eval_count").asInt()).isEqualTo(5 + 2);
        assertThat(reply.json().has("message")).isFalse();
        assertThat(simulator.stats().requests("/api/generate")).isEqualTo(1);
    }

    @Test
    void shouldAnswerWithJsonWhenAFormatIsAsked() {
        TestHttp.Reply reply = http.post("/api/chat",
                "{\"model\":\"llama3.2\",\"stream\":false,\"format\":\"json\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode content = TestHttp.JSON.readTree(reply.json().path("message").path("content").asString());
        assertThat(content.path("simulated").booleanValue()).isTrue();
        assertThat(content.path("answer").asString()).startsWith("[simulated answer] ");
    }

    @Test
    void shouldAnswer404InOllamasShapeForAnUnknownModel() {
        TestHttp.Reply reply = http.post("/api/chat", TestHttp.chat("mistral", "hi", false));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").asString()).isEqualTo("model \"mistral\" not found, try pulling it first");
        assertThat(simulator.stats().notFound()).isEqualTo(1);
        assertThat(simulator.stats().requestsFor("mistral")).isEqualTo(1);
    }

    @Test
    void shouldAnswer400ForBadJsonAndMissingModel() {
        TestHttp.Reply badJson = http.post("/api/chat", "{not json");
        TestHttp.Reply noModel = http.post("/api/generate", "{\"prompt\":\"hi\"}");

        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("error").asString()).startsWith("invalid JSON");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.json().path("error").asString()).isEqualTo("model is required");
        assertThat(simulator.stats().badRequests()).isEqualTo(2);
    }

    @Test
    void shouldBreakAStreamWithAnErrorLineWhenAskedTo() {
        simulator.reconfigure(c -> c.withStreamErrorRate(1));

        List<JsonNode> lines = http.post("/api/chat", TestHttp.chat("llama3.2", "hi", true)).lines();

        assertThat(lines).hasSize(13 + 1);
        assertThat(lines.get(0).path("message").path("content").asString()).isEqualTo("[simulated ");
        assertThat(lines.get(13).path("error").asString()).isEqualTo("simulated failure mid-stream");
        assertThat(simulator.stats().errorsInjected()).isEqualTo(1);
        assertThat(simulator.stats().completed()).isZero();
    }

    @Test
    void shouldAnswerProbesTagsAndEmbeddings() {
        assertThat(http.get("/").body()).isEqualTo("Ollama is running");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(200);
        assertThat(http.get("/api/version").json().path("version").asString()).isEqualTo(Router.OLLAMA_VERSION);
        JsonNode tags = http.get("/api/tags").json();
        assertThat(tags.path("models").get(0).path("name").asString()).isEqualTo("llama3.2:latest");
        assertThat(tags.path("models").get(0).path("details").path("family").asString()).isEqualTo("llama");

        JsonNode embed = http.post("/api/embed", "{\"model\":\"llama3.2\",\"input\":\"hello world\"}").json();

        assertThat(embed.path("embeddings")).hasSize(1);
        assertThat(embed.path("embeddings").get(0)).hasSize(EmbedHandler.DEFAULT_DIMENSIONS);
        assertThat(embed.path("prompt_eval_count").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAnswer404ForUnknownPathAnd405ForWrongMethod() {
        assertThat(http.get("/api/nothing").status()).isEqualTo(404);
        assertThat(http.get("/api/chat").status()).isEqualTo(405);
        assertThat(http.get("/api/chat").json().has("error")).isTrue();
    }
}
