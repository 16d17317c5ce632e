package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.support.RunTraffic;
import io.askflow.workers.support.TestGroups;
import io.askflow.workers.support.TestRuns;
import io.askflow.workers.support.TopicReader;
import io.askflow.workers.support.WorkerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The workers on a real broker (the shared embedded infrastructure) and the Ollama simulator. */
@SpringBootTest(classes = WorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RunConsumerBrokerTest {

    private static final Infrastructure INFRA = Infrastructures.shared();
    private static final OllamaSimulator SIMULATOR = OllamaSimulator.start();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String group = TestGroups.startingAtTheEnd(INFRA.kafkaBootstrapServers(), "listener-test");
        WorkerSettings.of(INFRA, group, "broker-test-worker", List.of(Map.entry(SIMULATOR.baseUrl(), 1)))
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void shouldPublishProgressAndResultForATask() throws Exception {
        RunRequest answered = TestRuns.task("answer", "What is backpressure?", null);
        RunRequest missingModel = TestRuns.task("answer", "What is backpressure?", "llama9");

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers());
             TopicReader<String, RunProgress> progress = new TopicReader<>(INFRA.kafkaBootstrapServers(),
                     Topics.RUN_PROGRESS)) {
            traffic.send(List.of(answered, missingModel));

            RunResult result = traffic.awaitResult(answered, Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.answer()).startsWith("[simulated answer]");
            assertThat(result.steps()).hasSize(1);
            assertThat(result.tokens().total()).isPositive();
            assertThat(result.worker()).isEqualTo("broker-test-worker");

            RunResult failed = traffic.awaitResult(missingModel, Duration.ofSeconds(30));
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.error().type()).isEqualTo("OLLAMA_MODEL_NOT_FOUND");
            assertThat(failed.error().attempts()).isEqualTo(1);
            assertThat(failed.error().message()).contains("ollama pull llama9");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(progress.poll())
                    .filteredOn(record -> record.value().runId().equals(answered.runId()))
                    .extracting(record -> record.value().stepsDone() + "/" + record.value().stepsTotal() + " "
                            + record.value().currentStep())
                    .containsExactly("0/1 answer", "1/1 null"));
        }
        assertThat(prometheus()).contains("askflow_workers_chains_total", "askflow_workers_step_duration_seconds",
                "askflow_workers_tokens_total", "askflow_workers_ollama_in_flight",
                "askflow_workers_ollama_tokens_per_second", "askflow_workers_partitions_paused",
                "askflow_workers_tasks_running", "askflow_workers_checkpoint_up", "askflow_workers_read_ahead_size",
                "askflow_workers_tasks_started_total{tenant=\"default\"", "askflow_workers_tasks_waiting{tenant=\"default\"");
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordWithoutBlockingTheNextTask() throws Exception {
        RunRequest task = TestRuns.task("answer", "Is the partition blocked?", null);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        try (RunTraffic traffic = new RunTraffic(INFRA.kafkaBootstrapServers());
             TopicReader<byte[], byte[]> deadLetters = new TopicReader<>(INFRA.kafkaBootstrapServers(),
                     Topics.RUNS_DEAD_LETTER)) {
            traffic.sendRaw(task.fingerprint(), garbage);
            traffic.send(task);

            assertThat(traffic.awaitResult(task, Duration.ofSeconds(30)).succeeded()).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetters.poll())
                    .filteredOn(record -> new String(record.key(), StandardCharsets.UTF_8).equals(task.fingerprint()))
                    .singleElement()
                    .satisfies(record -> {
                        assertThat(record.value()).isEqualTo(garbage);
                        assertThat(new String(record.headers().lastHeader("kafka_dlt-exception-fqcn").value(),
                                StandardCharsets.UTF_8)).endsWith("DeserializationException");
                    }));
        }
    }

    private String prometheus() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
