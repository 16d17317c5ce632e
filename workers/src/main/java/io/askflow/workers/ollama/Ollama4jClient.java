package io.askflow.workers.ollama;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.models.chat.OllamaChatResult;

import java.time.Duration;
import java.util.HashMap;

/**
 * An {@link OllamaClient} on ollama4j 1.1.x: {@code Ollama.chat(request, null)}, non-streaming, with the
 * request timeout of each call set (ollama4j's default of 10 s is far too short for chains; its unit is the
 * whole second, so a timeout is rounded up). Thread-safe: ollama4j builds a new HTTP client per call anyway,
 * so one {@code Ollama} per call costs nothing more and lets every call have its own timeout.
 */
public final class Ollama4jClient implements OllamaClient {

    private final String host;

    /** @param host the base URL, e.g. {@code http://localhost:11434} */
    public Ollama4jClient(String host) {
        this.host = stripTrailingSlash(host);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ChatReply chat(ChatCall call, Duration timeout) throws OllamaCallException, InterruptedException {
        OllamaChatRequest request = toRequest(call);
        Ollama ollama = new Ollama(host);
        ollama.setRequestTimeoutSeconds(Math.max(1, (timeout.toMillis() + 999) / 1000));
        long start = System.nanoTime();
        OllamaChatResult result;
        try {
            result = ollama.chat(request, null);
        } catch (OllamaException e) {
            throw OllamaErrors.classify(host, e);
        } catch (RuntimeException e) {
            throw new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "the client failed: " + e, e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        return toReply(call, result, duration);
    }

    private static OllamaChatRequest toRequest(ChatCall call) {
        OllamaChatRequest request = OllamaChatRequest.builder().withModel(call.model());
        for (ChatMessage message : call.messages()) {
            request = request.withMessage(role(message.role()), message.content());
        }
        request = request.build();
        request.setOptions(new HashMap<>(call.options()));
        request.setStream(false);
        return request;
    }

    private ChatReply toReply(ChatCall call, OllamaChatResult result, Duration duration) throws OllamaCallException {
        OllamaChatResponseModel response = result == null ? null : result.getResponseModel();
        if (response == null || response.getMessage() == null || response.getMessage().getResponse() == null) {
            throw new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "the answer had no message", null);
        }
        String model = response.getModel() != null ? response.getModel() : call.model();
        Duration evalDuration = Duration.ofNanos(Math.max(0, count(response.getEvalDuration())));
        return new ChatReply(response.getMessage().getResponse(), count(response.getPromptEvalCount()),
                count(response.getEvalCount()), evalDuration, duration, host, model);
    }

    private static OllamaChatMessageRole role(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> OllamaChatMessageRole.SYSTEM;
            case USER -> OllamaChatMessageRole.USER;
            case ASSISTANT -> OllamaChatMessageRole.ASSISTANT;
        };
    }

    private static long count(Number value) {
        return value == null ? 0 : value.longValue();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
