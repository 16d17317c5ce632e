package io.askflow.dev;

import io.askflow.core.fingerprint.QuestionNormalizer;
import io.askflow.dev.JobTable.JobRow;
import io.askflow.pipeline.PipelineApplication;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.testing.process.ApplicationProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Every question is answered once, end to end on real Kafka, Redis and PostgreSQL, with the simulator taking
 * 500 ms a call: a burst of duplicates, a pipeline restart, a Redis outage and a PostgreSQL outage in the middle
 * of bursts, the submit's fast path, and the counters at the pipeline's Prometheus endpoint. A stack of its own (slow
 * simulator, 16 slots) on the JVM's shared infrastructure; every test asks questions of its own.
 */
class AnswerOnceEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(AnswerOnceEndToEndTest.class);
    private static final int SLOTS = 16;
    private static final int CALLERS = 24;
    private static final Duration JOBS_END_WITHIN = Duration.ofSeconds(90);
    private static final String CACHE = "source=\"CACHE\"";

    private static DevStack stack;
    private static ApiClient api;
    private static OllamaSimulator simulator;
    private static JobTable jobs;

    @BeforeAll
    static void startStack() {
        SimulatorConfig slow = SimulatorConfig.defaults().withSlots(SLOTS).withLatencyMillis(500).withEcho(true);
        // workers take as many tasks at once as they have slots
        DevSettings settings = DevSettings.forTests(slow).withExtraProperties(Map.of(
                "askflow.ollama.slots", Integer.toString(SLOTS)));
        stack = DevStack.start(settings, Infrastructures.shared());
        api = new ApiClient(stack.apiUrl());
        simulator = stack.simulator().orElseThrow();
        jobs = new JobTable(stack.infrastructure());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRunEachDistinctQuestionOnceForAThousandConcurrentDuplicates() throws Exception {
        List<String> distinct = distinctQuestions("burst", 50);
        long callsBefore = idleSimulatorCalls();

        Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 20), CALLERS);
        List<Burst.Submitted> submitted = burst.await();
        long submitMillis = burst.elapsedMillis();
        Map<UUID, JobRow> rows = awaitEnded(submitted);

        log.info("MEASURE burst: {} jobs over {} questions submitted by {} callers in {} ms, all ended in {} ms;"
                        + " submit answers {}; sources {}; simulator calls {}, at most {} at once", submitted.size(),
                distinct.size(), CALLERS, submitMillis, burst.elapsedMillis(),
                countBy(submitted, s -> "HTTP " + s.status()), countBy(rows.values(), JobRow::source),
                simulator.stats().completed() - callsBefore, simulator.stats().maxInFlight());
        assertThat(submitted).hasSize(1_000);
        assertCompletedWithTheirQuestionsAnswer(submitted, rows, distinct);
        assertThat(answersByQuestion(rows)).allSatisfy((question, answers) ->
                assertThat(answers).as("answers to %s", question).hasSize(1));
        assertThat(idleSimulatorCalls() - callsBefore).as("chain runs (one call each)").isEqualTo(50);
        assertThat(awaitRuns(rows.keySet(), 50)).as("runs recorded").isEqualTo(50);
    }

    @Test
    void shouldLoseNoJobWhenThePipelineRestartsMidBurst() throws Exception {
        List<String> distinct = distinctQuestions("restart", 30);
        long callsBefore = idleSimulatorCalls();
        List<Burst.Submitted> submitted;
        long restartMillis;
        long callsAtRestart;
        try (Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 10), 4)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> burst.answered() >= 60 && simulator.stats().inFlight() > 0); // runs in flight
            callsAtRestart = simulator.stats().completed() - callsBefore;
            long started = System.nanoTime();
            stack.restartPipeline();
            restartMillis = (System.nanoTime() - started) / 1_000_000;
            submitted = burst.await();
        }
        Map<UUID, JobRow> rows = awaitEnded(submitted);
        long calls = idleSimulatorCalls() - callsBefore;
        long runs = awaitRuns(rows.keySet(), calls);
        log.info("MEASURE restart: pipeline restarted in {} ms mid-burst (after {} chain calls); {} jobs over {}"
                        + " questions; sources {}; simulator calls {}, runs recorded {}, extra runs {}; new pipeline: {}",
                restartMillis, callsAtRestart, submitted.size(), distinct.size(), countBy(rows.values(), JobRow::source),
                calls, runs,
                runs - distinct.size(), pipelineCounters("askflow_runs_redispatched_total", "askflow_results_ignored_total"));
        assertCompletedWithTheirQuestionsAnswer(submitted, rows, distinct);
        assertThat(calls).as("every chain call is a recorded run").isEqualTo(runs);
        assertThat(runs).isGreaterThanOrEqualTo(distinct.size());
    }

    @Test
    void shouldLoseNoJobWhenASecondPipelineProcessIsKilledMidBurst() throws Exception {
        List<String> distinct = distinctQuestions("pipeline-kill", 30);
        long callsBefore = idleSimulatorCalls();
        Path doomedLog = Path.of("target", "pipeline-kill-test-doomed-pipeline.log");
        List<Burst.Submitted> submitted;
        try (ApplicationProcess doomed = ApplicationProcess.start(PipelineApplication.class, doomedPipelineSettings(),
                doomedLog)) {
            // the second instance joins the Streams app and the sinks' groups and takes about half the partitions
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(doomedLog).contains("to RUNNING"));
            await().atMost(Duration.ofSeconds(60)).until(() -> new ApiClient(stack.pipelineUrl())
                    .get("/actuator/health").body().contains("\"status\":\"UP\""));
            try (Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 10), 4)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> burst.answered() >= 60 && simulator.stats().inFlight() > 0); // runs in flight
                doomed.killHard();
                submitted = burst.await();
            }
        }
        Map<UUID, JobRow> rows = awaitEnded(submitted);
        long calls = idleSimulatorCalls() - callsBefore;
        long runs = awaitRuns(rows.keySet(), calls);

        log.info("MEASURE pipeline kill: a second pipeline JVM killed mid-burst; {} jobs over {} questions; sources {};"
                        + " simulator calls {}, runs recorded {}; surviving pipeline: {}", submitted.size(),
                distinct.size(), countBy(rows.values(), JobRow::source), calls, runs,
                pipelineCounters("askflow_runs_redispatched_total", "askflow_results_ignored_total"));
        assertThat(Files.readString(doomedLog)).as("the killed pipeline's log").contains("to RUNNING");
        assertCompletedWithTheirQuestionsAnswer(submitted, rows, distinct);
        assertThat(calls).as("every chain call is a recorded run").isEqualTo(runs);
        assertThat(runs).isGreaterThanOrEqualTo(distinct.size());
    }

    /** The stack's pipeline settings, and a session timeout of 6 s (the broker's least): its death is seen soon. */
    private static Map<String, Object> doomedPipelineSettings() {
        Map<String, Object> settings = new LinkedHashMap<>(stack.infrastructure().springProperties());
        settings.put("spring.kafka.streams.properties.session.timeout.ms", 6_000);
        settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6_000);
        settings.put("logging.level.io.askflow", "INFO");
        return settings;
    }

    @Test
    void shouldCompleteEveryJobThroughARedisOutageAndCacheAgainAfterIt() throws Exception {
        Infrastructure infrastructure = stack.infrastructure();
        assumeThat(infrastructure.supportsRedisRestart()).as("embedded Redis can be stopped").isTrue();
        List<String> distinct = distinctQuestions("redis", 30);
        long callsBefore = idleSimulatorCalls();
        List<Burst.Submitted> submitted;
        try (Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 10), 4)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.answered() >= 60);
            infrastructure.stopRedis();
            try {
                submitted = burst.await();
            } finally {
                infrastructure.startRedis();
            }
        }
        Map<UUID, JobRow> rows = awaitEnded(submitted);

        log.info("MEASURE redis outage: {} jobs over {} questions; sources {}; simulator calls {}; pipeline: {}",
                submitted.size(), distinct.size(), countBy(rows.values(), JobRow::source),
                simulator.stats().completed() - callsBefore,
                pipelineCounters("askflow_cache_errors_total", "askflow_cache_lookups_total"));
        assertCompletedWithTheirQuestionsAnswer(submitted, rows, distinct);
        assertThat(pipelineCounter("askflow_cache_errors_total", "")).as("the pipeline saw the outage").isPositive();
        ApiClient.Response repeat = awaitFastPath(distinct.get(0));
        assertThat(repeat.text("source")).isEqualTo("CACHE");
    }

    @Test
    void shouldLoseNoAcceptedJobThroughAPostgresOutage() throws Exception {
        Infrastructure infrastructure = stack.infrastructure();
        List<String> distinct = distinctQuestions("postgres", 30);
        double skippedBefore = pipelineCounter("askflow_sink_records_skipped_total", "");
        List<Burst.Submitted> submitted;
        long blockedMillis;
        long caughtUpMillis;
        try (Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 10), 8)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.answered() >= 60);
            long blocked = System.nanoTime();
            try {
                infrastructure.blockPostgres();
                // at least 3 s (the API's pool waits 3 s for a connection), and until the API turned submits away
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                        .until(() -> burst.answered(503) > 0);
            } finally {
                infrastructure.unblockPostgres();
            }
            long unblocked = System.nanoTime();
            blockedMillis = (unblocked - blocked) / 1_000_000;
            awaitEnded(accepted(burst.answeredSoFar())); // their runs ended while the sinks could not write
            caughtUpMillis = (System.nanoTime() - unblocked) / 1_000_000;
            submitted = burst.await();
        }
        List<Burst.Submitted> accepted = accepted(submitted);
        List<Burst.Submitted> rejected = submitted.stream().filter(s -> !isAccepted(s)).toList();
        Map<UUID, JobRow> rows = awaitEnded(accepted);
        // ADR 1's window: Kafka took the job, then its row's commit failed (the session was ended): the 503 names
        // the job, which runs, and the jobs sink writes its row. A row the API half wrote would never end.
        Set<UUID> announced = namedJobs(rejected, "will still be answered");
        Map<UUID, JobRow> leftByRejected = awaitEnded(announced);

        log.info("MEASURE postgres outage: blocked {} ms mid-burst; {} jobs over {} questions; submit answers {};"
                        + " the jobs accepted until the unblock COMPLETED in PostgreSQL {} ms after it; rows left by"
                        + " rejected submits {}; sources {}; pipeline: {}", blockedMillis, submitted.size(),
                distinct.size(), countBy(submitted, s -> "HTTP " + s.status()), caughtUpMillis, leftByRejected.size(),
                countBy(rows.values(), JobRow::source),
                pipelineCounters("askflow_sink_retries_total", "askflow_sink_records_skipped_total"));
        assertThat(rejected).as("submits turned away during the outage").isNotEmpty().allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.response().retryAfter()).isNotBlank();
            assertThat(refused.response().contentType()).startsWith("application/problem+json");
            assertThat(refused.response().text("title")).isEqualTo("Job not accepted");
        });
        assertCompletedWithTheirQuestionsAnswer(accepted, rows, distinct);
        assertThat(leftByRejected.values()).as("rows of the jobs a 503 named, each a job that ran")
                .hasSize(announced.size()).allSatisfy(AnswerOnceEndToEndTest::assertAnswersItsQuestion);
        Set<UUID> allRows = new HashSet<>(rows.keySet());
        allRows.addAll(announced);
        assertThat(jobs.rowsOfTheSameQuestions(allRows).keySet()).as("no row for a 503 that named no job")
                .containsExactlyInAnyOrderElementsOf(allRows);
        assertThat(pipelineCounter("askflow_sink_records_skipped_total", "")).as("records the sinks gave up")
                .isEqualTo(skippedBefore);
    }

    @Test
    void shouldLoseNoAcceptedJobThroughAKafkaBrokerRestart() throws Exception {
        Infrastructure infrastructure = stack.infrastructure();
        assumeThat(infrastructure.supportsKafkaBrokerRestart()).as("embedded Kafka can be restarted").isTrue();
        List<String> distinct = distinctQuestions("broker", 30);
        long callsBefore = idleSimulatorCalls();
        List<Burst.Submitted> submitted;
        long downMillis;
        try (Burst burst = Burst.start(api, withWhiteSpaceVariants(distinct, 10), 8)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> burst.answered() >= 60 && simulator.stats().inFlight() > 0); // runs in flight
            long stopped = System.nanoTime();
            try {
                infrastructure.stopKafkaBroker();
                await().atMost(Duration.ofSeconds(30)).until(() -> burst.answered(503) > 0);
            } finally {
                infrastructure.startKafkaBroker();
            }
            downMillis = (System.nanoTime() - stopped) / 1_000_000;
            submitted = burst.await();
        }
        List<Burst.Submitted> accepted = accepted(submitted);
        List<Burst.Submitted> rejected = submitted.stream().filter(s -> !isAccepted(s)).toList();
        Map<UUID, JobRow> rows = awaitEnded(accepted);
        // a 503 names the job, which Kafka may have written before its acknowledgement was lost: such a job runs whole
        Map<UUID, JobRow> leftByRejected = awaitEnded(jobs.rows(namedJobs(rejected, "may have taken it")).keySet());
        long calls = idleSimulatorCalls() - callsBefore;

        log.info("MEASURE broker restart: broker down {} ms mid-burst; {} jobs over {} questions; submit answers {};"
                        + " rows of jobs a 503 named {}; sources {}; simulator calls {}; pipeline: {}", downMillis,
                submitted.size(), distinct.size(), countBy(submitted, s -> "HTTP " + s.status()),
                leftByRejected.size(), countBy(rows.values(), JobRow::source), calls,
                pipelineCounters("askflow_runs_redispatched_total", "askflow_results_ignored_total"));
        assertThat(rejected).as("submits turned away while the broker was down").isNotEmpty().allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.response().retryAfter()).isNotBlank();
            assertThat(refused.response().contentType()).startsWith("application/problem+json");
        });
        assertCompletedWithTheirQuestionsAnswer(accepted, rows, distinct);
        assertThat(leftByRejected.values()).allSatisfy(AnswerOnceEndToEndTest::assertAnswersItsQuestion);
        assertThat(calls).as("chain runs: one per question").isEqualTo(distinct.size());
        Set<UUID> allRows = new HashSet<>(rows.keySet());
        allRows.addAll(leftByRejected.keySet());
        assertThat(jobs.rowsOfTheSameQuestions(allRows).keySet()).as("no row for a 503 that named no job")
                .containsExactlyInAnyOrderElementsOf(allRows);
    }

    @Test
    void shouldAnswerACachedQuestionAtTheSubmitWith200AndTheSameAnswerOnThePoll() {
        String question = "What is a fast path? " + UUID.randomUUID();
        JsonNode first = Awaits.jobEnd(api, api.submitQuestion(question).location());
        double cacheJobsBefore = pipelineCounter("askflow_jobs_total", CACHE);

        ApiClient.Response cached = api.submitQuestion("  " + question.replace(" ", "\t") + "\n");
        JsonNode poll = api.get(cached.location()).json();

        assertThat(first.get("source").asString()).isEqualTo("LLM");
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.location()).startsWith("/v1/jobs/");
        assertThat(cached.text("status")).isEqualTo("COMPLETED");
        assertThat(cached.text("source")).isEqualTo("CACHE");
        assertThat(cached.text("answer")).isEqualTo(first.get("answer").asString());
        assertThat(poll.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(poll.get("source").asString()).isEqualTo("CACHE");
        assertThat(poll.get("answer").asString()).isEqualTo(first.get("answer").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pipelineCounter("askflow_jobs_total", CACHE) > cacheJobsBefore);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> api.get(cached.location()).json().get("answer").asString(),
                        answer -> answer.equals(first.get("answer").asString())); // the pipeline's own event changes nothing
    }

    @Test
    void shouldShowTheAnswerCountersAtThePipelinesPrometheusEndpoint() {
        String question = "What does the pipeline count? " + UUID.randomUUID();
        Awaits.jobEnd(api, api.submitQuestion(question).location());
        Awaits.jobEnd(api, api.submitQuestion(question).location());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = new ApiClient(stack.pipelineUrl()).get("/actuator/prometheus").body();
            assertThat(counter(metrics, "askflow_jobs_total", CACHE)).isPositive();
            assertThat(counter(metrics, "askflow_jobs_total", "source=\"LLM\"")).isPositive();
            assertThat(counter(metrics, "askflow_runs_started_total", "")).isPositive();
            assertThat(metrics).contains("askflow_jobs_total{", "source=\"COALESCED\"", "askflow_cache_lookups_total{",
                    "askflow_runs_redispatched_total", "askflow_results_ignored_total", "askflow_cache_up");
        });
    }

    // ---- helpers

    /** {@code count} questions that no other test asks. */
    private static List<String> distinctQuestions(String test, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, count).mapToObj(i -> "Question " + i + " of the " + test + " test " + run + "?")
                .toList();
    }

    /** Every question {@code copies} times, in five white-space spellings, shuffled. */
    private static List<String> withWhiteSpaceVariants(List<String> questions, int copies) {
        List<String> all = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (String question : questions) {
                all.add(switch (copy % 5) {
                    case 0 -> question;
                    case 1 -> "  " + question;
                    case 2 -> question + "\n";
                    case 3 -> question.replace(" ", "  ");
                    default -> "\t" + question.replace(" ", " \t ") + " ";
                });
            }
        }
        Collections.shuffle(all, new Random(42));
        return all;
    }

    /** The simulator's completed calls once nothing runs on it any more. */
    private static long idleSimulatorCalls() {
        await().atMost(JOBS_END_WITHIN).until(() -> simulator.stats().inFlight() == 0 && simulator.stats().queued() == 0);
        return simulator.stats().completed();
    }

    private static Map<UUID, JobRow> awaitEnded(List<Burst.Submitted> submitted) throws Exception {
        List<UUID> ids = submitted.stream().map(Burst.Submitted::jobId).toList();
        assertThat(ids).doesNotContainNull();
        return awaitEnded(ids);
    }

    private static Map<UUID, JobRow> awaitEnded(Collection<UUID> ids) throws Exception {
        await().atMost(JOBS_END_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> jobs.allEnded(ids));
        return jobs.rows(ids);
    }

    private static List<Burst.Submitted> accepted(List<Burst.Submitted> submitted) {
        return submitted.stream().filter(AnswerOnceEndToEndTest::isAccepted).toList();
    }

    /** The job ids named by 503s whose detail says {@code fate}. */
    private static Set<UUID> namedJobs(List<Burst.Submitted> rejected, String fate) {
        return rejected.stream().map(Burst.Submitted::response)
                .filter(refused -> refused.text("jobId") != null && refused.text("detail").contains(fate))
                .map(refused -> UUID.fromString(refused.text("jobId"))).collect(Collectors.toSet());
    }

    private static boolean isAccepted(Burst.Submitted submitted) {
        return submitted.status() == 200 || submitted.status() == 202;
    }

    /** The rows of every job asking one of these jobs' questions, once all of them ended (or after 30 s). */
    /** The runs recorded for these jobs' questions, once they reach {@code expected} (or after 10 s). */
    private static long awaitRuns(Set<UUID> ids, long expected) {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> jobs.runsFor(ids), runs -> runs >= expected);
    }

    /** Every submit accepted (200 or 202), every job COMPLETED with an answer to its own question. */
    private static void assertCompletedWithTheirQuestionsAnswer(List<Burst.Submitted> submitted,
                                                                Map<UUID, JobRow> rows, List<String> distinct) {
        assertThat(submitted).extracting(Burst.Submitted::status).isSubsetOf(200, 202);
        assertThat(rows).hasSize(submitted.size());
        assertThat(rows.values()).allSatisfy(AnswerOnceEndToEndTest::assertAnswersItsQuestion);
        assertThat(answersByQuestion(rows)).containsOnlyKeys(distinct);
    }

    private static void assertAnswersItsQuestion(JobRow row) {
        assertThat(row.status()).as("job %s", row.id()).isEqualTo("COMPLETED");
        assertThat(QuestionNormalizer.normalize(row.answer())).as("the simulator echoes the prompt")
                .contains(QuestionNormalizer.normalize(row.question()));
    }

    private static Map<String, Set<String>> answersByQuestion(Map<UUID, JobRow> rows) {
        return rows.values().stream().collect(Collectors.groupingBy(row -> QuestionNormalizer.normalize(row.question()),
                Collectors.mapping(JobRow::answer, Collectors.toSet())));
    }

    /** Resubmits {@code question} until the API answers it from the cache at once (200), then returns that answer. */
    private static ApiClient.Response awaitFastPath(String question) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            ApiClient.Response response = api.submitQuestion(question);
            if (response.status() != 200) {
                Awaits.jobEnd(api, response.location()); // answered by a run, whose answer is cached now
            }
            return response;
        }, response -> response.status() == 200);
    }

    private static <T> Map<String, Long> countBy(Collection<T> items, Function<T, ?> key) {
        return items.stream().collect(Collectors.groupingBy(item -> String.valueOf(key.apply(item)),
                TreeMap::new, Collectors.counting()));
    }

    private static String pipelineCounters(String... names) {
        String metrics = new ApiClient(stack.pipelineUrl()).get("/actuator/prometheus").body();
        return Arrays.stream(metrics.split("\n"))
                .filter(line -> Arrays.stream(names).anyMatch(line::startsWith))
                .collect(Collectors.joining("; "));
    }

    private static double pipelineCounter(String name, String label) {
        return counter(new ApiClient(stack.pipelineUrl()).get("/actuator/prometheus").body(), name, label);
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code label} ("" for all). */
    private static double counter(String metrics, String name, String label) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (samples.find()) {
            if (label.isEmpty() || (samples.group(1) != null && samples.group(1).contains(label))) {
                sum += Double.parseDouble(samples.group(2));
            }
        }
        return sum;
    }
}
