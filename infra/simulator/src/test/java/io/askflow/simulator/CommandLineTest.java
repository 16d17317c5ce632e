package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void shouldDefaultToOllamasPortOnLoopback() {
        CommandLine line = CommandLine.parse();

        assertThat(line.port()).isEqualTo(11434);
        assertThat(line.bind()).isEqualTo("127.0.0.1");
        assertThat(line.config()).isEqualTo(SimulatorConfig.defaults());
    }

    @Test
    void shouldSetEveryKnobFromItsFlag() {
        CommandLine line = CommandLine.parse("--port", "0", "--slots", "2", "--queue", "8", "--ttft-ms", "50",
                "--tokens-per-second", "40", "--latency-ms", "5", "--error-rate", "0.1", "--busy-rate", "0.2",
                "--hang-rate", "0.01", "--hang-ms", "3000", "--stream-error-rate", "0.05", "--answer-tokens", "9",
                "--models", "a, b:7b", "--echo", "--seed", "7", "--bind", "0.0.0.0");

        assertThat(line.port()).isZero();
        assertThat(line.bind()).isEqualTo("0.0.0.0");
        assertThat(line.config()).isEqualTo(SimulatorConfig.defaults().withSlots(2).withQueue(8)
                .withTimeToFirstTokenMillis(50).withTokensPerSecond(40).withLatencyMillis(5).withErrorRate(0.1)
                .withBusyRate(0.2).withHangRate(0.01).withHangMillis(3000).withStreamErrorRate(0.05)
                .withAnswerTokens(9).withModels("a", "b:7b").withEcho(true).withSeed(7));
    }

    @Test
    void shouldRefuseUnknownFlagsAndBadValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> CommandLine.parse("--fast")).withMessageContaining("--fast");
        assertThatIllegalArgumentException().isThrownBy(() -> CommandLine.parse("--slots")).withMessageContaining("needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> CommandLine.parse("--slots", "0")).withMessageContaining("slots");
    }
}
