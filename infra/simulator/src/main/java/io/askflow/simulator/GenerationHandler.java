package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/chat} and {@code POST /api/generate}: model check, injected faults, a
 * slot, then the answer paced by the configured latency, time to first token and speed,
 * streamed as NDJSON chunks or sent whole.
 */
final class GenerationHandler {

    private static final Logger log = LoggerFactory.getLogger(GenerationHandler.class);

    private final SimulatorState state;

    GenerationHandler(SimulatorState state) {
        this.state = state;
    }

    void handle(HttpExchange exchange, GenerationRequest.Kind kind) throws IOException, InterruptedException {
        Timings timings = new Timings(System.nanoTime());
        GenerationRequest request = GenerationRequest.parse(kind, HttpIo.readJson(exchange));
        state.counters().model(request.model());
        state.recent().add(request.record(Instant.now()));
        SimulatorConfig config = state.config();
        if (!ModelCatalog.serves(config, request.model())) {
            throw ApiException.modelNotFound(request.model());
        }
        Faults faults = state.drawFaults(config);
        if (faults.busy()) {
            state.counters().busyInjected();
            throw ApiException.busy();
        }
        try (SlotGate.Lease lease = state.gate().enter()) {
            timings.inSlot();
            serve(exchange, request, config, faults, timings, lease);
        }
    }

    private void serve(HttpExchange exchange, GenerationRequest request, SimulatorConfig config,
            Faults faults, Timings timings, SlotGate.Lease lease) throws IOException, InterruptedException {
        if (!state.pacer().pause(config.latencyMillis())) {
            return;
        }
        timings.loaded();
        if (faults.error()) {
            state.counters().errorInjected();
            throw ApiException.simulatedFailure();
        }
        if (faults.hang()) {
            hang(request, config);
            return;
        }
        Answer answer = request.loadOnly()
                ? new Answer(List.of(), "load", 0)
                : AnswerGenerator.answer(request, config);
        if (!state.pacer().pause(config.timeToFirstTokenMillis())) {
            return;
        }
        timings.firstToken();
        if (faults.stallAfterHeaders()) {
            stallAfterHeaders(exchange, request, answer, config, timings);
            return;
        }
        long interval = tokenIntervalNanos(config);
        if (request.stream()) {
            stream(exchange, request, answer, faults, timings, interval, lease);
        } else {
            whole(exchange, request, answer, timings, interval, lease);
        }
    }

    /**
     * Counts a call as answered and frees its slot. Called just before the last byte is sent, so
     * that a caller who has read the whole answer always sees it counted (a test's next reset
     * cannot race the count) and finds the slot free (its next call cannot get a 503 for it).
     */
    private void completed(GenerationRequest request, Answer answer, SlotGate.Lease lease) {
        state.counters().completed(answer.promptTokens(), answer.evalCount());
        lease.close();
        log.debug("{} {} answered: {} prompt tokens, {} tokens generated",
                request.kind().path, request.model(), answer.promptTokens(), answer.evalCount());
    }

    /** Holds the slot without answering; the caller then drops the connection. */
    private void hang(GenerationRequest request, SimulatorConfig config) throws InterruptedException {
        state.counters().hangInjected();
        log.debug("{} {} hangs (hangMillis {})", request.kind().path, request.model(), config.hangMillis());
        state.pacer().hang(() -> state.config().hangRate() == 0, config.hangMillis());
    }

    /**
     * Sends the status line, the headers and about half of the body (a non-streaming answer) or the
     * first chunk (a stream), then holds the slot like a hung call; the caller then drops the
     * connection with the body unfinished.
     */
    private void stallAfterHeaders(HttpExchange exchange, GenerationRequest request, Answer answer,
            SimulatorConfig config, Timings timings) throws IOException, InterruptedException {
        state.counters().hangInjected();
        log.debug("{} {} stalls after its headers (hangMillis {})", request.kind().path, request.model(),
                config.hangMillis());
        if (request.stream()) {
            new NdjsonWriter(exchange).send(ResponseBodies.chunk(request.kind(), request.model(),
                    answer.tokens().isEmpty() ? "" : answer.tokens().get(0)));
        } else {
            byte[] body = HttpIo.JSON.writeValueAsBytes(ResponseBodies.done(request, answer.text(), answer, timings));
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, body.length / 2);
            exchange.getResponseBody().flush();
        }
        state.pacer().hang(() -> state.config().stallAfterHeadersRate() == 0, config.hangMillis());
    }

    private void whole(HttpExchange exchange, GenerationRequest request, Answer answer,
            Timings timings, long interval, SlotGate.Lease lease) throws IOException, InterruptedException {
        if (!state.pacer().pauseUntil(tokenDue(timings, answer.evalCount() - 1, interval))) {
            return;
        }
        timings.done();
        completed(request, answer, lease);
        HttpIo.sendJson(exchange, 200, ResponseBodies.done(request, answer.text(), answer, timings));
    }

    private void stream(HttpExchange exchange, GenerationRequest request, Answer answer,
            Faults faults, Timings timings, long interval, SlotGate.Lease lease)
            throws IOException, InterruptedException {
        NdjsonWriter out = new NdjsonWriter(exchange);
        List<String> tokens = answer.tokens();
        int breakAt = faults.streamError() ? Math.max(1, tokens.size() / 2) : Integer.MAX_VALUE;
        for (int i = 0; i <= tokens.size(); i++) {
            if (!state.pacer().pauseUntil(tokenDue(timings, Math.min(i, tokens.size() - 1), interval))) {
                return;
            }
            if (i == breakAt) {
                state.counters().errorInjected();
                out.send(ResponseBodies.error("simulated failure mid-stream"));
                return;
            }
            if (i < tokens.size()) {
                out.send(ResponseBodies.chunk(request.kind(), request.model(), tokens.get(i)));
            }
        }
        timings.done();
        completed(request, answer, lease);
        out.send(ResponseBodies.done(request, "", answer, timings));
    }

    private static long tokenDue(Timings timings, int index, long interval) {
        return timings.firstTokenAt() + Math.max(0, index) * interval;
    }

    private static long tokenIntervalNanos(SimulatorConfig config) {
        return config.tokensPerSecond() <= 0 ? 0 : (long) (1_000_000_000L / config.tokensPerSecond());
    }
}
