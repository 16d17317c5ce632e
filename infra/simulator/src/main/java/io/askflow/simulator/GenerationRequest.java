package io.askflow.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a {@code /api/chat} or {@code /api/generate} body that shape a simulated answer.
 * Every other field (tools, think, keep_alive, images, template...) is accepted and ignored.
 *
 * @param kind which endpoint
 * @param model the model name as sent
 * @param messages the chat messages, or for generate an optional system message and the prompt
 * @param stream whether to stream NDJSON chunks; Ollama's default is true
 * @param numPredict {@code options.num_predict}, 0 or less meaning no limit
 * @param json whether a {@code format} was asked for, so the answer is a JSON object
 */
record GenerationRequest(
        Kind kind, String model, List<ChatMessage> messages, boolean stream, int numPredict, boolean json) {

    /** The two generation endpoints. */
    enum Kind {
        CHAT("/api/chat"),
        GENERATE("/api/generate");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    GenerationRequest {
        messages = List.copyOf(messages);
    }

    /**
     * Reads a request body.
     *
     * @throws ApiException 400 when the model is missing or the messages are not a list
     */
    static GenerationRequest parse(Kind kind, JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        String model = requiredModel(body);
        List<ChatMessage> messages = kind == Kind.CHAT ? chatMessages(body.path("messages")) : promptMessages(body);
        boolean stream = body.path("stream").booleanValue(true);
        JsonNode numPredict = body.path("options").path("num_predict");
        JsonNode format = body.path("format");
        boolean json = format.isObject() || format.isString() && !format.stringValue().isEmpty();
        return new GenerationRequest(kind, model, messages, stream, numPredict.isNumber() ? numPredict.asInt() : 0, json);
    }

    static String requiredModel(JsonNode body) {
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw ApiException.badRequest("model is required");
        }
        return model;
    }

    /** True when there is nothing to answer: Ollama then only loads the model. */
    boolean loadOnly() {
        return messages.stream().allMatch(m -> m.content().isBlank());
    }

    String lastUserMessage() {
        return record(Instant.EPOCH).lastUserMessage();
    }

    /** Prompt tokens, counted as whitespace-separated words in every message, at least 1. */
    int promptTokens() {
        int words = 0;
        for (ChatMessage message : messages) {
            String trimmed = message.content().strip();
            words += trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        }
        return Math.max(1, words);
    }

    RecordedRequest record(Instant receivedAt) {
        return new RecordedRequest(kind.path, model, messages, stream, receivedAt);
    }

    private static List<ChatMessage> chatMessages(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("messages must be a list");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : node) {
            messages.add(new ChatMessage(text(message.path("role")), text(message.path("content"))));
        }
        return messages;
    }

    private static List<ChatMessage> promptMessages(JsonNode body) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = text(body.path("system"));
        if (system != null && !system.isEmpty()) {
            messages.add(new ChatMessage("system", system));
        }
        messages.add(new ChatMessage("user", text(body.path("prompt"))));
        return messages;
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
