package io.askflow.api.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code wait} of a long-poll: the forms it takes, the maximum, and what is refused. */
class WaitDurationTest {

    @Test
    void shouldReadWaitsInEveryFormAndCutThemToTheMaximum() {
        Duration max = Duration.ofSeconds(60);

        assertThat(WaitDuration.parse("30s", max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WaitDuration.parse("30", max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WaitDuration.parse("500ms", max)).isEqualTo(Duration.ofMillis(500));
        assertThat(WaitDuration.parse("1m", max)).isEqualTo(Duration.ofMinutes(1));
        assertThat(WaitDuration.parse("PT2.5S", max)).isEqualTo(Duration.ofMillis(2500));
        assertThat(WaitDuration.parse("pt30s", max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WaitDuration.parse("0", max)).isZero();
        assertThat(WaitDuration.parse("10m", max)).as("cut to the maximum").isEqualTo(max);
        assertThat(WaitDuration.parse("PT1H", max)).isEqualTo(max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5s", "PT-1S", "30 s", "1h", "1.5s", "P", "9999999999s"})
    void shouldRefuseAWaitThatIsNoDuration(String wait) {
        assertThatThrownBy(() -> WaitDuration.parse(wait, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30s, 500ms");
    }
}
