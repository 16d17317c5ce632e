package io.askflow.api.job;

import io.askflow.api.auth.AdminCalls;
import io.askflow.api.auth.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/jobs}: the caller's jobs, newest first, a page at a time by keyset, filtered by status and chain. */
class JobListTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void shouldPageThroughTheCallersJobsNewestFirstWithoutGapsOrRepeats() {
        AdminCalls admin = new AdminCalls(mvc);
        String key = admin.newTenantKey("list");
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MvcTestResult result = admin.post("/v1/jobs", "{\"question\": \"Job " + i + " " + UUID.randomUUID()
                    + "\"}", key);
            submitted.add(AdminCalls.json(result).get("id").asString());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MvcTestResult page = admin.get("/v1/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page).hasStatusOk();
            JsonNode body = AdminCalls.json(page);
            body.get("jobs").forEach(job -> listed.add(job.get("id").asString()));
            assertThat(body.get("jobs").get(0).has("answer")).as("a summary").isFalse();
            cursor = body.has("nextCursor") ? body.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        Collections.reverse(submitted);
        assertThat(listed).containsExactlyElementsOf(submitted);
    }

    @Test
    void shouldFilterByStatusAndChain() {
        AdminCalls admin = new AdminCalls(mvc);
        String key = admin.newTenantKey("filter");
        String queued = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"Queued " + UUID.randomUUID()
                + "\"}", key)).get("id").asString();
        String failed = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"Failed " + UUID.randomUUID()
                + "\"}", key)).get("id").asString();
        jdbc.sql("update jobs set status = 'FAILED' where id = ?").param(UUID.fromString(failed)).update();

        assertThat(admin.get("/v1/jobs?status=FAILED", key)).hasStatusOk().bodyText().contains(failed)
                .doesNotContain(queued);
        assertThat(admin.get("/v1/jobs?chain=answer&status=QUEUED", key)).hasStatusOk().bodyText().contains(queued)
                .doesNotContain(failed);
        assertThat(admin.get("/v1/jobs?chain=research", key)).hasStatusOk().bodyText().doesNotContain(queued);
    }

    @Test
    void shouldFilterByTextOfTheQuestionAndTimeOfTheSubmit() {
        AdminCalls admin = new AdminCalls(mvc);
        String key = admin.newTenantKey("search");
        String token = UUID.randomUUID().toString();
        String kafka = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"What is 100% Kafka? " + token
                + "\"}", key)).get("id").asString();
        String redis = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"What is Redis? " + token
                + "\"}", key)).get("id").asString();

        assertThat(admin.get("/v1/jobs?q=KAFKA", key)).hasStatusOk().bodyText().contains(kafka).doesNotContain(redis);
        assertThat(admin.get("/v1/jobs?q=s 100", key)).hasStatusOk().bodyText().contains(kafka).doesNotContain(redis);
        assertThat(admin.get("/v1/jobs?q=1_0", key)).as("_ is no wildcard").hasStatusOk().bodyText().doesNotContain(kafka);
        assertThat(admin.get("/v1/jobs?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", key)).hasStatusOk()
                .bodyText().doesNotContain(kafka);
        assertThat(admin.get("/v1/jobs?from=2000-01-01T00:00:00Z", key)).hasStatusOk().bodyText().contains(kafka, redis);
        assertThat(admin.get("/v1/jobs?from=yesterday", key)).hasStatus(400).bodyText().contains("from");
    }

    @Test
    void shouldListEveryTenantsJobsToAnAdminOnly() {
        AdminCalls admin = new AdminCalls(mvc);
        String first = admin.newTenantKey("all-a");
        String second = admin.newTenantKey("all-b");
        String token = UUID.randomUUID().toString();
        String a = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"A " + token + "\"}", first)).get("id")
                .asString();
        String b = AdminCalls.json(admin.post("/v1/jobs", "{\"question\": \"B " + token + "\"}", second)).get("id")
                .asString();

        assertThat(admin.get("/v1/jobs?tenant=*&q=" + token, TestKeys.ADMIN)).hasStatusOk().bodyText().contains(a, b);
        assertThat(admin.get("/v1/jobs?tenant=*&limit=1&q=" + token, TestKeys.ADMIN)).hasStatusOk().bodyText()
                .contains(b).doesNotContain(a);
        assertThat(admin.get("/v1/jobs?tenant=*", first)).hasStatus(403);
        assertThat(admin.get("/v1/jobs?q=" + token, first)).hasStatusOk().bodyText().contains(a).doesNotContain(b);
    }

    @Test
    void shouldRefuseABadLimitStatusOrCursorWith400() {
        String key = new AdminCalls(mvc).newTenantKey("bad");
        AdminCalls admin = new AdminCalls(mvc);

        assertThat(admin.get("/v1/jobs?limit=101", key)).hasStatus(400).bodyText().contains("limit");
        assertThat(admin.get("/v1/jobs?limit=0", key)).hasStatus(400);
        assertThat(admin.get("/v1/jobs?status=DONE", key)).hasStatus(400).bodyText().contains("status");
        assertThat(admin.get("/v1/jobs?cursor=bm90LWEtY3Vyc29y", key)).hasStatus(400).bodyText().contains("cursor");
    }

    @Test
    void shouldReadAPageInIndexOrderWithoutSorting() throws Exception {
        List<String> plan = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // this table is small here: the planner is told what a table of millions of rows would make it choose
            statement.execute("set enable_seqscan = off");
            try (ResultSet rows = statement.executeQuery("explain select id from jobs where tenant = 'x' and"
                    + " (submitted_at, id) < (now(), gen_random_uuid()) and status = 'QUEUED'"
                    + " order by submitted_at desc, id desc limit 21")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            } finally {
                statement.execute("reset enable_seqscan");
            }
        }

        assertThat(String.join("\n", plan)).contains("jobs_tenant_submitted").doesNotContain("Sort");
    }
}
