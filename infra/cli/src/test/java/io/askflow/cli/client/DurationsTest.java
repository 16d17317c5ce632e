package io.askflow.cli.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTest {

    @Test
    void shouldReadDurationsAsPeopleTypeThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("soon")).withMessageContaining("'soon' is not a duration");
    }

    @Test
    void shouldWriteDurationsShort() {
        assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Durations.format(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Durations.format(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }
}
