package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.databind.JsonNode;

/**
 * A streamed {@code application/x-ndjson} answer, one JSON object a line. The status line
 * goes out with the first line, as with Ollama: until then a client still sees no answer.
 */
final class NdjsonWriter {

    private final HttpExchange exchange;
    private OutputStream out;

    NdjsonWriter(HttpExchange exchange) {
        this.exchange = exchange;
    }

    void send(JsonNode line) throws IOException {
        if (out == null) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
        }
        out.write(HttpIo.JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }
}
