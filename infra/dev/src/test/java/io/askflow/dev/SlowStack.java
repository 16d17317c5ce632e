package io.askflow.dev;

import io.askflow.dev.JobTable.JobRow;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A stack on the JVM's shared infrastructure whose simulator takes 500 ms a call with 16 slots and echoes the
 * prompt (so an answer shows which question it answers), and what the end-to-end tests of bursts read from it.
 * A test class registers it ({@code @RegisterExtension static final SlowStack slow = new SlowStack();}): it starts
 * before the class's first test and closes after its last.
 */
final class SlowStack implements BeforeAllCallback, AfterAllCallback {

    static final int SLOTS = 16;
    private static final Duration JOBS_END_WITHIN = Duration.ofSeconds(90);

    private DevStack stack;
    private ApiClient api;
    private OllamaSimulator simulator;
    private JobTable jobs;

    @Override
    public void beforeAll(ExtensionContext context) {
        SimulatorConfig slow = SimulatorConfig.defaults().withSlots(SLOTS).withLatencyMillis(500).withEcho(true);
        // workers take as many tasks at once as they have slots; the bursts here are one tenant's (the default's),
        // far past its rate limit and queue quota (the limits are shown in the api's RateLimitTest, QueueQuotaTest)
        DevSettings settings = DevSettings.forTests(slow).withExtraProperties(Map.of(
                "askflow.ollama.slots", Integer.toString(SLOTS),
                "askflow.limits.enabled", "false",
                "askflow.limits.max-queued-jobs", "1000000"));
        stack = DevStack.start(settings, Infrastructures.shared());
        api = stack.apiClient();
        simulator = stack.simulator().orElseThrow();
        jobs = new JobTable(stack.infrastructure());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    DevStack stack() {
        return stack;
    }

    ApiClient api() {
        return api;
    }

    OllamaSimulator simulator() {
        return simulator;
    }

    JobTable jobs() {
        return jobs;
    }

    Infrastructure infrastructure() {
        return stack.infrastructure();
    }

    /** The simulator's completed calls once nothing runs on it any more. */
    long idleSimulatorCalls() {
        await().atMost(JOBS_END_WITHIN).until(() -> simulator.stats().inFlight() == 0 && simulator.stats().queued() == 0);
        return simulator.stats().completed();
    }

    /** The rows of the submitted jobs, once every one of them ended. */
    Map<UUID, JobRow> awaitEnded(List<Burst.Submitted> submitted) throws Exception {
        List<UUID> ids = submitted.stream().map(Burst.Submitted::jobId).toList();
        if (ids.contains(null)) {
            throw new AssertionError("a submit without a job id: " + submitted);
        }
        return awaitEnded(ids);
    }

    Map<UUID, JobRow> awaitEnded(Collection<UUID> ids) throws Exception {
        await().atMost(JOBS_END_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> jobs.allEnded(ids));
        return jobs.rows(ids);
    }

    /** The runs recorded for these jobs' questions, once they reach {@code expected} (or after 10 s). */
    long awaitRuns(Set<UUID> ids, long expected) {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> jobs.runsFor(ids), runs -> runs >= expected);
    }

    /** Resubmits {@code question} until the API answers it from the cache at once (200), then returns that answer. */
    ApiClient.Response awaitFastPath(String question) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            ApiClient.Response response = api.submitQuestion(question);
            if (response.status() != 200) {
                Awaits.jobEnd(api, response.location()); // answered by a run, whose answer is cached now
            }
            return response;
        }, response -> response.status() == 200);
    }

    /** The pipeline's Prometheus page. */
    String pipelineMetrics() {
        return new ApiClient(stack.pipelineUrl()).get("/actuator/prometheus").body();
    }

    /** The lines of these metrics on the pipeline's Prometheus page, for logs. */
    String pipelineCounters(String... names) {
        return Arrays.stream(pipelineMetrics().split("\n"))
                .filter(line -> Arrays.stream(names).anyMatch(line::startsWith))
                .collect(Collectors.joining("; "));
    }

    double pipelineCounter(String name, String label) {
        return BurstChecks.counter(pipelineMetrics(), name, label);
    }
}
