package io.askflow.api.events;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestKeys;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.json.Json;
import io.askflow.core.run.RunProgress;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import io.askflow.core.topic.Topics;
import io.askflow.testing.Infrastructures;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-polls and event streams over HTTP (java.net.http against the API on a random port), on the shared Kafka,
 * PostgreSQL and Redis. The API has no pipeline here: the test publishes the job events and run progress the pipeline
 * and the workers would, with the topic registry's serdes, and writes to PostgreSQL through {@link JobStore} what
 * the sinks would (or, to show a sink that lags, does not).
 */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"askflow.cache.retry-interval=0s", "askflow.api.events.heartbeat=200ms",
                "askflow.api.events.max-open-streams=3", "askflow.api.events.max-open-waits=2500",
                "askflow.limits.enabled=false", // 2,000 long-polls at once, far past a tenant's burst
                "management.server.port=0", TestKeys.BOOTSTRAP_PROPERTY})
class LongPollAndStreamTest {

    private static final Logger log = LoggerFactory.getLogger(LongPollAndStreamTest.class);
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private static KafkaProducer<String, JobEvent> jobEvents;
    private static KafkaProducer<String, RunProgress> runProgress;
    private static ExecutorService clientThreads;
    private static HttpClient http;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JobStore jobStore;

    @Autowired
    JobEventHub hub;

    @Autowired
    LongPolls longPolls;

