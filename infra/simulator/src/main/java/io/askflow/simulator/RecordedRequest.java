package io.askflow.simulator;

import java.time.Instant;
import java.util.List;

/**
 * A generation request the simulator received, kept so tests can check what a client sent
 * (see {@link OllamaSimulator#recentRequests()} and {@code GET /_simulator/requests}).
 *
 * @param endpoint {@code /api/chat} or {@code /api/generate}
 * @param model the model name as sent
 * @param messages the messages, in order
 * @param stream whether the client asked for a streamed answer
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(
        String endpoint, String model, List<ChatMessage> messages, boolean stream, Instant receivedAt) {

    /** Copies the messages. */
    public RecordedRequest {
        messages = List.copyOf(messages);
    }

    /** The content of the last {@code user} message, or the empty string when there is none. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
