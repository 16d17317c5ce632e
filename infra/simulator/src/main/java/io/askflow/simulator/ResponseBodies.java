package io.askflow.simulator;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies of generation answers, field for field as Ollama writes them. */
final class ResponseBodies {

    private ResponseBodies() {
    }

    static ObjectNode error(String message) {
        return HttpIo.JSON.createObjectNode().put("error", message);
    }

    /** One streamed token. */
    static ObjectNode chunk(GenerationRequest.Kind kind, String model, String token) {
        ObjectNode chunk = start(kind, model, token);
        chunk.put("done", false);
        return chunk;
    }

    /** The last chunk of a stream (content empty) or the whole non-streamed answer. */
    static ObjectNode done(GenerationRequest request, String content, Answer answer, Timings timings) {
        ObjectNode done = start(request.kind(), request.model(), content);
        done.put("done_reason", answer.doneReason());
        done.put("done", true);
        done.put("total_duration", timings.total());
        done.put("load_duration", timings.load());
        done.put("prompt_eval_count", answer.promptTokens());
        done.put("prompt_eval_duration", timings.promptEval());
        done.put("eval_count", answer.evalCount());
        done.put("eval_duration", timings.eval());
        return done;
    }

    private static ObjectNode start(GenerationRequest.Kind kind, String model, String content) {
        ObjectNode body = HttpIo.JSON.createObjectNode();
        body.put("model", model);
        body.put("created_at", Instant.now().toString());
        if (kind == GenerationRequest.Kind.CHAT) {
            body.putObject("message").put("role", "assistant").put("content", content);
        } else {
            body.put("response", content);
        }
        return body;
    }
}
