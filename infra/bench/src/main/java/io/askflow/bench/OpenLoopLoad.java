package io.askflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i / rate}, whatever became of the
 * requests before it, and its latency runs from that intended time to its answer, so a slow server shows in the
 * figures instead of slowing the load down (no coordinated omission). Each request is handed at its time to one
 * of {@code connections} sender threads, each a blocking {@code send} on a kept-alive connection (not
 * {@code sendAsync}, which on two cores starts a thread per answer); a request that waits for a free sender counts
 * its wait as latency.
 */
final class OpenLoopLoad {

    private final HttpClient http;
    private final URI uri;
    private final String key;
    private final int connections;

    OpenLoopLoad(String baseUrl, String key, int connections) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.uri = URI.create(baseUrl + "/v1/jobs");
        this.key = key;
        this.connections = connections;
    }

    /**
     * Sends {@code count} job submits at {@code rate} per second, the body of request {@code i} given by
     * {@code body}, and waits for every answer.
     */
    Result run(double rate, int count, IntFunction<String> body) throws InterruptedException {
        long[] latencies = new long[count];
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(count);
        ExecutorService senders = Executors.newFixedThreadPool(connections, task -> {
            Thread thread = new Thread(task, "open-loop-sender");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long intervalNanos = (long) (1e9 / rate);
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            HttpRequest request = request(body.apply(i));
            senders.execute(() -> {
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                } catch (IOException | InterruptedException e) {
                    failures.incrementAndGet();
                }
                latencies[index] = System.nanoTime() - due;
                answered.countDown();
            });
        }
        long sent = System.nanoTime();
        boolean done = answered.await(2, TimeUnit.MINUTES);
        senders.shutdownNow();
        if (!done) {
            throw new IllegalStateException(answered.getCount() + " submits got no answer within 2 minutes");
        }
        Arrays.sort(latencies);
        return new Result(count, (sent - start) / 1e9, latencies, Map.copyOf(statuses), failures.get());
    }

    private HttpRequest request(String json) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /**
     * What one load saw.
     *
     * @param sent        requests sent
     * @param sendSeconds from the first intended send to the last actual one
     * @param latencies   each request's time from its intended send to its answer, sorted (nanoseconds)
     * @param statuses    answers by HTTP status
     * @param failures    requests that got no answer (connection errors, timeouts)
     */
    record Result(int sent, double sendSeconds, long[] latencies, Map<Integer, LongAdder> statuses, int failures) {

        /** The {@code q} quantile of the latencies, in milliseconds. */
        double quantileMillis(double q) {
            if (latencies.length == 0) {
                return 0;
            }
            int index = (int) Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1e6;
        }

        long count(int status) {
            LongAdder adder = statuses.get(status);
            return adder == null ? 0 : adder.sum();
        }

        /** Answers that were not 200 or 202, and requests without an answer. */
        long refused() {
            return sent - count(200) - count(202);
        }
    }
}
