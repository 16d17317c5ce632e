package io.askflow.workers.step;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.chain.StepType;
import io.askflow.core.error.ErrorCode;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.workers.ollama.ChatCall;
import io.askflow.workers.ollama.ChatMessage;
import io.askflow.workers.ollama.ChatReply;
import io.askflow.workers.ollama.CoolDown;
import io.askflow.workers.ollama.Deadline;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaCallException;
import io.askflow.workers.ollama.OllamaClient;
import io.askflow.workers.ollama.OllamaFailure;
import io.askflow.workers.ollama.OllamaHost;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.ollama.OllamaMetrics;
import io.askflow.workers.ollama.RetryPolicy;
import io.askflow.workers.support.TestRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chat step on its own, against a scripted Ollama client: no HTTP, no chain executor. */
class ChatStepRunnerTest {

    private static final String HOST = "http://gpu-1:11434";

    private final ChainDefinition research = ChainCatalog.fromClasspath().require("research");
    private final RunRequest run = TestRuns.task("research", "Why do tides happen?", null,
            Map.of("temperature", 0.9, "num_predict", 4096));
    private final Deadline chainDeadline = Deadline.after(Duration.ofMinutes(1), "chain deadline of PT1M",
            ErrorCode.CHAIN_DEADLINE_EXCEEDED);
    private final List<ChatCall> calls = new CopyOnWriteArrayList<>();

    @Test
    void shouldRunChatSteps() {
        assertThat(new ChatStepRunner(activity(answering()), 256).type()).isEqualTo(StepType.CHAT);
    }

    @Test
    void shouldCallTheStepsModelWithTheAgentsPersonaAndTheCappedOptions() throws Exception {
        ChatStepRunner runner = new ChatStepRunner(activity(answering()), 256);

        StepResult step = runner.run(draftStep());

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.model()).isEqualTo("qwen2.5");
            assertThat(call.messages().get(0).content()).startsWith("You are Technical writer.");
            assertThat(call.messages()).last().extracting(ChatMessage::content).asString()
                    .contains("Why do tides happen?", "### research\nThe Moon pulls the oceans.");
            assertThat(call.options()).containsEntry("temperature", 0.9).containsEntry("num_predict", 256);
        });
        assertThat(step.index()).isEqualTo(1);
        assertThat(step.name()).isEqualTo("draft");
        assertThat(step.agent()).isEqualTo("Technical writer");
        assertThat(step.model()).isEqualTo("qwen2.5:latest");
        assertThat(step.host()).isEqualTo(HOST);
        assertThat(step.output()).isEqualTo("Tides come from the Moon.");
        assertThat(step.tokens().promptTokens()).isEqualTo(40);
        assertThat(step.tokens().completionTokens()).isEqualTo(12);
        assertThat(step.duration()).isPositive();
    }

    @Test
    void shouldReportAFailedCallAsAStepFailureWithItsCodeAttemptsAndHost() {
        ChatStepRunner runner = new ChatStepRunner(activity(failingWith(OllamaFailure.MODEL_NOT_FOUND,
                "model \"qwen2.5\" not found, try pulling it first")), 256);

        assertThatThrownBy(() -> runner.run(draftStep()))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OLLAMA_MODEL_NOT_FOUND);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.host()).isEqualTo(HOST);
                    assertThat(e.why()).isEqualTo("never retried");
                    assertThat(e.detail()).contains("not found");
                });
    }

    @Test
    void shouldRefuseANumPredictCapBelowOne() {
        assertThatThrownBy(() -> new ChatStepRunner(activity(answering()), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_predict cap");
    }

    private StepContext draftStep() {
        return new StepContext(run, research, 1, research.steps().get(1), "qwen2.5",
                Map.of("research", "The Moon pulls the oceans."), chainDeadline);
    }

    private OllamaActivity activity(OllamaClient client) {
        OllamaHosts hosts = new OllamaHosts(List.of(new OllamaHost(client, 1)), CoolDown.NONE);
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(1), 1,
                0, Duration.ofSeconds(30));
        return new OllamaActivity(hosts, policy, new OllamaMetrics(new SimpleMeterRegistry()), pause -> { });
    }

    private OllamaClient answering() {
        return new ScriptedClient() {
            @Override
            public ChatReply chat(ChatCall call, Duration timeout) {
                calls.add(call);
                return new ChatReply("Tides come from the Moon.", 40, 12, Duration.ofMillis(300),
                        Duration.ofMillis(350), HOST, call.model() + ":latest");
            }
        };
    }

    private OllamaClient failingWith(OllamaFailure failure, String detail) {
        return new ScriptedClient() {
            @Override
            public ChatReply chat(ChatCall call, Duration timeout) throws OllamaCallException {
                calls.add(call);
                throw new OllamaCallException(failure, HOST, detail, null);
            }
        };
    }

    private abstract static class ScriptedClient implements OllamaClient {

        @Override
        public String host() {
            return HOST;
        }
    }
}
