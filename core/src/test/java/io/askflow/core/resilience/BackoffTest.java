package io.askflow.core.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration EIGHT_SECONDS = Duration.ofSeconds(8);

    @Test
    void shouldDoubleUpToTheCapWithoutJitter() {
        Backoff backoff = new Backoff(SECOND, EIGHT_SECONDS, 2, 0);
        RandomGenerator random = new SplittableRandom(1);

        assertThat(backoff.delay(1, random)).isEqualTo(SECOND);
        assertThat(backoff.delay(2, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, random)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(4, random)).isEqualTo(EIGHT_SECONDS);
        assertThat(backoff.delay(50, random)).isEqualTo(EIGHT_SECONDS);
        assertThat(backoff.delay(Integer.MAX_VALUE, random)).isEqualTo(EIGHT_SECONDS);
    }

    @Test
    void shouldDrawAnywhereFromZeroToThePauseWithFullJitter() {
        Backoff backoff = new Backoff(SECOND, EIGHT_SECONDS, 2, 1);

        assertThat(backoff.delay(3, fixed(0))).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(3, fixed(0.5))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, fixed(Math.nextDown(1.0)))).isBetween(Duration.ZERO, Duration.ofNanos(1));
        RandomGenerator random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.delay(3, random)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        }
    }

    @Test
    void shouldLowerThePauseByAtMostTheJitterShare() {
        Backoff backoff = new Backoff(SECOND, EIGHT_SECONDS, 2, 0.2);
        RandomGenerator random = new SplittableRandom(7);

        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.delay(4, random)).isBetween(Duration.ofMillis(6400), EIGHT_SECONDS);
        }
    }

    @Test
    void shouldPauseNotAtAllWhenNone() {
        assertThat(Backoff.NONE.delay(3, new SplittableRandom(1))).isZero();
    }

    @Test
    void shouldRefuseNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), SECOND, 2, 0))
                .hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), SECOND, 2, 0))
                .hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new Backoff(SECOND, SECOND, 0.5, 0)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(SECOND, SECOND, Double.NaN, 0)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(SECOND, SECOND, 2, 1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new Backoff(SECOND, SECOND, 2, -0.1)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new Backoff(null, SECOND, 2, 0)).hasMessageContaining("initial");
        assertThatThrownBy(() -> Backoff.NONE.delay(0, new SplittableRandom(1))).hasMessageContaining("attempt");
    }

    /** A generator whose {@code nextDouble()} is always {@code value}. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
