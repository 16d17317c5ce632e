package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's own endpoints, for benchmarks in another process:
 * {@code GET /_simulator/stats}, {@code GET|POST /_simulator/config} (POST takes any subset of
 * the {@link SimulatorConfig} knobs and answers the whole new config),
 * {@code POST /_simulator/reset} and {@code GET /_simulator/requests}.
 */
final class AdminHandler {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final SimulatorState state;

    AdminHandler(SimulatorState state) {
        this.state = state;
    }

    void handle(HttpExchange exchange, String method, String path) throws IOException {
        switch (path) {
            case "/_simulator/stats" -> {
                Router.require(method, "GET");
                HttpIo.sendJson(exchange, 200, state.stats());
            }
            case "/_simulator/config" -> {
                Router.require(method, "GET", "POST");
                if ("POST".equals(method)) {
                    reconfigure(HttpIo.readJson(exchange));
                }
                HttpIo.sendJson(exchange, 200, state.config());
            }
            case "/_simulator/reset" -> {
                Router.require(method, "POST");
                state.reset();
                HttpIo.sendJson(exchange, 200, state.stats());
            }
            case "/_simulator/requests" -> {
                Router.require(method, "GET");
                HttpIo.sendJson(exchange, 200, state.recentRequests());
            }
            default -> throw new ApiException(404, "404 page not found");
        }
    }

    private void reconfigure(JsonNode changes) {
        if (!changes.isObject()) {
            throw ApiException.badRequest("config must be a JSON object of knobs");
        }
        ObjectNode merged = HttpIo.JSON.valueToTree(state.config());
        Set<String> unknown = changes.propertyNames().stream()
                .filter(name -> !merged.has(name))
                .collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown knobs " + unknown + ", known: " + merged.propertyNames());
        }
        merged.setAll((ObjectNode) changes);
        SimulatorConfig next;
        try {
            next = HttpIo.JSON.treeToValue(merged, SimulatorConfig.class);
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid config: " + rootMessage(e));
        }
        state.reconfigure(current -> next);
        log.info("simulator reconfigured over HTTP: {}", next);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e && e instanceof JacksonException j ? j.getOriginalMessage() : root.getMessage();
    }
}
