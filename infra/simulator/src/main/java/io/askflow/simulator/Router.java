package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one handler of the server: routes by exact path, turns {@link ApiException}s into
 * Ollama's {@code {"error": "..."}} answers, and always ends the exchange. An exchange that
 * ends before any answer was sent (a hung call, or the simulator closing) loses its
 * connection, which is how a client sees a dropped request.
 */
final class Router implements HttpHandler {

    /** The version reported by {@code GET /api/version}: a recent Ollama release. */
    static final String OLLAMA_VERSION = "0.12.6";

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final SimulatorState state;
    private final GenerationHandler generation;
    private final EmbedHandler embed;
    private final AdminHandler admin;

    Router(SimulatorState state) {
        this.state = state;
        this.generation = new GenerationHandler(state);
        this.embed = new EmbedHandler(state);
        this.admin = new AdminHandler(state);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            exchange.getResponseHeaders().set(HttpIo.SIMULATOR_HEADER, "true");
            route(exchange, method, path);
        } catch (ApiException e) {
            state.counters().rejected(e.status());
            log.debug("{} {} answered {}: {}", method, path, e.status(), e.getMessage());
            sendErrorIfPossible(exchange, e.status(), e.getMessage());
        } catch (InterruptedException e) {
            log.debug("{} {} interrupted: simulator closing", method, path);
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("{} {}: client went away: {}", method, path, e.toString());
        } catch (RuntimeException e) {
            log.warn("{} {} failed in the simulator", method, path, e);
            sendErrorIfPossible(exchange, 500, "simulator error: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException, InterruptedException {
        if (path.startsWith("/_simulator/")) {
            admin.handle(exchange, method, path);
            return;
        }
        if (path.startsWith("/api/")) {
            state.counters().request(path);
        }
        switch (path) {
            case "/" -> {
                require(method, "GET", "HEAD");
                HttpIo.sendText(exchange, 200, "Ollama is running");
            }
            case "/api/version" -> {
                require(method, "GET");
                ObjectNode version = HttpIo.JSON.createObjectNode().put("version", OLLAMA_VERSION);
                HttpIo.sendJson(exchange, 200, version);
            }
            case "/api/tags" -> {
                require(method, "GET");
                HttpIo.sendJson(exchange, 200, ModelCatalog.tags(state.config()));
            }
            case "/api/chat" -> {
                require(method, "POST");
                generation.handle(exchange, GenerationRequest.Kind.CHAT);
            }
            case "/api/generate" -> {
                require(method, "POST");
                generation.handle(exchange, GenerationRequest.Kind.GENERATE);
            }
            case "/api/embed" -> {
                require(method, "POST");
                embed.handle(exchange);
            }
            default -> throw new ApiException(404, "404 page not found");
        }
    }

    /** @throws ApiException 405 when the method is not one of those allowed */
    static void require(String method, String... allowed) {
        if (Arrays.stream(allowed).noneMatch(method::equals)) {
            throw new ApiException(405, "method " + method + " not allowed here");
        }
    }

    private static void sendErrorIfPossible(HttpExchange exchange, int status, String message) {
        if (HttpIo.responseStarted(exchange)) {
            return;
        }
        try {
            HttpIo.sendError(exchange, status, message);
        } catch (IOException e) {
            log.debug("could not send {} answer: {}", status, e.toString());
        }
    }
}
