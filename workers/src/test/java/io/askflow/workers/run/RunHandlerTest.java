package io.askflow.workers.run;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.resilience.Backoff;
import io.askflow.core.resilience.Retry;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.chain.ChainMetrics;
import io.askflow.workers.chain.ChainSettings;
import io.askflow.workers.chain.Checkpoints;
import io.askflow.workers.ollama.CoolDown;
import io.askflow.workers.ollama.OllamaHttpClient;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.ollama.RetryPolicy;
import io.askflow.workers.step.ChatStepRunner;
import io.askflow.workers.support.TestRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A runner thread's error policy for a bug of the worker, on a mocked Kafka. */
class RunHandlerTest {

    private static final Retry NO_RETRIES = new Retry(1, Backoff.NONE, pause -> { });

    @SuppressWarnings("unchecked")
    private final KafkaOperations<Object, Object> kafka = mock(KafkaOperations.class);
    private final DeadLetterPublishingRecoverer recoverer = mock(DeadLetterPublishingRecoverer.class);
    private final RunRequest task = ofTenant(TestRuns.task("answer", "Does a bug hang the job?", null), "acme");
    private final ConsumerRecord<String, RunRequest> record =
            new ConsumerRecord<>(Topics.RUNS.name(), 0, 7, task.fingerprint(), task);
    private final RunHandle handle = new RunHandle(record, new PartitionOffsets(), signal -> { });
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldPublishAWorkerErrorResultWhenTheRunFailsOutsideItsSteps() {
        when(kafka.send(any(String.class), any(), any())).thenReturn(CompletableFuture.completedFuture(null));

        runnerWithBrokenCheckpoints().run(handle);

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.RUN_RESULTS.name()), eq(task.fingerprint()), sent.capture());
        assertThat(sent.getValue()).isInstanceOfSatisfying(RunResult.class, result -> {
            assertThat(result.runId()).isEqualTo(task.runId());
            assertThat(result.error().type()).isEqualTo(ErrorCode.WORKER_ERROR.name());
            assertThat(result.error().message()).contains("bug in the Askflow worker")
                    .as("the exception's text stays in the log").doesNotContain("checkpoints broken");
            assertThat(result.tenant()).as("the run's tenant, for its row and its usage").isEqualTo("acme");
        });
        ArgumentCaptor<Object> progress = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.RUN_PROGRESS.name()), eq(task.fingerprint()), progress.capture());
        assertThat(progress.getValue()).isInstanceOfSatisfying(RunProgress.class,
                started -> assertThat(started.tenant()).isEqualTo("acme"));
        assertThat(handle.committable()).isTrue();
        verifyNoInteractions(recoverer);
    }

    @Test
    void shouldDeadLetterTheTaskWhenItsWorkerErrorResultCannotBePublished() {
        when(kafka.send(eq(Topics.RUN_PROGRESS.name()), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(null));
        when(kafka.send(eq(Topics.RUN_RESULTS.name()), any(), any()))
                .thenReturn(CompletableFuture.failedFuture(new KafkaException("results topic down")));

        runnerWithBrokenCheckpoints().run(handle);

        verify(recoverer).accept(eq(record), isNull(), any(ResultNotPublishedException.class));
        assertThat(handle.committable()).isTrue();
    }

    @Test
    void shouldHandTheTaskBackToBeRunAgainWhenNeitherItsResultNorItsDeadLetterCanBePublished() {
        when(kafka.send(eq(Topics.RUN_PROGRESS.name()), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(null));
        when(kafka.send(eq(Topics.RUN_RESULTS.name()), any(), any()))
                .thenReturn(CompletableFuture.failedFuture(new KafkaException("results topic down")));
        doThrow(new KafkaException("dead-letter topic down")).when(recoverer)
                .accept(any(), any(), any());

        runnerWithBrokenCheckpoints().run(handle);

        assertThat(handle.committable()).isFalse();
        assertThat(handle.unpublished()).as("run again later, not abandoned").isTrue();
    }

    @Test
    void shouldPublishTheResultOnTheNextTryWhenKafkaFailsOnce() {
        when(kafka.send(eq(Topics.RUN_PROGRESS.name()), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(null));
        when(kafka.send(eq(Topics.RUN_RESULTS.name()), any(), any()))
                .thenReturn(CompletableFuture.failedFuture(new KafkaException("leader moving")))
                .thenReturn(CompletableFuture.completedFuture(null));
        List<Duration> pauses = new CopyOnWriteArrayList<>();

        runnerWithBrokenCheckpoints(new Retry(3, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2, 0),
                pauses::add)).run(handle);

        verify(kafka, times(2)).send(eq(Topics.RUN_RESULTS.name()), eq(task.fingerprint()), any());
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(handle.committable()).isTrue();
        verifyNoInteractions(recoverer);
    }

    @Test
    void shouldAnswerATaskOlderThanTheMaximumAgeWithRunExpiredWithoutRunningIt() {
        when(kafka.send(any(String.class), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        RunRequest old = new RunRequest(task.runId(), task.fingerprint(), task.request(), task.firstJobId(), 3,
                Instant.now().minus(Duration.ofMinutes(46)), "acme");
        RunHandle oldHandle = new RunHandle(new ConsumerRecord<>(Topics.RUNS.name(), 0, 8, old.fingerprint(), old),
                new PartitionOffsets(), signal -> { });

        runnerWithBrokenCheckpoints().run(oldHandle);

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.RUN_RESULTS.name()), eq(old.fingerprint()), sent.capture());
        assertThat(sent.getValue()).isInstanceOfSatisfying(RunResult.class, result -> {
            assertThat(result.error().type()).isEqualTo(ErrorCode.RUN_EXPIRED.name());
            assertThat(result.error().message()).contains("waited", "not started");
            assertThat(result.tenant()).isEqualTo("acme");
        });
        verify(kafka, times(0)).send(eq(Topics.RUN_PROGRESS.name()), any(), any());
        assertThat(oldHandle.committable()).isTrue();
        assertThat(registry.counter(TaskExpiry.TASKS_EXPIRED).count()).isEqualTo(1.0);
    }

    @Test
    void shouldRunATaskYoungerThanTheMaximumAge() {
        when(kafka.send(any(String.class), any(), any())).thenReturn(CompletableFuture.completedFuture(null));

        runnerWithBrokenCheckpoints().run(handle);

        verify(kafka).send(eq(Topics.RUN_PROGRESS.name()), eq(task.fingerprint()), any());
        assertThat(registry.counter(TaskExpiry.TASKS_EXPIRED).count()).isZero();
    }

    private static RunRequest ofTenant(RunRequest task, String tenant) {
        return new RunRequest(task.runId(), task.fingerprint(), task.request(), task.firstJobId(), task.dispatch(),
                task.createdAt(), tenant);
    }

    private RunHandler runnerWithBrokenCheckpoints() {
        return runnerWithBrokenCheckpoints(NO_RETRIES);
    }

    private RunHandler runnerWithBrokenCheckpoints(Retry resultRetries) {
        Checkpoints broken = new Checkpoints() {
            @Override
            public List<StepResult> load(UUID runId, int steps) {
                throw new IllegalStateException("checkpoints broken");
            }

            @Override
            public void save(UUID runId, StepResult step) {
            }
        };
        OllamaHosts nowhere = new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient("http://127.0.0.1:9"), 1)),
                CoolDown.NONE);
        OllamaActivity ollama = new OllamaActivity(nowhere, new RetryPolicy(1, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ZERO, 1, 0, Duration.ofSeconds(1)), new OllamaMetrics(registry), pause -> { });
        ChainExecutor executor = new ChainExecutor(ChainCatalog.fromClasspath(), List.of(new ChatStepRunner(ollama, 256)),
                broken, new ChainMetrics(registry), new ChainSettings("llama3.2", Duration.ofMinutes(1)));
        return new RunHandler(executor, new RunPublisher(kafka, Duration.ofSeconds(1)), new RecentResults(8),
                new DeadLetters(recoverer, NO_RETRIES), resultRetries,
                new TaskExpiry(Duration.ofMinutes(45), this.registry), "worker-1", Clock.systemUTC());
    }
}
