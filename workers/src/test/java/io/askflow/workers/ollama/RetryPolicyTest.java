package io.askflow.workers.ollama;

import io.askflow.core.resilience.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
            0.5, Duration.ofMinutes(1));

    @Test
    void shouldGrowExponentiallyUpToTheCap() {
        RetryPolicy noJitter = new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5),
                2, 0, Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(1);

        assertThat(noJitter.backoff(1, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.backoff(2, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.backoff(3, random)).isEqualTo(Duration.ofSeconds(4));
        assertThat(noJitter.backoff(4, random)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldJitterWithinTheConfiguredShare() {
        SplittableRandom random = new SplittableRandom(7);

        for (int i = 0; i < 1000; i++) {
            assertThat(policy.backoff(2, random)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldHoldItsBackoff() {
        assertThat(policy.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 0.5));
    }

    @Test
    void shouldRefuseNonsense() {
        Duration minute = Duration.ofMinutes(1);
        assertThatThrownBy(() -> new RetryPolicy(0, minute, Duration.ZERO, Duration.ZERO, 2, 0.5, minute))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, minute, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5,
                minute)).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new RetryPolicy(3, minute, Duration.ZERO, Duration.ZERO, 2, 1.5, minute))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ZERO, 2, 0.5, minute))
                .hasMessageContaining("attemptTimeout");
    }
}
