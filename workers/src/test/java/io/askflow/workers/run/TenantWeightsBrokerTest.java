package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.support.RunTraffic;
import io.askflow.workers.support.TestGroups;
import io.askflow.workers.support.TestRuns;
import io.askflow.workers.support.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * One worker on the shared broker, one simulated Ollama host of 4 slots at 50 ms a call, tenant {@code heavy}
 * weighing 3 and {@code light} weighing 1. Light publishes 400 runs first, then heavy 400: while both wait, the
 * starts split 3 to 1 (first come first served would start light's 400 first).
 */
@SpringBootTest(classes = WorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class TenantWeightsBrokerTest {

    private static final Logger log = LoggerFactory.getLogger(TenantWeightsBrokerTest.class);
    private static final Infrastructure INFRA = Infrastructures.shared();
    private static final OllamaSimulator SIMULATOR = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(4)
            .withQueue(0).withLatencyMillis(50));
    private static final int EACH = 400;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String group = TestGroups.startingAtTheEnd(INFRA.kafkaBootstrapServers(), "weights-test");
        WorkerSettings.of(INFRA, group, "weights-worker", List.of(Map.entry(SIMULATOR.baseUrl(), 4)))
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("askflow.workers.tenant-weights.heavy", () -> 3);
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void shouldSplitTheStartsInTheRatioOfTheWeightsWhileBothTenantsWait() {
        List<RunRequest> light = IntStream.range(0, EACH).mapToObj(i -> TestRuns.ofTenant("light", "Light " + i + "?"))
                .toList();
        List<RunRequest> heavy = IntStream.range(0, EACH).mapToObj(i -> TestRuns.ofTenant("heavy", "Heavy " + i + "?"))
                .toList();

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers())) {
            traffic.send(light);
            traffic.send(heavy);

            // from the moment both wait in the read-ahead, over the next 200 starts
            await().atMost(Duration.ofSeconds(30)).until(() -> waiting("heavy") > 0 && waiting("light") > 0);
            double heavyBefore = started("heavy");
            double lightBefore = started("light");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> started("heavy") + started("light") - heavyBefore - lightBefore >= 200);
            double heavyStarts = started("heavy") - heavyBefore;
            double lightStarts = started("light") - lightBefore;

            log.info("over {} starts while both waited: heavy (weight 3) {}, light (weight 1) {}, ratio {}",
                    (long) (heavyStarts + lightStarts), (long) heavyStarts, (long) lightStarts,
                    String.format("%.2f", heavyStarts / lightStarts));
            assertThat(waiting("heavy")).as("heavy still waited at the end of the window").isPositive();
            assertThat(waiting("light")).as("light still waited at the end of the window").isPositive();
            assertThat(heavyStarts / lightStarts).as("heavy's starts per light start").isCloseTo(3.0, within(0.4));
        }
    }

    private double started(String tenant) {
        return registry.find(ConsumerMetrics.TASKS_STARTED).tag("tenant", tenant).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double waiting(String tenant) {
        var gauge = registry.find(ConsumerMetrics.TASKS_WAITING).tag("tenant", tenant).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
