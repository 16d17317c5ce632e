package io.askflow.core.resilience;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final Sleeper recording = pauses::add;
    private final Backoff doubling = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2, 0);
    private final AtomicInteger tries = new AtomicInteger();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void shouldSucceedAfterFailedTriesPausingAsTheBackoffSays() throws InterruptedException {
        Retry retry = new Retry(5, doubling, recording);

        String result = retry.get("test call", () -> {
            if (tries.incrementAndGet() < 4) {
                throw new IllegalStateException("try " + tries.get() + " failed");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(tries).hasValue(4);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void shouldGiveUpWithTheLastFailureWhenTheTriesAreUsedUp() {
        Retry retry = new Retry(3, doubling, recording);

        assertThatThrownBy(() -> retry.run("test call", () -> {
            throw new IllegalStateException("try " + tries.incrementAndGet() + " failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("try 3 failed");

        assertThat(pauses).as("no pause after the last try").hasSize(2);
    }

    @Test
    void shouldTryOnceWithoutPauseWhenOneAttempt() {
        Retry once = new Retry(1, doubling, recording);

        assertThatThrownBy(() -> once.run("test call", () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("failed");
        })).hasMessage("failed");

        assertThat(tries).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldStopWhenInterruptedWhileItPauses() {
        Retry retry = new Retry(5, doubling, pause -> {
            throw new InterruptedException("stopping");
        });

        assertThatThrownBy(() -> retry.run("test call", () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("failed");
        })).isInstanceOf(InterruptedException.class);

        assertThat(tries).hasValue(1);
    }

    @Test
    void shouldStopWithoutPausingWhenTheThreadIsInterruptedAtAFailedTry() {
        Retry retry = new Retry(5, doubling, recording);

        assertThatThrownBy(() -> retry.run("test call", () -> {
            tries.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("failed");
        })).isInstanceOf(InterruptedException.class).hasMessageContaining("test call")
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(tries).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldLetErrorsThroughAtOnce() {
        Retry retry = new Retry(5, doubling, recording);

        assertThatThrownBy(() -> retry.run("test call", () -> {
            tries.incrementAndGet();
            throw new AssertionError("a bug");
        })).isInstanceOf(AssertionError.class);

        assertThat(tries).hasValue(1);
    }

    @Test
    void shouldMakeTheStandardRetriesFiveTriesFromOneToEightSeconds() {
        Retry standard = Retry.standard();

        assertThat(standard.attempts()).isEqualTo(5);
        assertThat(standard.backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(standard.backoff().max()).isEqualTo(Duration.ofSeconds(8));
        assertThat(standard.backoff().multiplier()).isEqualTo(2);
        assertThat(standard.backoff().jitter()).isEqualTo(0.2);
    }

    @Test
    void shouldRefuseNonsense() {
        assertThatThrownBy(() -> new Retry(0, doubling, recording)).hasMessageContaining("attempts");
        assertThatThrownBy(() -> new Retry(1, null, recording)).hasMessageContaining("backoff");
        assertThatThrownBy(() -> new Retry(1, doubling, null)).hasMessageContaining("sleeper");
    }
}
