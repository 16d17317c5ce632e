package io.askflow.core.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutageGuardTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final InstantSource clock = () -> now;
    private final List<OutageGuard.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final OutageGuard guard = new OutageGuard("test store", INTERVAL, clock,
            new OutageGuard.Messages("callers get nothing", "callers get answers"));

    @Test
    void shouldReturnTheAnswerAndStayUpWhileTheDependencyAnswers() {
        assertThat(guard.call(answering("A"), "none", outcomes::add)).isEqualTo("A");

        assertThat(guard.isUp()).isTrue();
        assertThat(outcomes).containsExactly(OutageGuard.Outcome.OK);
    }

    @Test
    void shouldGoDownAtTheFirstFailureAndRestForTheRetryInterval() {
        assertThat(guard.call(failing(), "none", outcomes::add)).isEqualTo("none");
        assertThat(guard.isUp()).isFalse();

        now = now.plus(INTERVAL).minusMillis(1);
        assertThat(guard.call(answering("A"), "none", outcomes::add)).isEqualTo("none");
        assertThat(guard.run(calls::incrementAndGet, outcomes::add)).isFalse();

        assertThat(calls).as("only the first call reached the dependency").hasValue(1);
        assertThat(outcomes).containsExactly(OutageGuard.Outcome.FAILED, OutageGuard.Outcome.SKIPPED,
                OutageGuard.Outcome.SKIPPED);
    }

    @Test
    void shouldComeBackUpWhenTheProbeAfterTheIntervalSucceeds() {
        guard.call(failing(), "none");
        now = now.plus(INTERVAL);

        assertThat(guard.call(answering("A"), "none", outcomes::add)).isEqualTo("A");

        assertThat(guard.isUp()).isTrue();
        assertThat(outcomes).containsExactly(OutageGuard.Outcome.OK);
        assertThat(guard.call(answering("B"), "none")).as("no more resting").isEqualTo("B");
    }

    @Test
    void shouldRestAnotherIntervalWhenTheProbeFails() {
        guard.call(failing(), "none");
        now = now.plus(INTERVAL);

        guard.call(failing(), "none", outcomes::add);
        now = now.plus(INTERVAL).minusMillis(1);
        guard.call(answering("A"), "none", outcomes::add);

        assertThat(calls).hasValue(2);
        assertThat(outcomes).containsExactly(OutageGuard.Outcome.FAILED, OutageGuard.Outcome.SKIPPED);
        assertThat(guard.isUp()).isFalse();
    }

    @Test
    void shouldLetOnlyOneCallerProbeWhileTheOthersSkip() throws Exception {
        guard.call(failing(), "none");
        now = now.plus(INTERVAL);
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);

        CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> guard.call(() -> {
            calls.incrementAndGet();
            probing.countDown();
            await(answer);
            return "A";
        }, "none"));
        assertThat(probing.await(10, TimeUnit.SECONDS)).as("the probe reached the dependency").isTrue();
        String duringProbe = guard.call(answering("B"), "none", outcomes::add);
        answer.countDown();

        assertThat(duringProbe).as("skipped while another caller probes").isEqualTo("none");
        assertThat(outcomes).containsExactly(OutageGuard.Outcome.SKIPPED);
        assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(guard.isUp()).isTrue();
        assertThat(calls).as("the failed call and the probe").hasValue(2);
    }

    @Test
    void shouldTryEveryCallWhenTheRetryIntervalIsZero() {
        OutageGuard eager = new OutageGuard("test store", Duration.ZERO, clock,
                new OutageGuard.Messages("callers get nothing", "callers get answers"));

        eager.call(failing(), "none");

        assertThat(eager.call(answering("A"), "none")).isEqualTo("A");
    }

    @Test
    void shouldRefuseNonsense() {
        OutageGuard.Messages messages = new OutageGuard.Messages("a", "b");
        assertThatThrownBy(() -> new OutageGuard(" ", INTERVAL, clock, messages)).hasMessageContaining("dependency");
        assertThatThrownBy(() -> new OutageGuard("store", Duration.ofSeconds(-1), clock, messages))
                .hasMessageContaining("retryInterval");
        assertThatThrownBy(() -> new OutageGuard("store", INTERVAL, null, messages)).hasMessageContaining("clock");
    }

    private Supplier<String> answering(String answer) {
        return () -> {
            calls.incrementAndGet();
            return answer;
        };
    }

    private Supplier<String> failing() {
        return () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("simulated outage");
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
