package io.askflow.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Plain {@code java.net.http} calls to a simulator, for the protocol-level tests. */
final class TestHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    TestHttp(OllamaSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    /** An answer: status, body, and the body read as JSON or as NDJSON lines. */
    record Reply(int status, String body, String contentType) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        List<JsonNode> lines() {
            return body.lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply post(String path, String body) {
        return postAsync(path, body).join();
    }

    CompletableFuture<Reply> postAsync(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(TestHttp::reply);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            return reply(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    /** A chat body with one user message. */
    static String chat(String model, String userMessage, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        return body.toString();
    }

    private static Reply reply(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
