package io.askflow.workers.ollama;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.models.chat.OllamaChatResult;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OllamaClient} on ollama4j 1.1.x: {@code Ollama.chat(request, null)}, non-streaming, with the
 * request timeout of each call set (ollama4j's default of 10 s is far too short for chains; its unit is the
 * whole second, so a timeout is rounded up). Thread-safe: ollama4j builds a new HTTP client per call anyway,
 * so one {@code Ollama} per call costs nothing more and lets every call have its own timeout.
 *
 * <p><b>Watchdog.</b> ollama4j's request timeout covers the response headers only (the JDK's
 * {@code HttpClient} timeout, before JDK 26): ollama4j then reads the body with {@code readLine}, so a host
 * that stalls after its headers, or a half-open connection, would block the call for ever. Each call therefore
 * runs on a thread of its own ({@code askflow-ollama-call-N}, a daemon) while the caller waits at most
 * {@code timeout} for it, and goes through a {@link CallRelay} of its own (plain HTTP hosts). When the time is
 * up the call is cancelled: its thread is interrupted and its relay closed, which ends its connection (on
 * JDK 17 an interrupt alone does not stop a body read), so the thread returns at once; the caller gets
 * {@link OllamaFailure#TIMEOUT} right away and its slot is freed. Every thread of a call ends with it. An
 * HTTPS host is called without a relay: its caller is still freed on time, but a stalled call's thread then
 * waits until the host or the network ends the connection.
 */
public final class Ollama4jClient implements OllamaClient {

    private static final AtomicLong CALLS = new AtomicLong();

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
        long start = System.nanoTime();
        CallRelay relay = openRelay(timeout);
        try {
            Ollama ollama = new Ollama(relay == null ? host : relay.baseUrl());
            ollama.setRequestTimeoutSeconds(Math.max(1, (timeout.toMillis() + 999) / 1000));
            FutureTask<OllamaChatResult> task = new FutureTask<>(() -> ollama.chat(request, null));
            Thread thread = new Thread(task, "askflow-ollama-call-" + CALLS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
            OllamaChatResult result = await(task, timeout);
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            return toReply(call, result, duration);
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    /** The relay of this call, or {@code null} for a host it cannot relay (HTTPS). */
    private CallRelay openRelay(Duration timeout) throws OllamaCallException {
        URI base = URI.create(host);
        if (!CallRelay.supports(base)) {
            return null;
        }
        try {
            return CallRelay.open(base, timeout);
        } catch (IOException e) {
            throw new OllamaCallException(OllamaFailure.UNAVAILABLE, host, "connection failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the call at most {@code timeout}; cancels it (interrupting its thread) when the time is up. */
    private OllamaChatResult await(FutureTask<OllamaChatResult> task, Duration timeout)
            throws OllamaCallException, InterruptedException {
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new OllamaCallException(OllamaFailure.TIMEOUT, host,
                    "no answer within the request timeout (" + timeout.toMillis() + " ms; cancelled by the watchdog)", e);
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private OllamaCallException failure(Throwable cause) throws InterruptedException {
        if (cause instanceof OllamaException ollamaException) {
            return OllamaErrors.classify(host, ollamaException);
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "the client failed: " + cause, cause);
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
