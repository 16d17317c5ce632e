package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class InfrastructureExtensionTest {

    @Test
    void shouldInjectTheSharedInfrastructure(Infrastructure infra) {
        assertThat(infra).isSameAs(Infrastructures.shared());
    }
}
