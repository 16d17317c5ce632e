package io.askflow.api.stats;

import io.askflow.api.auth.AdminCalls;
import io.askflow.api.auth.TestKeys;
import io.askflow.api.job.SharedApiContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/stats}: the jobs that ended in the window by source, their latency, the runs' tokens and the queue
 * now, of the caller's tenant (rows written here as the pipeline's sinks write them).
 */
class StatsTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldCountTheTenantsJobsThatEndedInTheWindowBySource() {
        AdminCalls admin = new AdminCalls(mvc);
        String tenant = AdminCalls.newTenantId("stats");
        admin.createTenant(tenant, null);
        String key = admin.createKey(tenant, false);
        String other = AdminCalls.newTenantId("stats-other");
        admin.createTenant(other, null);
        Instant now = Instant.now();
        job(tenant, "COMPLETED", "LLM", now.minusSeconds(120), Duration.ofMillis(800));
        job(tenant, "COMPLETED", "LLM", now.minusSeconds(60), Duration.ofMillis(1200));
        job(tenant, "COMPLETED", "CACHE", now.minusSeconds(50), Duration.ofMillis(5));
        job(tenant, "COMPLETED", "COALESCED", now.minusSeconds(40), Duration.ofMillis(900));
        job(tenant, "FAILED", null, now.minusSeconds(30), Duration.ofMillis(100));
        job(tenant, "COMPLETED", "LLM", now.minus(Duration.ofHours(2)), Duration.ofMillis(100)); // before the window
        job(tenant, "QUEUED", null, now.minusSeconds(5), null);
        job(other, "COMPLETED", "LLM", now.minusSeconds(20), Duration.ofMillis(100));
        run(tenant, now.minusSeconds(60), 300, 150);

        JsonNode stats = AdminCalls.json(admin.get("/v1/stats?window=15m", key));

        assertThat(stats.get("scope").asString()).isEqualTo(tenant);
        assertThat(stats.get("bucketSeconds").asLong()).isEqualTo(30);
        assertThat(stats.get("buckets")).hasSize(30);
        JsonNode totals = stats.get("totals");
        assertThat(totals.get("completed").asLong()).isEqualTo(4);
        assertThat(totals.get("llm").asLong()).isEqualTo(2);
        assertThat(totals.get("cache").asLong()).isEqualTo(1);
        assertThat(totals.get("coalesced").asLong()).isEqualTo(1);
        assertThat(totals.get("failed").asLong()).isEqualTo(1);
        assertThat(totals.get("cacheHitRatio").asDouble()).isEqualTo(0.25);
        assertThat(totals.get("latencyP50Ms").asLong()).isEqualTo(800);
        assertThat(totals.get("latencyP95Ms").asLong()).isEqualTo(1200);
        assertThat(totals.get("tokens").asLong()).isEqualTo(450);
        assertThat(totals.get("tokensPerSecond").asDouble()).isEqualTo(0.5);
        assertThat(stats.get("queue").get("queued").asLong()).isEqualTo(1);
        long bucketed = 0;
        for (JsonNode bucket : stats.get("buckets")) {
            bucketed += bucket.get("llm").asLong() + bucket.get("cache").asLong() + bucket.get("coalesced").asLong();
        }
        assertThat(bucketed).isEqualTo(4);
    }

    @Test
    void shouldCountEveryTenantForAnAdminOnly() {
        AdminCalls admin = new AdminCalls(mvc);
        String key = admin.newTenantKey("stats-key");

        assertThat(admin.get("/v1/stats?tenant=*", key)).hasStatus(403);
        assertThat(AdminCalls.json(admin.get("/v1/stats?tenant=*&window=1h", TestKeys.ADMIN)).get("scope").asString())
                .isEqualTo("*");
        assertThat(admin.get("/v1/stats?window=2d", key)).hasStatus(400).bodyText().contains("window");
        assertThat(admin.get("/v1/stats?window=10s", key)).hasStatus(400);
    }

    private void job(String tenant, String status, String source, Instant completedAt, Duration latency) {
        Instant submitted = latency == null ? completedAt : completedAt.minus(latency);
        jdbc.sql("insert into jobs (id, fingerprint, status, source, question, chain, chain_version, cache_mode,"
                        + " submitted_at, updated_at, completed_at, tenant) values (?, ?, ?, ?, 'q', 'answer', 'v',"
                        + " 'USE', ?, ?, ?, ?)")
                .params(UUID.randomUUID(), "e".repeat(64), status, source, Timestamp.from(submitted),
                        Timestamp.from(completedAt), latency == null ? null : Timestamp.from(completedAt), tenant)
                .update();
    }

    private void run(String tenant, Instant finishedAt, long prompt, long completion) {
        Timestamp at = Timestamp.from(finishedAt);
        jdbc.sql("insert into runs (id, fingerprint, status, prompt_tokens, completion_tokens, started_at, finished_at,"
                        + " updated_at, tenant) values (?, ?, 'COMPLETED', ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), "e".repeat(64), prompt, completion, at, at, at, tenant).update();
    }
}
