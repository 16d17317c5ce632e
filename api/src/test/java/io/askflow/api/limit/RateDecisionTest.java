package io.askflow.api.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RateLimit headers' syntax and the limits' arithmetic (unit, no infrastructure). */
class RateDecisionTest {

    @Test
    void shouldWriteTheDraftsStructuredFields() {
        RateDecision decision = new RateDecision(true, true, 100, 2, 57, 1, 0);

        assertThat(decision.policyHeader()).isEqualTo("\"tenant\";q=100;w=2");
        assertThat(decision.limitHeader()).isEqualTo("\"tenant\";r=57;t=1");
        assertThat(RateDecision.unchecked().checked()).isFalse();
        assertThat(RateDecision.unchecked().allowed()).isTrue();
    }

    @Test
    void shouldGiveATenantWithItsOwnRateTheSameSecondsOfBurst() {
        LimitsProperties limits = properties(50, 100, Duration.ofSeconds(1));

        assertThat(limits.burstFor(50)).isEqualTo(100);
        assertThat(limits.burstFor(5)).isEqualTo(10);
        assertThat(limits.burstFor(1)).isEqualTo(2);
        assertThat(properties(50, 10, Duration.ofSeconds(1)).burstFor(1)).as("at least one request").isEqualTo(1);
    }

    @Test
    void shouldRefuseAQueueCountTrustedLongerThanASecond() {
        assertThatThrownBy(() -> properties(50, 100, Duration.ofMillis(1001)))
                .hasMessageContaining("askflow.limits.queue-count-cache must be from 0 to 1s");
    }

    private static LimitsProperties properties(int rate, int burst, Duration queueCountCache) {
        return new LimitsProperties(true, rate, burst, 1000, Duration.ofSeconds(10), queueCountCache, Duration.ofSeconds(1));
    }
}
