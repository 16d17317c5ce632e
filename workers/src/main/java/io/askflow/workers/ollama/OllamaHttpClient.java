package io.askflow.workers.ollama;

import io.askflow.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OllamaClient} on the JDK's {@code HttpClient}: one non-streaming {@code POST /api/chat} per call, over
 * connections kept open and reused between calls (one client per host for the worker's life), so a call costs a
 * request and an answer, not a new client, a TCP handshake and a thread (ADR 15).
 *
 * <p><b>Watchdog.</b> The caller waits for the whole answer (headers and body) at most {@code timeout}. When the
 * time is up the call is cancelled, which aborts its exchange and closes its connection, and the caller gets
 * {@link OllamaFailure#TIMEOUT} at once: an answer that stalls after its headers, or a half-open connection, cannot
 * hold the caller or its slot. Each call runs the client's blocking {@code send} on a thread of a pool
 * ({@code ollama-http-call-N}, daemons, reused from call to call); cancelling interrupts it, which aborts the
 * exchange and closes its connection (JDK 16 and later), so the thread is free at once. {@code sendAsync} is not
 * used: on a machine of two cores or fewer it starts a new thread for every answer (the JDK hands each completion
 * to {@code CompletableFuture}'s default executor, a thread per task when the common pool has one thread). The
 * pool's and the client's threads end after a second without work.
 *
 * <p>Failures are classified by {@link OllamaErrors}: from the HTTP status and Ollama's {@code error} text, or
 * from the transport's exception.
 */
public final class OllamaHttpClient implements OllamaClient {

    private static final AtomicLong THREADS = new AtomicLong();
    private static final int HELPER_THREADS = 2;

    private final String host;
    private final URI chat;
    private final HttpClient http;
    private final ExecutorService calls = daemons(0, Integer.MAX_VALUE, new SynchronousQueue<>(), "ollama-http-call-");

    /** @param host the base URL, e.g. {@code http://localhost:11434} */
    public OllamaHttpClient(String host) {
        this.host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        this.chat = URI.create(this.host + "/api/chat");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(daemons(HELPER_THREADS, HELPER_THREADS, new LinkedBlockingQueue<>(), "ollama-http-"))
                .build();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ChatReply chat(ChatCall call, Duration timeout) throws OllamaCallException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(chat)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body(call))))
                .build();
        long start = System.nanoTime();
        Future<HttpResponse<byte[]>> pending = calls.submit(() -> http.send(request,
                HttpResponse.BodyHandlers.ofByteArray()));
        HttpResponse<byte[]> response = await(pending, timeout);
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        if (response.statusCode() != 200) {
            throw OllamaErrors.fromStatus(host, response.statusCode(), errorText(response.body()));
        }
        return toReply(call, response.body(), duration);
    }

    /**
     * Waits for the answer at most {@code timeout}; when the time is up, cancels the call: its thread is interrupted,
     * which makes the JDK client abort the exchange and close its connection.
     */
    private HttpResponse<byte[]> await(Future<HttpResponse<byte[]>> pending, Duration timeout)
            throws OllamaCallException, InterruptedException {
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new OllamaCallException(OllamaFailure.TIMEOUT, host,
                    "no answer within the request timeout (" + timeout.toMillis() + " ms; cancelled by the watchdog)", e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw OllamaErrors.fromTransport(host, cause);
        }
    }

    private static ObjectNode body(ChatCall call) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", call.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : call.messages()) {
            messages.addObject().put("role", role(message.role())).put("content", message.content());
        }
        body.set("options", Json.MAPPER.valueToTree(call.options()));
        body.put("stream", false);
        return body;
    }

    private ChatReply toReply(ChatCall call, byte[] body, Duration duration) throws OllamaCallException {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "unreadable answer: " + e.getOriginalMessage(), e);
        }
        JsonNode content = answer.path("message").path("content");
        if (!content.isString()) {
            throw new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "the answer had no message", null);
        }
        String model = answer.path("model").isString() ? answer.path("model").asString() : call.model();
        Duration evalDuration = Duration.ofNanos(Math.max(0, answer.path("eval_duration").asLong(0)));
        return new ChatReply(content.asString(), answer.path("prompt_eval_count").asLong(0),
                answer.path("eval_count").asLong(0), evalDuration, duration, host, model);
    }

    /** Ollama's {@code {"error": "..."}} text, or the body itself when it is not that, or empty. */
    private static String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            if (error.isString()) {
                return error.asString();
            }
        } catch (JacksonException e) {
            // not JSON: the text itself, below
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String role(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    /**
     * Daemon threads that end after a second without work: the client's few helpers, and the threads the calls run
     * on (as many as calls in flight, at most the host's slots, reused from call to call).
     */
    private static ThreadPoolExecutor daemons(int core, int max, BlockingQueue<Runnable> queue, String prefix) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(core, max, 1, TimeUnit.SECONDS, queue, task -> {
            Thread thread = new Thread(task, prefix + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(core > 0);
        return executor;
    }
}
