package io.askflow.api.job;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submits the API refuses, each with a problem+json that names what to fix, and none of them stored: values
 * PostgreSQL or the fingerprint cannot take (null options, infinite numbers, NUL characters), options Ollama
 * cannot take, metadata and options over their limits, bodies over the server's limit, numbers out of range.
 */
class RejectedSubmitTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldRefuseANullOption() {
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"stop\": null}}"),
                "options.stop", "must not be null; omit the option to use the model's default");
    }

    @Test
    void shouldRefuseAnInfiniteNumberInOptionsOrMetadata() {
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"t\": 1e400}}"),
                "options.t", "must be a finite number, was Infinity");
        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"a\": [1, {\"b\": -1e400}]}}"),
                "metadata.a[1].b", "must be a finite number, was -Infinity");
    }

    @Test
    void shouldRefuseAnOptionOllamaCannotTake() {
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"temperature\": \"hot\"}}"),
                "options.temperature", "must be a number, was \"hot\"");
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"num_predict\": 1.5}}"),
                "options.num_predict", "must be a whole number, was 1.5");
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"numPredict\": 10}}"),
                "options.numPredict", "is not an Ollama option name (lower case, digits and _)");
    }

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

    @Test
    void shouldRefuseMetadataAndOptionsOverTheirLimits() {
        String big = "x".repeat(16_000);

        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"blob\": \"" + big + "\"}}"), "metadata",
                "is 16011 characters long as JSON; the limit is 16000: keep large data elsewhere and pass a"
                        + " reference to it");
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"stop\": [\"" + big + "\"]}}"), "options",
                "is 16013 characters long as JSON; the limit is 16000: keep large data elsewhere and pass a"
                        + " reference to it");
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413() {
        MvcTestResult result = post("{\"question\": \"" + "x".repeat(1_048_576) + "\"}");

        assertThat(result).hasStatus(413).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .isEqualTo("the body is 1048592 bytes long; the limit is 1048576: shorten the question, metadata or"
                        + " options, or split it into several jobs");
    }

    @Test
    void shouldSayATtlMustBeAWholeNumberInRange() {
        String expected = "field \"cache.ttlSeconds\" must be a whole number from -2147483648 to 2147483647";

        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"ttlSeconds\": 99999999999}}"), expected);
        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"ttlSeconds\": 1.5}}"), expected);
    }

    private static void assertInvalid(MvcTestResult result, String field, String message) {
        assertThat(result).hasStatus(400).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo(field);
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isEqualTo(message);
    }

    private static void assertUnreadable(MvcTestResult result, String detail) {
        assertThat(result).hasStatus(400).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isEqualTo(detail);
    }
}
