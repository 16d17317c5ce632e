package io.askflow.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Many callers submitting questions at once over HTTP (java.net.http), in the background: tests and benchmarks. */
public final class Burst implements AutoCloseable {

    /** What one submit answered. */
    public record Submitted(String question, ApiClient.Response response) {

        public int status() {
            return response.status();
        }

        /** The job's id from the {@code Location} header; {@code null} when there is none (not accepted). */
        public UUID jobId() {
            String location = response.location();
            return location == null ? null : UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        }
    }

    private final ExecutorService callers;
    private final List<Future<Submitted>> submits = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final Map<Integer, AtomicInteger> answeredByStatus = new ConcurrentHashMap<>();
    private final Queue<Submitted> answers = new ConcurrentLinkedQueue<>();
    private final long startedNanos = System.nanoTime();

    private Burst(ApiClient api, List<String> questions, int callerCount) {
        callers = Executors.newFixedThreadPool(callerCount);
        for (String question : questions) {
            submits.add(callers.submit(() -> submit(api, question)));
        }
        callers.shutdown();
    }

    /** Starts submitting every question (duplicates included) from {@code callers} threads. */
    public static Burst start(ApiClient api, List<String> questions, int callers) {
        return new Burst(api, questions, callers);
    }

    private Submitted submit(ApiClient api, String question) {
        ApiClient.Response response = api.submitQuestion(question);
        answeredByStatus.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
        Submitted submitted = new Submitted(question, response);
        answers.add(submitted);
        answered.incrementAndGet();
        return submitted;
    }

    /** How many submits have been answered so far. */
    public int answered() {
        return answered.get();
    }

    /** How many submits have been answered with this HTTP status so far. */
    public int answered(int status) {
        AtomicInteger count = answeredByStatus.get(status);
        return count == null ? 0 : count.get();
    }

    /** The submits answered so far, in the order they were answered. */
    public List<Submitted> answeredSoFar() {
        return List.copyOf(answers);
    }

    /** Waits for every submit's answer. */
    public List<Submitted> await() throws Exception {
        List<Submitted> all = new ArrayList<>();
        for (Future<Submitted> submit : submits) {
            all.add(submit.get());
        }
        return all;
    }

    /** Milliseconds since the burst started. */
    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() {
        callers.shutdownNow();
    }
}
