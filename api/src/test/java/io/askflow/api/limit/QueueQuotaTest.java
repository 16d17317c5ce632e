package io.askflow.api.limit;

import io.askflow.api.ApiApplication;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue quota on the real PostgreSQL, Kafka and Redis, on a database of its own (its jobs stay QUEUED: no
 * pipeline runs here): past {@code askflow.limits.max-queued-jobs} a submit is a 429 with Retry-After and nothing of
 * it is stored; a job that ends makes room again within the count's second; a tenant's own
 * {@code tenants.max_queued_jobs} overrides the default.
 */
@SpringBootTest(classes = ApiApplication.class, properties = {"askflow.security.enabled=false", "management.server.port=0",
        "askflow.cache.retry-interval=0s",
        "askflow.limits.max-queued-jobs=3", "askflow.limits.tenant-cache=0s", "askflow.api.retry-after=7s"})
@AutoConfigureMockMvc
@DirtiesContext // its database is dropped after the class
class QueueQuotaTest {

    private static final String DATABASE = "api_queue_quota";
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
    void shouldRefuseTheJobPastTheQuotaStoreNothingAndTakeJobsAgainOnceOneEnds() {
        String question = "Queued " + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(submit(question + " " + i)).hasStatus(202);
        }

        MvcTestResult refused = submit(question + " past the quota");

        assertThat(refused).hasStatus(429).hasContentType("application/problem+json")
                .headers().hasValue("Retry-After", "7");
        assertThat(refused).bodyJson().extractingPath("$.type").asString()
                .isEqualTo("https://askflow.dev/problems/queue-quota-exceeded");
        assertThat(refused).bodyText().contains("tenant default has 3 jobs queued or running", "nothing was stored");
        assertThat(jdbc.sql("select count(*) from jobs where question like ?").param(question + "%")
                .query(Long.class).single()).isEqualTo(3);

        // one ends (as the pipeline's sink would write it): room for one more once the count is read again (<= 1 s)
        jdbc.sql("update jobs set status = 'COMPLETED', completed_at = now() where question = ?")
                .param(question + " 0").update();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(submit(question + " after one ended")).hasStatus(202));
        assertThat(submit(question + " past it again")).hasStatus(429);

        // the tenant's own quota overrides the default (read again at once here: tenant-cache=0s)
        jdbc.sql("update tenants set max_queued_jobs = 4 where id = 'default'").update();
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(submit(question + " under the tenant's own quota")).hasStatus(202));
            assertThat(submit(question + " past the tenant's own quota")).hasStatus(429);
        } finally {
            jdbc.sql("update tenants set max_queued_jobs = null where id = 'default'").update();
        }
        assertThat(jdbc.sql("select count(*) from jobs where status in ('QUEUED', 'RUNNING')").query(Long.class).single())
                .isEqualTo(4);
    }

    private MvcTestResult submit(String question) {
        return mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"" + question + "\"}").exchange();
    }
}
