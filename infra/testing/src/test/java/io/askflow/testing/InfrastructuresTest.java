package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfrastructuresTest {

    @Test
    void shouldFallBackToEmbeddedWhenDockerIsMissing() {
        assertThat(Infrastructures.effectiveMode(InfraMode.TESTCONTAINERS, () -> false))
                .isEqualTo(InfraMode.EMBEDDED);
    }

    @Test
    void shouldUseTestcontainersWhenDockerIsThere() {
        assertThat(Infrastructures.effectiveMode(InfraMode.TESTCONTAINERS, () -> true))
                .isEqualTo(InfraMode.TESTCONTAINERS);
    }

    @Test
    void shouldNotAskDockerForOtherModes() {
        assertThat(Infrastructures.effectiveMode(InfraMode.EXTERNAL, () -> {
            throw new AssertionError("Docker asked");
        })).isEqualTo(InfraMode.EXTERNAL);
        assertThat(Infrastructures.effectiveMode(InfraMode.EMBEDDED, () -> {
            throw new AssertionError("Docker asked");
        })).isEqualTo(InfraMode.EMBEDDED);
    }
}
