package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The activity's attempts against a host that never answers in time. */
class OllamaActivityTest {

    private static final ChatCall CALL = new ChatCall("llama3.2", List.of(ChatMessage.user("hi")), Map.of());
    private static final CoolDown ONE_MINUTE = new CoolDown(Duration.ofMinutes(1), Duration.ofMinutes(1));

    private final NeverInTime client = new NeverInTime();
    private final OllamaHosts hosts = new OllamaHosts(List.of(new OllamaHost(client, 1)), ONE_MINUTE);

    @Test
    void shouldEndWithTheDeadlinesTypeAndSpareTheHostWhenTheDeadlineCutsAnAttempt() {
        OllamaActivity activity = activity(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, 1,
                0, Duration.ofMinutes(1)));
        Deadline chainDeadline = Deadline.after(Duration.ofSeconds(2), "chain deadline of PT2S", ErrorCode.CHAIN_DEADLINE_EXCEEDED);

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer", chainDeadline))
                .isInstanceOfSatisfying(OllamaActivityException.class, e -> {
                    assertThat(e.code().name()).isEqualTo("CHAIN_DEADLINE_EXCEEDED");
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.why()).isEqualTo("chain deadline of PT2S reached");
                    assertThat(e.detail()).isEqualTo("no answer before the chain deadline of PT2S");
                    assertThat(e.code().advice()).contains("askflow.workers.chain-deadline");
                });
        assertThat(client.timeouts).singleElement()
                .satisfies(timeout -> assertThat(timeout).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(hosts.coolingDown(client.host())).as("the host was not slow, the time was up").isFalse();
    }

    @Test
    void shouldCoolTheHostDownWhenAnAttemptUsesItsWholeTimeout() {
        OllamaActivity activity = activity(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 1,
                0, Duration.ofMinutes(1)));

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer",
                Deadline.after(Duration.ofMinutes(2), "chain deadline of PT2M", ErrorCode.CHAIN_DEADLINE_EXCEEDED)))
                .isInstanceOfSatisfying(OllamaActivityException.class, e -> {
                    assertThat(e.code().name()).isEqualTo("OLLAMA_TIMEOUT");
                    assertThat(e.why()).isEqualTo("out of attempts");
                });
        assertThat(client.timeouts).containsExactly(Duration.ofSeconds(1));
        assertThat(hosts.coolingDown(client.host())).isTrue();
    }

    private OllamaActivity activity(RetryPolicy policy) {
        return new OllamaActivity(hosts, policy, new OllamaMetrics(new SimpleMeterRegistry()), pause -> { });
    }

    /** A host whose every call times out; the timeouts it was given are kept. */
    private static final class NeverInTime implements OllamaClient {

        private final List<Duration> timeouts = new CopyOnWriteArrayList<>();

        @Override
        public String host() {
            return "http://slow:11434";
        }

        @Override
        public ChatReply chat(ChatCall call, Duration timeout) throws OllamaCallException {
            timeouts.add(timeout);
            throw new OllamaCallException(OllamaFailure.TIMEOUT, host(), "no answer within the request timeout", null);
        }
    }
}
