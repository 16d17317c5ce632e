package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunResult;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.simulator.SimulatorStats;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.support.RunTraffic;
import io.askflow.workers.support.TestGroups;
import io.askflow.workers.support.TestRuns;
import io.askflow.workers.support.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One worker on the shared broker with two simulated Ollama hosts of 2 and 4 slots. Each simulator has no queue,
 * so a call beyond its slots would get a 503 at once: its highest concurrency and its 503s not injected by
 * {@code busyRate} ({@code overloadRejections}) are the witnesses. The consumer's {@code max.poll.interval.ms} is
 * 5 s throughout.
 */
@SpringBootTest(classes = WorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class WorkerLoadBrokerTest {

    private static final Infrastructure INFRA = Infrastructures.shared();
    private static final OllamaSimulator TWO_SLOTS = OllamaSimulator.start(noQueue(2));
    private static final OllamaSimulator FOUR_SLOTS = OllamaSimulator.start(noQueue(4));

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String group = TestGroups.startingAtTheEnd(INFRA.kafkaBootstrapServers(), "load-test");
        WorkerSettings.of(INFRA, group, "load-test-worker",
                        List.of(Map.entry(TWO_SLOTS.baseUrl(), 2), Map.entry(FOUR_SLOTS.baseUrl(), 4)))
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("askflow.ollama.max-attempts", () -> 10);
        registry.add("askflow.workers.max-poll-interval", () -> "5s");
    }

    @AfterAll
    static void stopSimulators() {
        TWO_SLOTS.close();
        FOUR_SLOTS.close();
    }

    @BeforeEach
    void resetSimulators() {
        for (OllamaSimulator simulator : List.of(TWO_SLOTS, FOUR_SLOTS)) {
            simulator.reconfigure(config -> noQueue(config.slots()));
            simulator.reset();
        }
    }

    @Test
    void shouldKeepBothHostsFullButNeverAboveTheirSlots() {
        latency(40);
        List<RunRequest> tasks = tasks(200, "Load");

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers())) {
            traffic.send(tasks);

            Map<UUID, List<RunResult>> results = traffic.awaitResults(tasks, Duration.ofSeconds(60));
            assertThat(results.values()).allSatisfy(result -> assertThat(result.get(0).succeeded()).isTrue());
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> TWO_SLOTS.stats().completed() + FOUR_SLOTS.stats().completed() == 200);
        SimulatorStats two = TWO_SLOTS.stats();
        SimulatorStats four = FOUR_SLOTS.stats();
        assertThat(two.maxInFlight()).isEqualTo(2);
        assertThat(four.maxInFlight()).isEqualTo(4);
        assertThat(two.overloadRejections() + four.overloadRejections()).as("no call beyond a host's slots").isZero();
        assertThat(two.completed()).as("the 2-slot host served its share").isGreaterThan(40);
        assertThat(four.completed()).as("the 4-slot host served its share").isGreaterThan(two.completed());
    }

    @Test
    void shouldCompleteEveryTaskThroughA503Storm() {
        latency(20);
        for (OllamaSimulator simulator : List.of(TWO_SLOTS, FOUR_SLOTS)) {
            simulator.reconfigure(config -> config.withBusyRate(0.5));
        }
        List<RunRequest> tasks = tasks(30, "Storm");

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers())) {
            traffic.send(tasks);
            await().atMost(Duration.ofSeconds(20)).until(() -> rejections() >= 10);
            for (OllamaSimulator simulator : List.of(TWO_SLOTS, FOUR_SLOTS)) {
                simulator.reconfigure(config -> config.withBusyRate(0));
            }

            Map<UUID, List<RunResult>> results = traffic.awaitResults(tasks, Duration.ofSeconds(60));
            assertThat(results.values()).allSatisfy(result -> assertThat(result.get(0).succeeded()).isTrue());
        }
        assertThat(retries("OLLAMA_BUSY")).isGreaterThanOrEqualTo(10);
        assertThat(TWO_SLOTS.stats().overloadRejections() + FOUR_SLOTS.stats().overloadRejections())
                .as("only injected 503s: no retry went beyond a host's slots").isZero();
    }

    @Test
    void shouldKeepItsPartitionsThroughACallLongerThanMaxPollInterval() {
        latency(10_000);
        RunRequest task = TestRuns.task("answer", "Does a long call cost the partition?", null);

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers())) {
            traffic.send(task);

            assertThat(traffic.awaitResult(task, Duration.ofSeconds(30)).succeeded()).isTrue();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> traffic.resultsOf(Set.of(task.runId())).get(task.runId()).size() == 1);
        }
        assertThat(TWO_SLOTS.stats().requests("/api/chat") + FOUR_SLOTS.stats().requests("/api/chat"))
                .as("one call, no second copy of the run").isEqualTo(1);
        assertThat(registry.find(ConsumerMetrics.PARTITIONS_REVOKED).counters())
                .as("no rebalance took a partition away").allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    private static SimulatorConfig noQueue(int slots) {
        return SimulatorConfig.defaults().withSlots(slots).withQueue(0);
    }

    private static void latency(long millis) {
        TWO_SLOTS.reconfigure(config -> config.withLatencyMillis(millis));
        FOUR_SLOTS.reconfigure(config -> config.withLatencyMillis(millis));
    }

    private static List<RunRequest> tasks(int count, String question) {
        return IntStream.range(0, count).mapToObj(i -> TestRuns.task("answer", question + " " + i + "?", null))
                .toList();
    }

    private static long rejections() {
        return TWO_SLOTS.stats().busyRejections() + FOUR_SLOTS.stats().busyRejections();
    }

    private double retries(String cause) {
        return registry.find(OllamaMetrics.RETRIES).tag("cause", cause).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
