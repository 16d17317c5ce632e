package io.askflow.api.idempotency;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestCallerConfiguration;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on {@code POST /v1/jobs}, on the real Kafka, PostgreSQL and Redis: a retry gets the first
 * job back, another body with the key a 422, concurrent posts with one key make one job, an expired key starts
 * anew, and keys are the tenant's own. The tenant comes from a test header ({@link TestCallerConfiguration}).
 */
@SpringBootTest(classes = ApiApplication.class, properties = {"askflow.security.enabled=false", "management.server.port=0",
        "askflow.cache.retry-interval=0s",
        "askflow.limits.max-queued-jobs=1000000", "askflow.limits.enabled=false"})
@AutoConfigureMockMvc
@Import(TestCallerConfiguration.class)
class IdempotencyKeyApiTest {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyApiTest.class);
    private static final String PROBLEMS = "https://askflow.dev/problems/";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    IdempotencyKeyReaper reaper;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructures.shared().registerSpringProperties(registry::add);
    }

    @Test
    void shouldAnswerARetryWithTheFirstJobWhateverTheKeyOrderAndSpacing() {
        String tenant = tenant();
        String key = UUID.randomUUID().toString();
        String question = "Retry me " + UUID.randomUUID();

        MvcTestResult first = post(tenant, key, "{\"question\": \"" + question + "\", \"metadata\": {\"a\": 1, \"b\": [1.0]}}");
        MvcTestResult retry = post(tenant, "\"" + key + "\"", // the draft's Structured Fields string
                "{ \"metadata\":{\"b\":[1],\"a\":1},\n  \"question\":\"" + question + "\" }");

        assertThat(first).hasStatus(202);
        assertThat(retry).hasStatus(202);
        assertThat(jobId(retry)).isEqualTo(jobId(first));
        assertThat(retry.getResponse().getHeader("Location")).isEqualTo(first.getResponse().getHeader("Location"));
        assertThat(retry).bodyJson().extractingPath("$.question").asString().isEqualTo(question);
        assertThat(jobsWithQuestion(question)).isOne();
        assertThat(jdbc.sql("select job_id from idempotency_keys where tenant = ? and key = ?").params(tenant, key)
                .query(UUID.class).single()).isEqualTo(jobId(first));
    }

    @Test
    void shouldRefuseTheKeyWithAnotherBodyWith422AndSubmitNothing() {
        String tenant = tenant();
        String key = UUID.randomUUID().toString();
        String question = "First " + UUID.randomUUID();
        assertThat(post(tenant, key, "{\"question\": \"" + question + "\"}")).hasStatus(202);

        MvcTestResult other = post(tenant, key, "{\"question\": \"" + question + "?\"}");

        assertThat(other).hasStatus(422).hasContentType("application/problem+json");
        assertThat(other).bodyJson().extractingPath("$.type").asString()
                .isEqualTo(PROBLEMS + "idempotency-key-reused");
        assertThat(jobsWithQuestion(question + "?")).isZero();
    }

    @Test
    void shouldMakeOneJobOfConcurrentPostsWithOneKey() throws Exception {
        String tenant = tenant();
        String key = UUID.randomUUID().toString();
        String question = "Concurrent " + UUID.randomUUID();
        int posts = 8;
        ExecutorService threads = Executors.newFixedThreadPool(posts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MvcTestResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < posts; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return post(tenant, key, "{\"question\": \"" + question + "\"}");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            for (Future<MvcTestResult> result : results) {
                MvcTestResult answer = result.get(30, TimeUnit.SECONDS);
                statuses.add(answer.getResponse().getStatus());
                if (answer.getResponse().getStatus() == 202) {
                    ids.add(jobId(answer));
                } else {
                    assertThat(answer).hasStatus(409).headers().hasValue("Retry-After", "1");
                    assertThat(answer).bodyJson().extractingPath("$.type").asString()
                            .isEqualTo(PROBLEMS + "idempotency-key-in-flight");
                }
            }
            log.info("MEASURE {} concurrent posts with one key answered {}", posts, statuses);
            assertThat(statuses).containsOnly(202, 409).contains(202);
            assertThat(ids).as("the first job, or replays of it").containsOnly(ids.get(0));
            assertThat(jobsWithQuestion(question)).isOne();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldAnswer409WhileAnotherRequestHoldsTheKey() throws Exception {
        String tenant = tenant();
        String key = UUID.randomUUID().toString();
        String question = "Held " + UUID.randomUUID();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            // another request in flight: a transaction that holds the key's advisory lock
            Future<?> held = holder.submit(() -> transactions.executeWithoutResult(tx -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param(tenant + "\n" + key)
                        .query(Object.class).single();
                locked.countDown();
                await(release);
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            MvcTestResult inFlight = post(tenant, key, "{\"question\": \"" + question + "\"}");

            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            assertThat(inFlight).hasStatus(409).hasContentType("application/problem+json");
            assertThat(jobsWithQuestion(question)).isZero();
            assertThat(post(tenant, key, "{\"question\": \"" + question + "\"}")).as("once it is answered").hasStatus(202);
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    @Test
    void shouldStartAnewAfterTheKeyExpiredAndDeleteExpiredKeys() {
        String tenant = tenant();
        String key = UUID.randomUUID().toString();
        String question = "Expire " + UUID.randomUUID();
        UUID first = jobId(post(tenant, key, "{\"question\": \"" + question + "\"}"));
        expire(tenant, key);

        MvcTestResult again = post(tenant, key, "{\"question\": \"" + question + "\"}");

        assertThat(again).hasStatus(202);
        assertThat(jobId(again)).isNotEqualTo(first);
        assertThat(jobsWithQuestion(question)).isEqualTo(2);
        assertThat(jdbc.sql("select job_id from idempotency_keys where tenant = ? and key = ?").params(tenant, key)
                .query(UUID.class).single()).as("the expired row replaced").isEqualTo(jobId(again));

        expire(tenant, key);
        assertThat(reaper.deleteExpired()).isPositive();
        assertThat(jdbc.sql("select count(*) from idempotency_keys where tenant = ?").param(tenant)
                .query(Long.class).single()).isZero();
    }

    @Test
    void shouldKeepTheKeysOfTwoTenantsApart() {
        String key = "order-42";
        String question = "Two tenants " + UUID.randomUUID();
        String body = "{\"question\": \"" + question + "\"}";

        MvcTestResult a = post(tenant(), key, body);
        MvcTestResult b = post(tenant(), key, body);

        assertThat(a).hasStatus(202);
        assertThat(b).hasStatus(202);
        assertThat(jobId(a)).isNotEqualTo(jobId(b));
        assertThat(jobsWithQuestion(question)).isEqualTo(2);
    }

    @Test
    void shouldRefuseAKeyThatIsEmptyTooLongOrNotPrintableAscii() {
        String question = "Bad key " + UUID.randomUUID();
        for (String key : List.of("", "k".repeat(256), "schl\u00fcssel", "tab\there")) {
            MvcTestResult result = post(tenant(), key, "{\"question\": \"" + question + "\"}");
            assertThat(result).as(key).hasStatus(400).hasContentType("application/problem+json");
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("Idempotency-Key");
        }
        assertThat(post(tenant(), "k".repeat(255), "{\"question\": \"" + question + "\"}")).hasStatus(202);
        assertThat(jobsWithQuestion(question)).isOne();
    }

    private MvcTestResult post(String tenant, String key, String json) {
        return mvc.post().uri("/v1/jobs").header(TestCallerConfiguration.HEADER, tenant)
                .header(IdempotencyKey.HEADER, key).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private void expire(String tenant, String key) {
        assertThat(jdbc.sql("update idempotency_keys set expires_at = now() - interval '1 second'"
                + " where tenant = ? and key = ?").params(tenant, key).update()).isOne();
    }

    private long jobsWithQuestion(String question) {
        return jdbc.sql("select count(*) from jobs where question = ?").param(question).query(Long.class).single();
    }

    private static UUID jobId(MvcTestResult result) {
        return UUID.fromString(result.getResponse().getHeader("Location").substring("/v1/jobs/".length()));
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
