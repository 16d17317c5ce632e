package io.askflow.api.job;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused submit on the real Kafka, PostgreSQL and Redis: a 400 that names what to fix, and nothing of the job
 * stored. Every rule and every problem+json shape is checked fast, without infrastructure, in
 * {@link JobRequestValidatorTest} and {@link JobControllerTest}; this shows end to end that a value PostgreSQL
 * cannot store (a NUL character) is refused before it reaches PostgreSQL, as a 400 rather than a 503 on every try.
 */
class RejectedSubmitTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldRefuseANulCharacterInsteadOfAnsweringEver503() {
        String nul = "contains a NUL character (\\u0000), which cannot be stored: remove it";
        String marker = UUID.randomUUID().toString();

        assertInvalid(post("{\"question\": \"" + marker + " a\\u0000b\"}"), "question", nul);
        assertInvalid(post("{\"question\": \"" + marker + "\", \"metadata\": {\"user\": \"u\\u0000\"}}"),
                "metadata.user", nul);
        assertInvalid(post("{\"question\": \"" + marker + "\", \"metadata\": {\"k\\u0000\": 1}}"),
                "metadata", "has a key that " + nul);
        assertInvalid(post("{\"question\": \"" + marker + "\", \"options\": {\"stop\": [\"\\u0000\"]}}"),
                "options.stop[0]", nul);
        assertInvalid(post("{\"question\": \"" + marker + "\", \"model\": \"llama\\u0000\"}"), "model", nul);
        assertThat(jdbc.sql("select count(*) from jobs where question like ?").param(marker + "%")
                .query(Long.class).single()).isZero();
    }

    private static void assertInvalid(MvcTestResult result, String field, String message) {
        assertThat(result).hasStatus(400).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo(field);
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isEqualTo(message);
    }
}
