package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.resilience.Sleeper;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OllamaHostsTest {

    private static final String A = "http://a:11434";
    private static final String B = "http://b:11434";

    private static OllamaHost host(String url, int slots) {
        return new OllamaHost(new OllamaHttpClient(url), slots);
    }

    @Test
    void shouldPickTheLeastBusyHost() throws InterruptedException {
        OllamaHosts hosts = new OllamaHosts(List.of(host(A, 2), host(B, 4)), CoolDown.NONE);

        OllamaHosts.Lease first = hosts.acquire(Duration.ZERO);
        OllamaHosts.Lease second = hosts.acquire(Duration.ZERO);
        OllamaHosts.Lease third = hosts.acquire(Duration.ZERO);

        assertThat(List.of(first, second, third)).extracting(lease -> lease.host().url()).containsExactly(A, B, B);
        assertThat(hosts.inFlight(A)).isEqualTo(1);
        assertThat(hosts.inFlight(B)).isEqualTo(2);
        assertThat(hosts.totalSlots()).isEqualTo(6);
    }

    @Test
    void shouldWaitWhenEverySlotIsTaken() throws InterruptedException {
        OllamaHosts hosts = new OllamaHosts(List.of(host(A, 1)), CoolDown.NONE);
        OllamaHosts.Lease held = hosts.acquire(Duration.ZERO);

        assertThat(hosts.acquire(Duration.ofMillis(50))).isNull();
        held.close();
        held.close();
        assertThat(hosts.acquire(Duration.ZERO)).isNotNull();
        assertThat(hosts.inFlight(A)).isEqualTo(1);
    }

    @Test
    void shouldCoolDownAFailingHostWhileTheOthersTakeTheLoad() throws InterruptedException {
        OllamaHosts hosts = new OllamaHosts(List.of(host(A, 1), host(B, 1)),
                new CoolDown(Duration.ofMinutes(1), Duration.ofMinutes(1)));
        try (OllamaHosts.Lease failing = hosts.acquire(Duration.ZERO)) {
            assertThat(failing.host().url()).isEqualTo(A);
            failing.failed(OllamaFailure.BUSY);
        }

        assertThat(hosts.coolingDown(A)).isTrue();
        assertThat(hosts.acquire(Duration.ZERO).host().url()).isEqualTo(B);
        assertThat(hosts.acquire(Duration.ofMillis(50))).as("A cools down, B is full").isNull();
    }

    @Test
    void shouldTakeACooledHostAgainAndCoolItLongerWhenItFailsAgain() throws InterruptedException {
        OllamaHosts hosts = new OllamaHosts(List.of(host(A, 1)),
                new CoolDown(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        fail(hosts, OllamaFailure.UNAVAILABLE);
        assertThat(hosts.acquire(Duration.ZERO)).as("cooling down for 1 s").isNull();

        OllamaHosts.Lease again = hosts.acquire(Duration.ofSeconds(5));

        assertThat(again).as("taken once the cool-down is over").isNotNull();
        again.failed(OllamaFailure.TIMEOUT);
        again.close();
        long secondCoolDownFrom = System.nanoTime();
        assertThat(hosts.acquire(Duration.ZERO)).as("cooling down again").isNull();
        assertThat(hosts.acquire(Duration.ofSeconds(5))).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - secondCoolDownFrom)).as("the second cool-down lasts 2 s")
                .isGreaterThan(Duration.ofMillis(1_500));
    }

    @Test
    void shouldDoubleTheCoolDownOfAHostFailingAgainUpToItsMax() {
        CoolDown coolDown = new CoolDown(Duration.ofSeconds(5), Duration.ofSeconds(30));

        assertThat(coolDown.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(coolDown.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(coolDown.after(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(coolDown.after(400)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldNotCoolDownAHostForAFaultOfTheRequest() throws InterruptedException {
        OllamaHosts hosts = new OllamaHosts(List.of(host(A, 1)),
                new CoolDown(Duration.ofMinutes(1), Duration.ofMinutes(1)));

        fail(hosts, OllamaFailure.MODEL_NOT_FOUND);
        fail(hosts, OllamaFailure.REJECTED);

        assertThat(hosts.coolingDown(A)).isFalse();
        assertThat(hosts.acquire(Duration.ZERO)).isNotNull();
    }

    @Test
    void shouldNeverExceedTheSlotsOfAHost() throws Exception {
        try (OllamaSimulator simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(2).withQueue(0)
                .withLatencyMillis(100))) {
            OllamaHosts hosts = new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient(simulator.baseUrl()), 2)),
                    CoolDown.NONE);
            RetryPolicy once = new RetryPolicy(1, Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 1, 0,
                    Duration.ofSeconds(30));
            OllamaActivity activity = new OllamaActivity(hosts, once, new OllamaMetrics(new SimpleMeterRegistry()),
                    Sleeper.SYSTEM);
            ChatCall call = new ChatCall("llama3.2", List.of(ChatMessage.user("hi")), Map.of("num_predict", 4));
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<ChatReply>> replies = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int n = i;
                    replies.add(callers.submit(() -> activity.call(call, "run-" + n, "step",
                            Deadline.after(Duration.ofMinutes(1), "test deadline", ErrorCode.STEP_DEADLINE_EXCEEDED))));
                }
                for (Future<ChatReply> reply : replies) {
                    assertThat(reply.get().content()).startsWith("[simulated answer]");
                }
            } finally {
                callers.shutdownNow();
            }
            // the simulator counts a call once its answer is out, a moment after the client has it
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().completed() == 6);
            assertThat(simulator.stats().maxInFlight()).isEqualTo(2);
            assertThat(simulator.stats().busyRejections()).as("no call beyond the simulator's 2 slots").isZero();
        }
    }

    private static void fail(OllamaHosts hosts, OllamaFailure failure) throws InterruptedException {
        try (OllamaHosts.Lease lease = hosts.acquire(Duration.ZERO)) {
            lease.failed(failure);
        }
    }
}
