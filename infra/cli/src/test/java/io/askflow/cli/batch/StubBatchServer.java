package io.askflow.cli.batch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the api's batch endpoints in OpenAI's shapes (a real HTTP server on a free port): it keeps the
 * uploaded file and the create request, moves its one batch on a step per poll (validating, in_progress 0/4,
 * 2/4, completed with 3 completed and 1 failed) and serves the output and error files.
 */
final class StubBatchServer implements AutoCloseable {

    static final String OUTPUT = "{\"id\":\"r1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200}}\n";
    static final String ERRORS = "{\"id\":\"r4\",\"custom_id\":\"d\",\"response\":null,"
            + "\"error\":{\"code\":\"invalid_line\",\"message\":\"line 4 is not JSON\"}}\n";

    private final HttpServer server;
    private final AtomicInteger polls = new AtomicInteger();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    volatile String uploaded;
    volatile String created;

    StubBatchServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        switch (method + " " + path) {
            case "POST /v1/files" -> {
                uploaded = exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body;
                answer(exchange, 200, "{\"id\":\"file-in\",\"object\":\"file\",\"bytes\":" + body.length()
                        + ",\"created_at\":1764900000,\"filename\":\"questions.jsonl\",\"purpose\":\"batch\"}");
            }
            case "POST /v1/batches" -> {
                created = body;
                answer(exchange, 200, batch("validating", 0, 0, 0, false));
            }
            case "GET /v1/batches/batch_1" -> answer(exchange, 200, poll(polls.incrementAndGet()));
            case "POST /v1/batches/batch_1/cancel" -> answer(exchange, 200, batch("cancelling", 1, 0, 4, false));
            case "GET /v1/batches" -> answer(exchange, 200, "{\"object\":\"list\",\"data\":[" + batch("completed", 3, 1, 4, true)
                    + "],\"first_id\":\"batch_1\",\"last_id\":\"batch_1\",\"has_more\":true}");
            case "GET /v1/files/file-out/content" -> answer(exchange, 200, OUTPUT);
            case "GET /v1/files/file-err/content" -> answer(exchange, 200, ERRORS);
            default -> answer(exchange, 404, "{\"error\":{\"message\":\"No such thing: " + path
                    + "\",\"type\":\"invalid_request_error\"}}");
        }
    }

    private static String poll(int poll) {
        return switch (poll) {
            case 1 -> batch("in_progress", 0, 0, 4, false);
            case 2 -> batch("in_progress", 2, 0, 4, false);
            default -> batch("completed", 3, 1, 4, true);
        };
    }

    static String batch(String status, int completed, int failed, int total, boolean files) {
        return ("{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"errors\":null,"
                + "\"input_file_id\":\"file-in\",\"completion_window\":\"24h\",\"status\":\"%s\","
                + "\"output_file_id\":%s,\"error_file_id\":%s,\"created_at\":1764900000,"
                + "\"request_counts\":{\"total\":%d,\"completed\":%d,\"failed\":%d},\"metadata\":{\"project\":\"cli\"}}")
                .formatted(status, files ? "\"file-out\"" : "null", files ? "\"file-err\"" : "null", total, completed, failed);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
