package io.askflow.workers.checkpoint;

import io.askflow.core.cache.RedisClients;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.RecordedRequest;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.testing.process.ApplicationProcess;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.chain.ChainMetrics;
import io.askflow.workers.support.RunTraffic;
import io.askflow.workers.support.TestGroups;
import io.askflow.workers.support.TestRuns;
import io.askflow.workers.support.TopicReader;
import io.askflow.workers.support.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM killed with SIGKILL in the middle of a three-step chain: the run is delivered again to a second
 * worker (a Spring context in this JVM), which resumes it at the third step from the checkpoints in Redis. The
 * simulator's recorded requests prove that the first two steps were called once only.
 */
class WorkerCrashBrokerTest {

    private static final Infrastructure INFRA = Infrastructures.shared();
    private static final OllamaSimulator SIMULATOR = OllamaSimulator.start(
            SimulatorConfig.defaults().withLatencyMillis(1_500));

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void shouldResumeAKilledWorkersChainAtTheNextStepOnAnotherWorker() throws Exception {
        RunRequest task = TestRuns.task("research", "What survives a SIGKILL?", null);
        Map<String, Object> settings = settings(TestGroups.startingAtTheEnd(INFRA.kafkaBootstrapServers(), "crash"));

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers());
             TopicReader<String, RunProgress> progress = new TopicReader<>(INFRA.kafkaBootstrapServers(),
                     Topics.RUN_PROGRESS);
             ApplicationProcess doomed = ApplicationProcess.start(WorkersApplication.class,
                     with(settings, "doomed-worker"), Path.of("target", "crash-test-doomed-worker.log"))) {
            traffic.send(task);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> progress.poll()
                    .stream().map(record -> record.value())
                    .anyMatch(p -> p.runId().equals(task.runId()) && p.stepsDone() == 2));
            doomed.killHard();
            assertThat(redisHoldsTwoSteps(task)).isTrue();

            try (ConfigurableApplicationContext survivor = new SpringApplicationBuilder(WorkersApplication.class)
                    .web(WebApplicationType.NONE).run(ApplicationProcess.arguments(with(settings, "survivor")))) {
                RunResult result = traffic.awaitResult(task, Duration.ofSeconds(60));

                assertThat(result.succeeded()).isTrue();
                assertThat(result.worker()).isEqualTo("survivor");
                assertThat(result.steps()).extracting(StepResult::name).containsExactly("research", "draft", "review");
                assertThat(survivor.getBean(MeterRegistry.class).get(ChainMetrics.STEPS_REUSED).counter().count())
                        .isEqualTo(2);
            }
        }
        List<RecordedRequest> calls = SIMULATOR.recentRequests().stream()
                .filter(call -> call.lastUserMessage().contains("What survives a SIGKILL?")).toList();
        assertThat(callsBy(calls, "You are Senior research analyst")).as("step 1 called once").isEqualTo(1);
        assertThat(callsBy(calls, "You are Technical writer")).as("step 2 called once").isEqualTo(1);
        assertThat(callsBy(calls, "You are Fact-checking editor")).as("step 3: killed, then resumed").isBetween(1L, 2L);
    }

    private static Map<String, Object> settings(String group) {
        Map<String, Object> settings = new HashMap<>(WorkerSettings.of(INFRA, group, "unnamed",
                List.of(Map.entry(SIMULATOR.baseUrl(), 2))));
        // a dead member leaves the group after its session timeout (6 s, the broker's minimum), not 45 s
        settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6_000);
        settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1_000);
        settings.put("askflow.workers.max-poll-interval", "10s");
        return settings;
    }

    private static Map<String, Object> with(Map<String, Object> settings, String workerId) {
        Map<String, Object> named = new HashMap<>(settings);
        named.put("askflow.workers.worker-id", workerId);
        return named;
    }

    private static boolean redisHoldsTwoSteps(RunRequest task) {
        try (RedisCheckpoints checkpoints = new RedisCheckpoints(
                RedisClients.pooled(RedisCheckpointsTest.redis(INFRA.redisUri()), "askflow-workers"), Duration.ofMinutes(1))) {
            return checkpoints.load(task.runId(), 3).size() == 2;
        }
    }

    private static long callsBy(List<RecordedRequest> calls, String persona) {
        return calls.stream().filter(call -> call.messages().get(0).content().startsWith(persona)).count();
    }
}
