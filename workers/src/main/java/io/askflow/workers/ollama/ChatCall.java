package io.askflow.workers.ollama;

import java.util.List;
import java.util.Map;

/**
 * One non-streaming {@code /api/chat} call.
 *
 * @param model    the Ollama model
 * @param messages the conversation, system message first
 * @param options  Ollama generation options (temperature, num_predict, ...)
 */
public record ChatCall(String model, List<ChatMessage> messages, Map<String, Object> options) {

    public ChatCall {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a chat call needs a model");
        }
        messages = List.copyOf(messages);
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
