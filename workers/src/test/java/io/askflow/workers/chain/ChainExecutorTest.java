package io.askflow.workers.chain;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.StepType;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.RecordedRequest;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.workers.ollama.CoolDown;
import io.askflow.workers.ollama.OllamaHttpClient;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.ollama.RetryPolicy;
import io.askflow.workers.step.ChatStepRunner;
import io.askflow.workers.step.StepContext;
import io.askflow.workers.step.StepFailedException;
import io.askflow.workers.step.StepRunner;
import io.askflow.core.resilience.Sleeper;
import io.askflow.workers.support.InMemoryCheckpoints;
import io.askflow.workers.support.TestRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The chain executor against the Ollama simulator: a real HTTP server speaking Ollama's API. */
class ChainExecutorTest {

    private static OllamaSimulator simulator;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private OllamaHosts hosts;

    @BeforeAll
    static void startSimulator() {
        simulator = OllamaSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reconfigure(config -> SimulatorConfig.defaults());
        simulator.reset();
    }

    @Test
    void shouldAnswerWithTheAnswerChain() throws InterruptedException {
        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, Sleeper.SYSTEM)
                .run(TestRuns.task("answer", "Why is the sky blue?", null), StepListener.NONE);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.answer()).startsWith("[simulated answer]");
        assertThat(outcome.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("answer");
            assertThat(step.agent()).isEqualTo("Helpful assistant");
            assertThat(step.model()).startsWith("llama3.2");
            assertThat(step.host()).isEqualTo(simulator.baseUrl());
            assertThat(step.tokens().promptTokens()).isPositive();
            assertThat(step.tokens().completionTokens()).isPositive();
            assertThat(step.duration()).isPositive();
        });
        assertThat(outcome.tokens().total()).isEqualTo(simulator.stats().promptTokens() + simulator.stats().evalTokens());
        RecordedRequest request = simulator.recentRequests().get(0);
        assertThat(request.stream()).isFalse();
        assertThat(request.messages().get(0).content()).startsWith("You are Helpful assistant.");
        assertThat(request.lastUserMessage()).contains("Why is the sky blue?");
        assertThat(registry.get(ChainMetrics.CHAINS).tag("outcome", "completed").counter().count()).isEqualTo(1);
        assertThat(registry.get(ChainMetrics.STEP_DURATION).timer().count()).isEqualTo(1);
    }

    @Test
    void shouldPassContextFromStepToStep() throws InterruptedException {
        simulator.reconfigure(config -> config.withEcho(true));
        List<String> progress = new ArrayList<>();

        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, Sleeper.SYSTEM).run(
                TestRuns.task("research", "What is a Kafka consumer group?", "qwen2.5"),
                (step, total, next) -> progress.add((step.index() + 1) + "/" + total + " next " + next));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.steps()).extracting(StepResult::name).containsExactly("research", "draft", "review");
        assertThat(outcome.steps()).extracting(StepResult::model).allMatch(model -> model.startsWith("qwen2.5"));
        List<RecordedRequest> requests = simulator.recentRequests();
        String research = outcome.steps().get(0).output();
        String draft = outcome.steps().get(1).output();
        assertThat(requests.get(1).lastUserMessage()).contains("### research\n" + research.strip());
        assertThat(requests.get(2).lastUserMessage()).contains(research.strip()).contains(draft.strip());
        assertThat(requests.get(2).messages().get(0).content()).startsWith("You are Fact-checking editor.");
        assertThat(outcome.answer()).isEqualTo(outcome.steps().get(2).output());
        assertThat(progress).containsExactly("1/3 next draft", "2/3 next review", "3/3 next null");
    }

    @Test
    void shouldFailFastWhenTheModelIsMissing() throws InterruptedException {
        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, pauses::add)
                .run(TestRuns.task("research", "Anything?", "llama9"), StepListener.NONE);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error().type()).isEqualTo("OLLAMA_MODEL_NOT_FOUND");
        assertThat(outcome.error().attempts()).isEqualTo(1);
        assertThat(outcome.error().message())
                .contains("step 1 of 3 \"research\"", "model llama9", "not found", "ollama pull llama9");
        assertThat(outcome.steps()).isEmpty();
        assertThat(simulator.stats().requests("/api/chat")).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldRetryABusyStormAndSucceed() throws InterruptedException {
        simulator.reconfigure(config -> config.withBusyRate(1.0));
        AtomicInteger retries = new AtomicInteger();
        Sleeper stormEndsAfterTwoRetries = pause -> {
            pauses.add(pause);
            if (retries.incrementAndGet() == 2) {
                simulator.reconfigure(config -> config.withBusyRate(0));
            }
        };

        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, stormEndsAfterTwoRetries)
                .run(TestRuns.task("answer", "Still there?", null), StepListener.NONE);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(simulator.stats().busyRejections()).isEqualTo(2);
        assertThat(simulator.stats().requests("/api/chat")).isEqualTo(3);
        assertThat(registry.get(OllamaMetrics.RETRIES).tag("cause", "OLLAMA_BUSY").counter().count()).isEqualTo(2);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsOfABusyHost() throws InterruptedException {
        simulator.reconfigure(config -> config.withBusyRate(1.0));

        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, pauses::add)
                .run(TestRuns.task("answer", "Anyone?", null), StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo("OLLAMA_BUSY");
        assertThat(outcome.error().attempts()).isEqualTo(3);
        assertThat(outcome.error().message()).contains("failed after 3 attempt(s)", "What to do:");
        assertThat(simulator.stats().busyRejections()).isEqualTo(3);
    }

    @Test
    void shouldTimeOutAHangingCall() throws InterruptedException {
        simulator.reconfigure(config -> config.withHangRate(1.0));
        long start = System.nanoTime();

        ChainOutcome outcome = executor(Duration.ofSeconds(1), 2, pauses::add)
                .run(TestRuns.task("answer", "Hello?", null), StepListener.NONE);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        simulator.reconfigure(config -> config.withHangRate(0));
        assertThat(outcome.error().type()).isEqualTo("OLLAMA_TIMEOUT");
        assertThat(outcome.error().attempts()).isEqualTo(2);
        assertThat(outcome.error().message()).contains("Ollama timed out", "out of attempts");
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(simulator.stats().hangsInjected()).isEqualTo(2);
    }

    @Test
    void shouldCutAHangingStepAtTheStepDeadlineAndFreeItsSlot() throws InterruptedException {
        simulator.reconfigure(config -> config.withHangRate(1.0));
        RetryPolicy stepDeadlineOfTwoSeconds = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(1), 2, 0.5, Duration.ofSeconds(2));
        ChainExecutor executor = executor(stepDeadlineOfTwoSeconds, pauses::add, Checkpoints.NONE,
                Duration.ofMinutes(1), 1);
        long start = System.nanoTime();

        ChainOutcome outcome = executor.run(TestRuns.task("answer", "Hanging?", null), StepListener.NONE);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        simulator.reconfigure(config -> config.withHangRate(0));
        assertThat(outcome.error().type()).isEqualTo(ErrorCode.STEP_DEADLINE_EXCEEDED.name());
        assertThat(outcome.error().attempts()).isEqualTo(1);
        assertThat(outcome.error().message()).contains("step deadline of PT2S reached", "askflow.ollama.deadline");
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(hosts.inFlight(simulator.baseUrl())).isZero();
        assertThat(executor.run(TestRuns.task("answer", "And now?", null), StepListener.NONE).succeeded())
                .as("the only slot is free again").isTrue();
    }

    @Test
    void shouldFailTheRunWhenTheChainDeadlinePassesBeforeTheNextStep() throws InterruptedException {
        RetryPolicy policy = new RetryPolicy(1, Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 1, 0,
                Duration.ofSeconds(30));
        ChainExecutor executor = executor(policy, pauses::add, Checkpoints.NONE, Duration.ofSeconds(2), 4);
        long start = System.nanoTime();
        StepListener outlivingTheChainDeadline = (step, total, next) -> await().atMost(Duration.ofSeconds(10))
                .until(() -> System.nanoTime() - start > Duration.ofMillis(2_500).toNanos());

        ChainOutcome outcome = executor.run(TestRuns.task("research", "Out of time?", null),
                outlivingTheChainDeadline);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.CHAIN_DEADLINE_EXCEEDED.name());
        assertThat(outcome.error().message())
                .contains("step 2 of 3 \"draft\"", "not started: the chain deadline of PT2S passed");
        assertThat(outcome.steps()).hasSize(1);
        assertThat(simulator.stats().requests("/api/chat")).isEqualTo(1);
    }

    @Test
    void shouldFailTheRunWithTheChainDeadlineWhenItCutsARunningStep() throws InterruptedException {
        simulator.reconfigure(config -> config.withHangRate(1.0));
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, 1, 0,
                Duration.ofSeconds(30));

        ChainOutcome outcome = executor(policy, pauses::add, Checkpoints.NONE, Duration.ofSeconds(2), 4)
                .run(TestRuns.task("answer", "Cut off?", null), StepListener.NONE);

        simulator.reconfigure(config -> config.withHangRate(0));
        assertThat(outcome.error().type()).isEqualTo(ErrorCode.CHAIN_DEADLINE_EXCEEDED.name());
        assertThat(outcome.error().attempts()).isEqualTo(1);
        assertThat(outcome.error().message()).contains("chain deadline of PT2S reached",
                "askflow.workers.chain-deadline");
        assertThat(simulator.stats().requests("/api/chat")).isEqualTo(1);
    }

    @Test
    void shouldResumeAfterTheStepsRecordedByAnEarlierDelivery() throws InterruptedException {
        simulator.reconfigure(config -> config.withEcho(true));
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                2, 0.5, Duration.ofSeconds(30));
        RunRequest run = TestRuns.task("research", "Why do tides happen?", null);
        ChainOutcome first = executor(policy, pauses::add, checkpoints, Duration.ofMinutes(1), 4)
                .run(run, StepListener.NONE);
        checkpoints.forgetFrom(run.runId(), 2);
        simulator.reset();
        List<String> progress = new ArrayList<>();

        ChainOutcome resumed = executor(policy, pauses::add, checkpoints, Duration.ofMinutes(1), 4)
                .run(run, (step, total, next) -> progress.add((step.index() + 1) + "/" + total));

        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.steps()).extracting(StepResult::name).containsExactly("research", "draft", "review");
        assertThat(resumed.steps().subList(0, 2)).isEqualTo(first.steps().subList(0, 2));
        assertThat(simulator.stats().requests("/api/chat")).as("only the third step is called").isEqualTo(1);
        RecordedRequest review = simulator.recentRequests().get(0);
        assertThat(review.messages().get(0).content()).startsWith("You are Fact-checking editor.");
        assertThat(review.lastUserMessage()).contains(first.steps().get(0).output().strip(),
                first.steps().get(1).output().strip());
        assertThat(registry.get(ChainMetrics.STEPS_REUSED).counter().count()).isEqualTo(2);
        assertThat(progress).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void shouldRefuseAnotherVersionOfTheChain() throws InterruptedException {
        RunRequest run = TestRuns.task("answer", "Which version?", null);
        RunRequest stale = new RunRequest(run.runId(), run.fingerprint(), new JobRequest(
                "Which version?", null, "answer", "000000000000", null), run.firstJobId(), 1, run.createdAt());

        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, pauses::add).run(stale, StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.CHAIN_VERSION_MISMATCH.name());
        assertThat(simulator.stats().requests("/api/chat")).isZero();
    }

    @Test
    void shouldRefuseAnUnknownChain() throws InterruptedException {
        ChainOutcome outcome = executor(Duration.ofSeconds(10), 3, pauses::add)
                .run(TestRuns.task("poetry", "Which chain?", null), StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.CHAIN_NOT_FOUND.name());
        assertThat(outcome.error().message()).contains("unknown chain \"poetry\"", "answer, research");
    }

    @Test
    void shouldHandEachStepToTheRunnerOfItsTypeWithTheOutputsOfTheEarlierSteps() throws InterruptedException {
        RecordingRunner runner = new RecordingRunner();

        ChainOutcome outcome = executor(runner).run(TestRuns.task("research", "Why?", "qwen2.5"), StepListener.NONE);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.answer()).isEqualTo("output of review");
        assertThat(runner.contexts).extracting(StepContext::index).containsExactly(0, 1, 2);
        assertThat(runner.contexts).extracting(context -> context.step().name())
                .containsExactly("research", "draft", "review");
        assertThat(runner.contexts).extracting(StepContext::model).containsOnly("qwen2.5");
        assertThat(runner.contexts.get(0).outputs()).isEmpty();
        assertThat(runner.contexts.get(2).outputs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("research", "output of research", "draft", "output of draft"));
        assertThat(runner.contexts.get(2).deadline().description()).isEqualTo("chain deadline of PT1M");
        assertThat(runner.contexts.get(2).run().request().question()).isEqualTo("Why?");
    }

    @Test
    void shouldTurnAStepFailureIntoTheRunsErrorWithWhereAndWhatToDo() throws InterruptedException {
        StepRunner failing = new RecordingRunner() {
            @Override
            public StepResult run(StepContext context) throws StepFailedException {
                throw new StepFailedException(ErrorCode.OLLAMA_BUSY, 3, "http://gpu-1:11434", "out of attempts",
                        "server busy", null);
            }
        };

        ChainOutcome outcome = executor(failing).run(TestRuns.task("answer", "Busy?", null), StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.OLLAMA_BUSY.name());
        assertThat(outcome.error().attempts()).isEqualTo(3);
        assertThat(outcome.error().message()).isEqualTo("chain answer step 1 of 1 \"answer\" (agent assistant, model"
                + " llama3.2) failed after 3 attempt(s) (out of attempts): Ollama busy."
                + " What to do: " + ErrorCode.OLLAMA_BUSY.advice().replace("<model>", "llama3.2"));
        assertThat(registry.get(ChainMetrics.CHAINS).tag("error", "OLLAMA_BUSY").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldEndTheRunWithAWorkerErrorWhenARunnerHasABug() throws InterruptedException {
        StepRunner buggy = new RecordingRunner() {
            @Override
            public StepResult run(StepContext context) {
                throw new IllegalStateException("runner bug");
            }
        };

        ChainOutcome outcome = executor(buggy).run(TestRuns.task("answer", "Bug?", null), StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.WORKER_ERROR.name());
        assertThat(outcome.error().message()).contains("chain answer step 1 of 1 \"answer\"", "failed in the worker")
                .as("an exception's text stays in the log").doesNotContain("runner bug", "IllegalStateException");
    }

    @Test
    void shouldRefuseToStartWithoutARunnerForAStepTypeItsChainsUse() {
        assertThatThrownBy(() -> new ChainExecutor(ChainCatalog.fromClasspath(), List.of(), Checkpoints.NONE,
                new ChainMetrics(registry), new ChainSettings("llama3.2", Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chain answer step 1 of 1 \"answer\" (agent assistant) is a chat step, but this worker"
                        + " has no runner for that type (it runs: no steps); a chain file may only use the step"
                        + " types its workers run");
    }

    @Test
    void shouldRefuseTwoRunnersForOneStepType() {
        assertThatThrownBy(() -> executor(new RecordingRunner(), new RecordingRunner()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("two runners for step type chat: ");
    }

    @Test
    void shouldNeverNameTheHostNorQuoteTheConnectionInTheJobsError() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port;
        OllamaHosts down = new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient(nowhere), 1)), CoolDown.NONE);
        OllamaActivity activity = new OllamaActivity(down, new RetryPolicy(2, Duration.ofSeconds(2),
                Duration.ofMillis(10), Duration.ofMillis(10), 1, 0, Duration.ofSeconds(10)),
                new OllamaMetrics(registry), pauses::add);
        ChainExecutor executor = new ChainExecutor(ChainCatalog.fromClasspath(),
                List.of(new ChatStepRunner(activity, 256)), Checkpoints.NONE, new ChainMetrics(registry),
                new ChainSettings("llama3.2", Duration.ofMinutes(1)));

        ChainOutcome outcome = executor.run(TestRuns.task("answer", "Anyone home?", null), StepListener.NONE);

        assertThat(outcome.error().type()).isEqualTo(ErrorCode.OLLAMA_UNAVAILABLE.name());
        assertThat(outcome.error().message()).contains("Ollama unavailable", "What to do:")
                .doesNotContain(nowhere, "127.0.0.1", String.valueOf(port), "Exception", "onnect");
    }

    private ChainExecutor executor(Duration requestTimeout, int maxAttempts, Sleeper sleeper) {
        RetryPolicy policy = new RetryPolicy(maxAttempts, requestTimeout, Duration.ofMillis(100), Duration.ofSeconds(1),
                2, 0.5, Duration.ofSeconds(30));
        return executor(policy, sleeper, Checkpoints.NONE, Duration.ofMinutes(1), 4);
    }

    private ChainExecutor executor(RetryPolicy policy, Sleeper sleeper, Checkpoints checkpoints,
                                   Duration chainDeadline, int slots) {
        hosts = new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient(simulator.baseUrl()), slots)),
                CoolDown.NONE);
        OllamaActivity activity = new OllamaActivity(hosts, policy, new OllamaMetrics(registry), sleeper);
        return new ChainExecutor(ChainCatalog.fromClasspath(), List.of(new ChatStepRunner(activity, 256)), checkpoints,
                new ChainMetrics(registry), new ChainSettings("llama3.2", chainDeadline));
    }

    private ChainExecutor executor(StepRunner... runners) {
        return new ChainExecutor(ChainCatalog.fromClasspath(), List.of(runners), Checkpoints.NONE,
                new ChainMetrics(registry), new ChainSettings("llama3.2", Duration.ofMinutes(1)));
    }

    /** A chat runner without Ollama: answers "output of <step>" and remembers what it was given. */
    private static class RecordingRunner implements StepRunner {

        private final List<StepContext> contexts = new CopyOnWriteArrayList<>();

        @Override
        public StepType type() {
            return StepType.CHAT;
        }

        @Override
        public StepResult run(StepContext context) throws StepFailedException {
            contexts.add(context);
            return new StepResult(context.index(), context.step().name(), context.agent().role(), context.model(),
                    "http://nowhere", "output of " + context.step().name(), new TokenUsage(3, 5),
                    Duration.ofMillis(7));
        }
    }
}
