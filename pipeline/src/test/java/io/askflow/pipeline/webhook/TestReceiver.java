package io.askflow.pipeline.webhook;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request and answers as scripted per path
 * (by the request's number on that path, from 1; 204 by default), and can hang until it is closed.
 */
final class TestReceiver implements AutoCloseable {

    /** An answer: a status and headers; {@code hang} holds the request until the receiver closes. */
    record Answer(int status, Map<String, String> headers, boolean hangs) {

        static Answer status(int status) {
            return new Answer(status, Map.of(), false);
        }

        static Answer hanging() {
            return new Answer(204, Map.of(), true);
        }
    }

    /** A request as it arrived. */
    record Received(String path, Map<String, List<String>> headers, String body, Instant at) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String id() {
            return header("webhook-id");
        }

        /** Checks the signature with the reference Standard Webhooks library; throws when it does not verify. */
        void verify(String secret) throws Exception {
            new Webhook(secret).verify(body, headers);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, IntFunction<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static TestReceiver start() {
        try {
            return new TestReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test receiver", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers the n-th request on {@code path} (from 1) with {@code script.apply(n)}. */
    TestReceiver answer(String path, IntFunction<Answer> script) {
        scripts.put(path, script);
        return this;
    }

    List<Received> received(String path) {
        List<Received> on = new ArrayList<>();
        received.stream().filter(r -> r.path().equals(path)).forEach(on::add);
        return on;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(path, lowerCase(exchange.getRequestHeaders()), body, Instant.now()));
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = scripts.getOrDefault(path, i -> Answer.status(204)).apply(n);
            if (answer.hangs()) {
                closing.await(30, TimeUnit.SECONDS);
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> copy = new ConcurrentHashMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        return copy;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
