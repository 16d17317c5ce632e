package io.askflow.simulator;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the simulated answer: {@value #PREFIX}, the last user message when {@code echo} is
 * on, then words picked by a generator seeded from the model and the messages, so the same
 * prompt always gets the same answer. With a {@code format} the answer is a JSON object
 * {@code {"answer": "...", "simulated": true}}.
 */
final class AnswerGenerator {

    static final String PREFIX = "[simulated answer] ";

    private static final String[] WORDS = {
        "the", "answer", "depends", "on", "context", "model", "queue", "token", "latency",
        "cache", "request", "worker", "pipeline", "result", "prompt", "response", "stream",
        "slot", "batch", "question", "agent", "chain", "step", "task", "reply", "data",
        "value", "system", "signal", "plan", "review", "summary", "detail", "source",
        "record", "status", "note", "option", "draft", "check"
    };

    private AnswerGenerator() {
    }

    static Answer answer(GenerationRequest request, SimulatorConfig config) {
        List<String> tokens = tokenize(text(request, config));
        String doneReason = "stop";
        if (request.numPredict() > 0 && tokens.size() > request.numPredict()) {
            tokens = tokens.subList(0, request.numPredict());
            doneReason = "length";
        }
        return new Answer(tokens, doneReason, request.promptTokens());
    }

    static String text(GenerationRequest request, SimulatorConfig config) {
        StringBuilder text = new StringBuilder(PREFIX);
        if (config.echo()) {
            text.append("You said: ").append(request.lastUserMessage()).append('\n');
        }
        DeterministicRandom random = DeterministicRandom.fromText(fingerprint(request));
        for (int i = 0; i < config.answerTokens(); i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.append('.');
        if (!request.json()) {
            return text.toString();
        }
        ObjectNode object = HttpIo.JSON.createObjectNode();
        object.put("answer", text.toString());
        object.put("simulated", true);
        return object.toString();
    }

    /** Cuts text into pieces of non-blank characters with their trailing blanks. */
    static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && Character.isWhitespace(text.charAt(i - 1))) {
                tokens.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    private static String fingerprint(GenerationRequest request) {
        StringBuilder fingerprint = new StringBuilder(request.model()).append('\0').append(request.json());
        for (ChatMessage message : request.messages()) {
            fingerprint.append('\0').append(message.role()).append('\0').append(message.content());
        }
        return fingerprint.toString();
    }
}
