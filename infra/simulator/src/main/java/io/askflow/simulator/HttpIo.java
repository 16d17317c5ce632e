package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading and writing JSON over the JDK's HTTP exchanges. */
final class HttpIo {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Set on every answer, so a look at the headers tells the simulator from a real Ollama. */
    static final String SIMULATOR_HEADER = "X-Ollama-Simulator";

    private HttpIo() {
    }

    /**
     * Reads the request body as JSON.
     *
     * @throws ApiException 400 when the body is empty or not JSON
     */
    static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("missing request body");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Answers in Ollama's error shape, {@code {"error": message}}. */
    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, ResponseBodies.error(message));
    }

    static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static boolean responseStarted(HttpExchange exchange) {
        return exchange.getResponseCode() != -1;
    }
}
