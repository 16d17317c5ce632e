package io.askflow.workers.run;

import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunRequest;
import io.askflow.core.topic.Topics;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.support.RunTraffic;
import io.askflow.workers.support.TestGroups;
import io.askflow.workers.support.TestRuns;
import io.askflow.workers.support.TopicReader;
import io.askflow.workers.support.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One worker with the default read-ahead on the shared broker, one simulated Ollama host of 4 slots at 50 ms a
 * call: tenant A publishes 10,000 runs, then tenant B 10. First come first served, B's last run would start after
 * A's 10,000 (10,000 x 50 ms / 4 slots: about two minutes); with the fair share, every run of B starts within
 * {@link #BOUND} of B's publish, while A's runs are still waiting. A run's start is its first progress record
 * (0 of n steps), written by the worker as the chain starts. A few runs first warm the worker up (its first
 * calls take seconds on a busy machine), so that the bound measures the scheduling, not the warm-up.
 */
@SpringBootTest(classes = WorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class TenantFairShareBrokerTest {

    /**
     * The longest B's last run may take to start, counted from the moment B's runs were all in Kafka. B gets at
     * least half the slots as they free (A and B weigh the same), so B's 10 runs start within the time the worker
     * needs to read past A's runs plus 5 call lengths: well under a second here on a quiet machine; the margin is
     * for a build machine shared with other builds.
     */
    static final Duration BOUND = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(TenantFairShareBrokerTest.class);
    private static final Infrastructure INFRA = Infrastructures.shared();
    private static final OllamaSimulator SIMULATOR = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(4)
            .withQueue(0).withLatencyMillis(50));
    private static final int FLOOD = 10_000;
    private static final int FEW = 10;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String group = TestGroups.startingAtTheEnd(INFRA.kafkaBootstrapServers(), "fair-share-test");
        WorkerSettings.of(INFRA, group, "fair-share-worker", List.of(Map.entry(SIMULATOR.baseUrl(), 4)))
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void shouldStartEveryRunOfATenantWithFewWithinTheBoundBehindAnotherTenantsFlood() {
        List<RunRequest> flood = IntStream.range(0, FLOOD)
                .mapToObj(i -> TestRuns.ofTenant("tenant-a", "Flood " + i + "?")).toList();
        List<RunRequest> few = IntStream.range(0, FEW)
                .mapToObj(i -> TestRuns.ofTenant("tenant-b", "Few " + i + "?")).toList();
        Set<UUID> fewRuns = few.stream().map(RunRequest::runId).collect(Collectors.toSet());

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers());
             TopicReader<String, RunProgress> progress = new TopicReader<>(INFRA.kafkaBootstrapServers(),
                     Topics.RUN_PROGRESS)) {
            List<RunRequest> warmUp = IntStream.range(0, 8)
                    .mapToObj(i -> TestRuns.ofTenant("warm-up", "Warm up " + i + "?")).toList();
            traffic.send(warmUp);
            traffic.awaitResults(warmUp, Duration.ofSeconds(60));

            traffic.send(flood);
            traffic.send(few);
            long fewPublished = System.currentTimeMillis();

            Map<UUID, Long> fewStarts = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> starts(progress.poll(), fewRuns), starts -> starts.size() == FEW);
            double floodWaiting = gauge(ConsumerMetrics.TASKS_WAITING, "tenant-a");
            double floodStarted = started("tenant-a");

            Duration firstStart = Duration.ofMillis(fewStarts.values().stream().mapToLong(Long::longValue).min()
                    .orElseThrow() - fewPublished);
            Duration lastStart = Duration.ofMillis(fewStarts.values().stream().mapToLong(Long::longValue).max()
                    .orElseThrow() - fewPublished);
            log.info("tenant B's {} runs, behind {} runs of tenant A: first started {} ms, last {} ms after they were"
                            + " in Kafka; A then: {} started, {} waiting in the read-ahead", FEW, FLOOD,
                    firstStart.toMillis(), lastStart.toMillis(), (long) floodStarted, (long) floodWaiting);
            assertThat(lastStart).as("B's last start after B's publish").isLessThan(BOUND);
            assertThat(started("tenant-b")).isEqualTo(FEW);
            assertThat(floodStarted).as("A's runs started by then").isLessThan(FLOOD / 10.0);
            assertThat(floodWaiting).as("A's runs still waiting in the read-ahead").isGreaterThan(FLOOD * 0.9);
        }
    }

    /** The time of each run's first progress record (its start), for the runs of {@code runs} seen so far. */
    private static Map<UUID, Long> starts(List<ConsumerRecord<String, RunProgress>> records, Set<UUID> runs) {
        return records.stream().filter(record -> runs.contains(record.value().runId()))
                .filter(record -> record.value().stepsDone() == 0)
                .collect(Collectors.toMap(record -> record.value().runId(), ConsumerRecord::timestamp, Math::min));
    }

    private double started(String tenant) {
        return registry.find(ConsumerMetrics.TASKS_STARTED).tag("tenant", tenant).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double gauge(String name, String tenant) {
        Gauge gauge = registry.find(name).tag("tenant", tenant).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