    @Autowired
    JobEventStreams streams;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructures.shared().registerSpringProperties(registry::add);
    }

    @BeforeAll
    static void clients() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructures.shared().kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all");
        jobEvents = new KafkaProducer<>(config, Topics.JOB_EVENTS.keySerde().serializer(),
                Topics.JOB_EVENTS.valueSerde().serializer());
        runProgress = new KafkaProducer<>(config, Topics.RUN_PROGRESS.keySerde().serializer(),
                Topics.RUN_PROGRESS.valueSerde().serializer());
        // a fixed pool: the client's own threads must not blur the count of the server's
        clientThreads = Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void closeClients() {
        jobEvents.close();
        runProgress.close();
        clientThreads.shutdownNow();
    }

    // long-polls

    @Test
    void shouldAnswerALongPollWithin100MillisecondsOfTheCompletedEventEvenBeforeTheSinkWroteIt() throws Exception {
        Job job = submit("How fast is a long-poll?");
        CompletableFuture<Timed> poll = timed(get("/v1/jobs/" + job.id() + "?wait=30s"));
        await().atMost(AWAIT).until(() -> longPolls.openWaits() == 1);

        long published = System.nanoTime();
        publish(JobEvent.completed(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), "Very.",
                new TokenUsage(3, 4), Instant.now()));
        Timed answer = poll.get(AWAIT.toSeconds(), TimeUnit.SECONDS);

        Duration latency = Duration.ofNanos(answer.arrivedAt() - published);
        log.info("MEASURE long-poll answered {} ms after the COMPLETED event was published", latency.toMillis());
        assertThat(latency).as("long-poll latency after COMPLETED").isLessThan(Duration.ofSeconds(1));
        assertThat(answer.response().statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(answer.response().body());
        // the sink never wrote it (there is none here): the row with the event laid over it
        assertThat(body.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(body.path("answer").asString()).isEqualTo("Very.");
        assertThat(body.path("run").path("id").asString()).isEqualTo(job.runId().toString());
        assertThat(body.path("question").asString()).startsWith("How fast is a long-poll?");
        await().atMost(AWAIT).until(() -> longPolls.openWaits() == 0);
    }

    @Test
    void shouldEndAWaitAtItsTimeoutWithTheJobAsItIsThen() throws Exception {
        Job job = submit("What if nothing happens?");
        JobEvent running = JobEvent.running(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), Instant.now());
        jobStore.apply(List.of(new Dated<>(running, running.at())));

        long started = System.nanoTime();
        HttpResponse<String> answer = get("/v1/jobs/" + job.id() + "?wait=1s").get();

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        log.info("MEASURE a wait of 1s answered after {} ms", waited.toMillis());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(answer.body()).path("status").asString()).isEqualTo("RUNNING");
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void shouldAnswerAtOnceAJobThatEndedAndRefuseABadWait() throws Exception {
        Job job = submit("Is it over already?");
        JobEvent failed = JobEvent.failed(job.id(), job.fingerprint(), JobSource.LLM, job.runId(),
                new JobError("WORKER_ERROR", "a bug", 1), Instant.now());
        jobStore.apply(List.of(new Dated<>(failed, failed.at())));

        long started = System.nanoTime();
        HttpResponse<String> ended = get("/v1/jobs/" + job.id() + "?wait=PT60S").get();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(Json.MAPPER.readTree(ended.body()).path("status").asString()).isEqualTo("FAILED");
        HttpResponse<String> bad = get("/v1/jobs/" + job.id() + "?wait=soon").get();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(bad.body()).contains("\"field\":\"wait\"", "30s");
        assertThat(get("/v1/jobs/" + UUID.randomUUID() + "?wait=1s").get().statusCode()).isEqualTo(404);
    }

    @Test
    void shouldHoldTwoThousandLongPollsWithoutAThreadEach() throws Exception {
        Job job = submit("How many can wait?");
        int waits = 2_000;
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < waits; i++) {
            polls.add(get("/v1/jobs/" + job.id() + "?wait=30s"));
        }
        await().atMost(AWAIT).until(() -> longPolls.openWaits() == waits);
        int threadsWhileOpen = ManagementFactory.getThreadMXBean().getThreadCount();
        long tomcatThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("http-nio")).count();

        publish(JobEvent.completed(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), "Many.", null,
                Instant.now()));
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(AWAIT.toSeconds(),
                TimeUnit.SECONDS);

        log.info("MEASURE {} open long-polls: {} threads in the JVM before, {} while open ({} of them Tomcat's)",
                waits, threadsBefore, threadsWhileOpen, tomcatThreads);
        // Tomcat's pool (at most 200) may grow while the requests come in; nothing grows with the waits
        assertThat(threadsWhileOpen - threadsBefore).as("threads added while %d long-polls are open", waits)
                .isLessThan(300);
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            assertThat(poll.get().statusCode()).isEqualTo(200);
            assertThat(poll.get().body()).contains("\"status\":\"COMPLETED\"", "\"answer\":\"Many.\"");
        }
        await().atMost(AWAIT).until(() -> longPolls.openWaits() == 0);
    }

    // streams

    @Test
    void shouldStreamQueuedRunningProgressAndCompletedInOrderAndEnd() throws Exception {
        Job job = submit("What happens, step by step?");
        SseLines stream = connect(job.id(), null);
        await().atMost(AWAIT).until(() -> stream.ids().contains("QUEUED"));

        // the pipeline's QUEUED (source and run), a repeat of the submit's: dropped
        publish(new JobEvent(job.id(), job.fingerprint(), JobStatus.QUEUED, JobSource.LLM, job.runId(), null, null, null,
                Instant.now()));
        publish(progress(job, 0, "researcher")); // read before RUNNING: it waits for it
        publish(JobEvent.running(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), Instant.now()));
        await().atMost(AWAIT).until(() -> stream.ids().contains("progress-0"));
        publish(progress(job, 1, "writer"));
        publish(progress(job, 2, null));
        await().atMost(AWAIT).until(() -> stream.ids().contains("progress-2"));
        publish(JobEvent.completed(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), "Step by step.",
                new TokenUsage(1, 2), Instant.now()));

        await().atMost(AWAIT).until(stream::ended);
        assertThat(stream.ids()).containsExactly("QUEUED", "RUNNING", "progress-0", "progress-1", "progress-2",
                "COMPLETED");
        assertThat(stream.events()).extracting(SseLines.Received::name)
                .containsExactly("status", "status", "progress", "progress", "progress", "status");
        JsonNode progress = Json.MAPPER.readTree(stream.events().get(3).data());
        assertThat(progress.path("stepsDone").asInt()).isEqualTo(1);
        assertThat(progress.path("stepsTotal").asInt()).isEqualTo(2);
        assertThat(progress.path("currentStep").asString()).isEqualTo("writer");
        JsonNode completed = Json.MAPPER.readTree(stream.events().get(5).data());
        assertThat(completed.path("answer").asString()).isEqualTo("Step by step.");
        assertThat(completed.path("jobId").asString()).isEqualTo(job.id().toString());
        await().atMost(AWAIT).until(() -> streams.openStreams() == 0);
    }

    @Test
    void shouldResumeADroppedStreamWithExactlyTheEventsItMissed() throws Exception {
        Job job = submit("What did I miss?");
        SseLines first = connect(job.id(), null);
        await().atMost(AWAIT).until(() -> first.ids().contains("QUEUED"));
        JobEvent running = JobEvent.running(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), Instant.now());
        publish(running);
        jobStore.apply(List.of(new Dated<>(running, running.at()))); // this one the sink wrote
        await().atMost(AWAIT).until(() -> first.ids().contains("RUNNING"));

        first.drop();
        await().atMost(AWAIT).until(() -> streams.openStreams() == 0); // the next heartbeat found the client gone
        publish(progress(job, 0, "answer"));
        publish(progress(job, 1, null));
        await().atMost(AWAIT).until(() -> hub.recentProgress(job.runId()).size() == 2);
        publish(JobEvent.completed(job.id(), job.fingerprint(), JobSource.LLM, job.runId(), "Nothing.", null,
                Instant.now())); // not written by a sink: it lags
        await().atMost(AWAIT).until(() -> hub.recentEvents(job.id()).size() == 2);

        SseLines resumed = connect(job.id(), "RUNNING");
        await().atMost(AWAIT).until(resumed::ended);
        assertThat(first.ids()).containsExactly("QUEUED", "RUNNING");
        assertThat(resumed.ids()).containsExactly("progress-0", "progress-1", "COMPLETED");
        SseLines replayed = connect(job.id(), null);
        await().atMost(AWAIT).until(replayed::ended);
        assertThat(replayed.ids()).containsExactly("QUEUED", "RUNNING", "progress-0", "progress-1", "COMPLETED");
        assertThat(send(streamRequest(job.id(), "COMPLETED")).statusCode()).as("nothing after the end").isEqualTo(204);
    }

    @Test
    void shouldRefuseAStreamOverTheLimitAndABadLastEventIdAndAnUnknownJob() throws Exception {
        Job job = submit("How many can watch?");
        await().atMost(AWAIT).until(() -> streams.openStreams() == 0);
        List<SseLines> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(connect(job.id(), null));
        }
        await().atMost(AWAIT).until(() -> open.stream().allMatch(stream -> stream.ids().contains("QUEUED")));

        HttpResponse<String> refused = send(streamRequest(job.id(), null));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("https://askflow.dev/problems/too-many-waits", "max-open-streams");
        await().atMost(AWAIT).until(() -> open.get(0).comments() > 0); // a heartbeat: a comment line
        open.forEach(SseLines::drop);
        await().atMost(AWAIT).until(() -> streams.openStreams() == 0);
        HttpResponse<String> badId = send(streamRequest(job.id(), "STARTED"));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("Last-Event-ID", "progress-");
        HttpResponse<String> unknown = send(streamRequest(UUID.randomUUID(), null));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort
                + "/actuator/prometheus")).build()).body())
                .contains("askflow_api_waits_open", "askflow_api_streams_open", "askflow_api_streams_refused_total");
    }

    // helpers

    private Job submit(String question) throws Exception {
        HttpResponse<String> response = http.send(request(uri("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"" + question + " " + UUID.randomUUID()
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(response.body());
        return new Job(UUID.fromString(body.path("id").asString()), body.path("fingerprint").asString(),
                UUID.randomUUID(), body);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(request(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<Timed> timed(CompletableFuture<HttpResponse<String>> response) {
        return response.thenApply(answer -> new Timed(answer, System.nanoTime()));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest streamRequest(UUID jobId, String lastEventId) {
        HttpRequest.Builder request = request(uri("/v1/jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.build();
    }

    /** Opens a stream and reads it as it comes (the handler sees the status and headers as they arrive). */
    private SseLines connect(UUID jobId, String lastEventId) throws Exception {
        SseLines lines = new SseLines();
        CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
        http.sendAsync(streamRequest(jobId, lastEventId), info -> {
            head.complete(info);
            return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
        });
        HttpResponse.ResponseInfo response = head.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        return lines;
    }

    /** A request with the tests' admin key. */
    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static void publish(JobEvent event) throws Exception {
        jobEvents.send(new ProducerRecord<>(Topics.JOB_EVENTS.name(), event.jobId().toString(), event)).get();
    }

    private static void publish(RunProgress progress) throws Exception {
        runProgress.send(new ProducerRecord<>(Topics.RUN_PROGRESS.name(), progress.fingerprint(), progress)).get();
    }

    private static RunProgress progress(Job job, int stepsDone, String currentStep) {
        return new RunProgress(job.runId(), job.fingerprint(), stepsDone, 2, currentStep, "worker-1", Instant.now());
    }

    /**
     * A job submitted over HTTP, and the run the test makes answer it.
     *
     * @param id          its id
     * @param fingerprint its fingerprint
     * @param runId       the run id the test's events name
     * @param view        the submit's answer
     */
    private record Job(UUID id, String fingerprint, UUID runId, JsonNode view) {
    }

    private record Timed(HttpResponse<String> response, long arrivedAt) {
    }
}
