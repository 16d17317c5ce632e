package io.askflow.dev;

import io.askflow.dev.JobTable.JobRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.askflow.dev.BurstChecks.answersByQuestion;
import static io.askflow.dev.BurstChecks.assertCompletedWithTheirQuestionsAnswer;
import static io.askflow.dev.BurstChecks.countBy;
import static io.askflow.dev.BurstChecks.counter;
import static io.askflow.dev.BurstChecks.distinctQuestions;
import static io.askflow.dev.BurstChecks.withWhiteSpaceVariants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every question is answered once, end to end on real Kafka, Redis and PostgreSQL, with the simulator taking
 * 500 ms a call: a burst of a thousand duplicates, the submit's fast path, and the counters at the pipeline's
 * Prometheus endpoint. A {@link SlowStack} of its own on the JVM's shared infrastructure; every test asks
 * questions of its own. The faults are {@link FaultsEndToEndTest}'s.
 */
class AnswerOnceEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(AnswerOnceEndToEndTest.class);
    private static final int CALLERS = 24;
    private static final String CACHE = "source=\"CACHE\"";

    @RegisterExtension
    static final SlowStack slow = new SlowStack();

    @Test
    void shouldRunEachDistinctQuestionOnceForAThousandConcurrentDuplicates() throws Exception {
        List<String> distinct = distinctQuestions("burst", 50);
        long callsBefore = slow.idleSimulatorCalls();

        Burst burst = Burst.start(slow.api(), withWhiteSpaceVariants(distinct, 20), CALLERS);
        List<Burst.Submitted> submitted = burst.await();
        long submitMillis = burst.elapsedMillis();
        Map<UUID, JobRow> rows = slow.awaitEnded(submitted);

        log.info("MEASURE burst: {} jobs over {} questions submitted by {} callers in {} ms, all ended in {} ms;"
                        + " submit answers {}; sources {}; simulator calls {}, at most {} at once", submitted.size(),
                distinct.size(), CALLERS, submitMillis, burst.elapsedMillis(),
                countBy(submitted, s -> "HTTP " + s.status()), countBy(rows.values(), JobRow::source),
                slow.simulator().stats().completed() - callsBefore, slow.simulator().stats().maxInFlight());
        assertThat(submitted).hasSize(1_000);
        assertCompletedWithTheirQuestionsAnswer(submitted, rows, distinct);
        assertThat(answersByQuestion(rows)).allSatisfy((question, answers) ->
                assertThat(answers).as("answers to %s", question).hasSize(1));
        assertThat(slow.idleSimulatorCalls() - callsBefore).as("chain runs (one call each)").isEqualTo(50);
        assertThat(slow.awaitRuns(rows.keySet(), 50)).as("runs recorded").isEqualTo(50);
    }

    @Test
    void shouldShowEveryWaiterRunningWhileItsRunRunsAndKeepEachStatusInTheHistory() throws Exception {
        String question = "When is a job running? " + UUID.randomUUID();
        ApiClient.Response first = slow.api().submitQuestion(question);
        ApiClient.Response duplicate = slow.api().submitQuestion(question);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(slow.api().get(first.location()).text("status")).isIn("RUNNING", "COMPLETED");
            assertThat(slow.api().get(duplicate.location()).text("status")).isIn("RUNNING", "COMPLETED");
        });
        JsonNode answered = Awaits.jobEnd(slow.api(), duplicate.location());
        Awaits.jobEnd(slow.api(), first.location());

        assertThat(answered.get("source").asString()).isEqualTo("COALESCED");
        for (ApiClient.Response job : List.of(first, duplicate)) {
            UUID id = UUID.fromString(job.location().substring("/v1/jobs/".length()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slow.jobs().history(id))
                    .containsExactly("QUEUED", "RUNNING", "COMPLETED"));
        }
    }

    @Test
    void shouldAnswerACachedQuestionAtTheSubmitWith200AndTheSameAnswerOnThePoll() {
        String question = "What is a fast path? " + UUID.randomUUID();
        JsonNode first = Awaits.jobEnd(slow.api(), slow.api().submitQuestion(question).location());
        double cacheJobsBefore = slow.pipelineCounter("askflow_jobs_total", CACHE);

        ApiClient.Response cached = slow.api().submitQuestion("  " + question.replace(" ", "\t") + "\n");
        JsonNode poll = slow.api().get(cached.location()).json();

        assertThat(first.get("source").asString()).isEqualTo("LLM");
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.location()).startsWith("/v1/jobs/");
        assertThat(cached.text("status")).isEqualTo("COMPLETED");
        assertThat(cached.text("source")).isEqualTo("CACHE");
        assertThat(cached.text("answer")).isEqualTo(first.get("answer").asString());
        assertThat(poll.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(poll.get("source").asString()).isEqualTo("CACHE");
        assertThat(poll.get("answer").asString()).isEqualTo(first.get("answer").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.pipelineCounter("askflow_jobs_total", CACHE) > cacheJobsBefore);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> slow.api().get(cached.location()).json().get("answer").asString(),
                        answer -> answer.equals(first.get("answer").asString())); // the pipeline's own event changes nothing
    }

    @Test
    void shouldShowTheAnswerCountersAtThePipelinesPrometheusEndpoint() {
        String question = "What does the pipeline count? " + UUID.randomUUID();
        Awaits.jobEnd(slow.api(), slow.api().submitQuestion(question).location());
        Awaits.jobEnd(slow.api(), slow.api().submitQuestion(question).location());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = slow.pipelineMetrics();
            assertThat(counter(metrics, "askflow_jobs_total", CACHE)).isPositive();
            assertThat(counter(metrics, "askflow_jobs_total", "source=\"LLM\"")).isPositive();
            assertThat(counter(metrics, "askflow_runs_started_total", "")).isPositive();
            assertThat(metrics).contains("askflow_jobs_total{", "source=\"COALESCED\"", "askflow_cache_lookups_total{",
                    "askflow_runs_redispatched_total", "askflow_results_ignored_total", "askflow_cache_up");
        });
    }
}
