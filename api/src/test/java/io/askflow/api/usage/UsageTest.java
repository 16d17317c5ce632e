package io.askflow.api.usage;

import io.askflow.api.auth.AdminCalls;
import io.askflow.api.auth.TestKeys;
import io.askflow.api.job.SharedApiContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/usage}: a tenant's tokens and GPU seconds per UTC day, from its runs and their steps (written here as
 * the pipeline's runs sink writes them), never another tenant's.
 */
class UsageTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldSumTheTenantsRunsPerDay() {
        AdminCalls admin = new AdminCalls(mvc);
        String tenant = AdminCalls.newTenantId("usage");
        admin.createTenant(tenant, null);
        String key = admin.createKey(tenant, false);
        String other = AdminCalls.newTenantId("other");
        admin.createTenant(other, null);
        run(tenant, "2026-03-01T23:59:00Z", new long[][] {{10, 5, 1500}, {20, 7, 500}});
        run(tenant, "2026-03-01T08:00:00Z", new long[][] {{1, 1, 250}});
        run(tenant, "2026-03-02T00:00:00Z", new long[][] {{100, 50, 4000}});
        run(tenant, "2026-03-04T00:00:00Z", new long[][] {{9, 9, 9000}}); // after the range
        run(other, "2026-03-01T10:00:00Z", new long[][] {{1000, 1000, 100_000}});

        JsonNode usage = AdminCalls.json(admin.get("/v1/usage?from=2026-03-01&to=2026-03-03", key));

        assertThat(usage.get("tenant").asString()).isEqualTo(tenant);
        assertThat(usage.get("days")).hasSize(2);
        JsonNode first = usage.get("days").get(0);
        assertThat(first.get("day").asString()).isEqualTo("2026-03-01");
        assertThat(first.get("totals").get("runs").asLong()).isEqualTo(2);
        assertThat(first.get("totals").get("promptTokens").asLong()).isEqualTo(31);
        assertThat(first.get("totals").get("completionTokens").asLong()).isEqualTo(13);
        assertThat(first.get("totals").get("gpuSeconds").asDouble()).isEqualTo(2.25);
        assertThat(usage.get("days").get(1).get("totals").get("gpuSeconds").asDouble()).isEqualTo(4.0);
        assertThat(usage.get("total").get("promptTokens").asLong()).isEqualTo(131);

        JsonNode asAdmin = AdminCalls.json(admin.get("/v1/usage?from=2026-03-01&to=2026-03-01&tenant=" + other,
                TestKeys.ADMIN));
        assertThat(asAdmin.get("total").get("promptTokens").asLong()).isEqualTo(1000);
        assertThat(admin.get("/v1/usage?from=2026-03-03&to=2026-03-01", key)).hasStatus(400);
        assertThat(admin.get("/v1/usage?from=March&to=2026-03-01", key)).hasStatus(400).bodyText().contains("from");
        assertThat(admin.get("/v1/usage?from=2025-01-01&to=2026-03-01", key)).as("over 366 days").hasStatus(400);
    }

    private void run(String tenant, String startedAt, long[][] steps) {
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(Instant.parse(startedAt));
        jdbc.sql("insert into runs (id, fingerprint, status, steps_done, steps_total, started_at, finished_at,"
                        + " updated_at, tenant) values (?, ?, 'COMPLETED', ?, ?, ?, ?, ?, ?)")
                .params(id, "f".repeat(64), steps.length, steps.length, at, at, at, tenant).update();
        for (int i = 0; i < steps.length; i++) {
            jdbc.sql("insert into run_steps (run_id, step_index, name, output, prompt_tokens, completion_tokens,"
                            + " duration_ms) values (?, ?, 'answer', 'out', ?, ?, ?)")
                    .params(id, i, steps[i][0], steps[i][1], steps[i][2]).update();
        }
    }
}
