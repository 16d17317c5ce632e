package io.askflow.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseBlockTest {

    @Test
    void shouldAdministerFromTheDefaultDatabaseUnlessItIsTheBlockedOne() {
        assertThat(DatabaseBlock.adminDatabase("test", "askflow_it")).isEqualTo("test");
        assertThat(DatabaseBlock.adminDatabase("test", "test")).isEqualTo("postgres");
        assertThat(DatabaseBlock.adminDatabase("postgres", "postgres")).isEqualTo("template1");
    }
}
