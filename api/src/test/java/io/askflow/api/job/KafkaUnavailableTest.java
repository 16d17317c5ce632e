package io.askflow.api.job;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestKeys;
import io.askflow.testing.Infrastructures;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Kafka cannot take a job in time the API says 503 with Retry-After, naming the job Kafka may have written,
 * and no row of it remains.
 */
@SpringBootTest(classes = ApiApplication.class, properties = {
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.delivery.timeout.ms=1500",
        "askflow.api.publish-timeout=2s",
        "askflow.api.retry-after=7s", TestKeys.BOOTSTRAP_PROPERTY})
@AutoConfigureMockMvc
@Import(TestKeys.DefaultKey.class)
@DirtiesContext // closed after the class: its producer would retry 127.0.0.1:1 for the rest of the run
class KafkaUnavailableTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void postgresAndRedis(DynamicPropertyRegistry registry) {
        var infra = Infrastructures.shared();
        registry.add("spring.datasource.url", infra::jdbcUrl);
        registry.add("spring.datasource.username", infra::jdbcUsername);
        registry.add("spring.datasource.password", infra::jdbcPassword);
        registry.add("askflow.redis.url", () -> infra.redisUri().toString());
    }

    @Test
    void shouldAnswer503WithRetryAfterAndLeaveNoRow() {
        String question = "Is anybody there? " + UUID.randomUUID();

        var result = mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"" + question + "\"}").exchange();

        assertThat(result).hasStatus(503).hasContentType("application/problem+json")
                .headers().hasValue("Retry-After", "7");
        // the API cannot tell a record that never left from one whose acknowledgement was lost: it names the job
        assertThat(result).bodyText().contains("Kafka did not acknowledge", "may have taken it");
        assertThat(result).bodyJson().extractingPath("$.jobId").asString().hasSize(36);
        assertThat(jdbc.sql("select count(*) from jobs where question = ?").param(question).query(Long.class).single())
                .isZero();
    }
}
