package io.askflow.api.job;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestKeys;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While PostgreSQL takes no job the API says 503 with Retry-After, never 500, and nothing of the job remains: on a
 * database of its own, blocked (sessions ended, new connections refused) so that no other test is disturbed.
 */
@SpringBootTest(classes = ApiApplication.class, properties = {
        "spring.datasource.hikari.maximum-pool-size=2", // Flyway needs two
        "spring.datasource.hikari.connection-timeout=500",
        "askflow.api.retry-after=7s", TestKeys.BOOTSTRAP_PROPERTY})
@AutoConfigureMockMvc
@Import(TestKeys.DefaultKey.class)
@DirtiesContext // its database is dropped after the class
class PostgresUnavailableTest {

    private static final String DATABASE = "api_postgres_unavailable";
    private static final Infrastructure infra = Infrastructures.shared();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infra.dropDatabase(DATABASE);
        String url = infra.createDatabase(DATABASE);
        infra.registerSpringProperties(registry::add);
        registry.add("spring.datasource.url", () -> url);
    }

    @AfterAll
    static void dropDatabase() {
        infra.dropDatabase(DATABASE);
    }

    @Test
    void shouldAnswer503WithRetryAfterAndLeaveNoRowWhilePostgresTakesNoConnection() {
        String question = "Is the database there? " + UUID.randomUUID();
        assertThat(submit("Warm the pool up. " + UUID.randomUUID())).hasStatus(202);
        List<MvcTestResult> refused;
        infra.postgres().blockConnections(DATABASE);
        try {
            // the first ones meet the pool's two sessions that PostgreSQL ended (their rollback fails too), which the
            // pool then drops: the last one finds no session left and its new connection refused
            refused = List.of(submit(question), submit(question), submit(question));
        } finally {
            infra.postgres().allowConnections(DATABASE);
        }

        assertThat(refused).allSatisfy(result -> {
            assertThat(result).hasStatus(503).hasContentType("application/problem+json")
                    .headers().hasValue("Retry-After", "7");
            // refused by the submit, or already by authentication when the key's lookup (kept 500 ms) is due again
            assertThat(result).bodyText().containsAnyOf("PostgreSQL did not take the job; nothing was stored",
                    "the API key could not be checked: PostgreSQL is not answering");
        });
        // the pool comes back from its failed attempts (one more with each request, authentication's lookups too)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from jobs where question = ?").param(question).query(Long.class).single()).isZero());
        assertThat(submit(question)).as("once PostgreSQL is back").hasStatus(202);
    }

    @Test
    void shouldAnswerAPollWith503AndRetryAfterWhilePostgresTakesNoConnection() {
        String location = submit("Poll me later. " + UUID.randomUUID()).getResponse().getHeader("Location");
        List<MvcTestResult> polls;
        infra.postgres().blockConnections(DATABASE);
        try {
            polls = List.of(mvc.get().uri(location).exchange(), mvc.get().uri(location).exchange(),
                    mvc.get().uri(location).exchange());
        } finally {
            infra.postgres().allowConnections(DATABASE);
        }

        assertThat(polls).allSatisfy(result -> {
            assertThat(result).hasStatus(503).hasContentType("application/problem+json")
                    .headers().hasValue("Retry-After", "7");
            assertThat(result).bodyText().contains("PostgreSQL is not answering");
        });
        assertThat(mvc.get().uri(location)).as("once PostgreSQL is back").hasStatusOk();
    }

    private MvcTestResult submit(String question) {
        return mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"" + question + "\"}").exchange();
    }
}
