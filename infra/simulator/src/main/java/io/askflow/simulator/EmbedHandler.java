package io.askflow.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/embed}: {@code {model, input: string or list, dimensions?}} to
 * {@code {model, embeddings: [[...]]}}, unit vectors seeded from the model and the text
 * (8 numbers unless {@code dimensions} asks for another size). Takes a slot and the fixed
 * latency, and honours {@code busyRate} and {@code errorRate}.
 */
final class EmbedHandler {

    static final int DEFAULT_DIMENSIONS = 8;

    private final SimulatorState state;

    EmbedHandler(SimulatorState state) {
        this.state = state;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        Timings timings = new Timings(System.nanoTime());
        JsonNode body = HttpIo.readJson(exchange);
        String model = GenerationRequest.requiredModel(body);
        state.counters().model(model);
        List<String> inputs = inputs(body.path("input"));
        int dimensions = body.path("dimensions").asInt(DEFAULT_DIMENSIONS);
        SimulatorConfig config = state.config();
        if (!ModelCatalog.serves(config, model)) {
            throw ApiException.modelNotFound(model);
        }
        Faults faults = state.drawFaults(config);
        if (faults.busy()) {
            state.counters().busyInjected();
            throw ApiException.busy();
        }
        try (SlotGate.Lease lease = state.gate().enter()) {
            timings.inSlot();
            if (!state.pacer().pause(config.latencyMillis())) {
                return;
            }
            timings.loaded();
            if (faults.error()) {
                state.counters().errorInjected();
                throw ApiException.simulatedFailure();
            }
            answer(exchange, model, inputs, Math.max(1, dimensions), timings);
        }
    }

    private void answer(HttpExchange exchange, String model, List<String> inputs, int dimensions,
            Timings timings) throws IOException {
        ObjectNode answer = HttpIo.JSON.createObjectNode();
        answer.put("model", model);
        ArrayNode embeddings = answer.putArray("embeddings");
        int promptTokens = 0;
        for (String input : inputs) {
            ArrayNode vector = embeddings.addArray();
            for (double value : vector(model, input, dimensions)) {
                vector.add(value);
            }
            promptTokens += input.isBlank() ? 0 : input.strip().split("\\s+").length;
        }
        timings.firstToken();
        timings.done();
        answer.put("total_duration", timings.total());
        answer.put("load_duration", timings.load());
        answer.put("prompt_eval_count", promptTokens);
        state.counters().completed(promptTokens, 0);
        HttpIo.sendJson(exchange, 200, answer);
    }

    static double[] vector(String model, String input, int dimensions) {
        DeterministicRandom random = DeterministicRandom.fromText(model + '\0' + input);
        double[] vector = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = random.nextDouble() * 2 - 1;
            norm += vector[i] * vector[i];
        }
        double length = Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = length == 0 ? 0 : vector[i] / length;
        }
        return vector;
    }

    private static List<String> inputs(JsonNode input) {
        List<String> inputs = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(item -> inputs.add(item.asString("")));
        } else if (!input.isMissingNode() && !input.isNull()) {
            inputs.add(input.asString(""));
        }
        return inputs;
    }
}
