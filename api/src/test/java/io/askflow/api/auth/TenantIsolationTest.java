package io.askflow.api.auth;

import io.askflow.api.job.SharedApiContext;
import io.askflow.core.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken object-level authorization (OWASP API1) and mass assignment (API3), on real Kafka and PostgreSQL: two
 * tenants, each with a key; another tenant's job or webhook endpoint answers 404 exactly like an unknown id, by id,
 * long-poll, events, deliveries, redelivery and list; a job is its submitter's, in its submitter's cache scope, and a
 * body cannot say otherwise.
 */
class TenantIsolationTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    private AdminCalls admin;
    private String tenantA;
    private String keyA;
    private String keyB;

    @BeforeEach
    void twoTenants() {
        admin = new AdminCalls(mvc);
        tenantA = AdminCalls.newTenantId("a");
        admin.createTenant(tenantA, null);
        keyA = admin.createKey(tenantA, false);
        keyB = admin.newTenantKey("b");
    }

    @Test
    void shouldAnswerAnotherTenantsJobWith404LikeAnUnknownOne() {
        String id = submit(keyA, "Whose job is this? " + UUID.randomUUID());
        String unknown = UUID.randomUUID().toString();

        assertThat(admin.get("/v1/jobs/" + id, keyA)).hasStatusOk();
        for (String path : new String[] {"/v1/jobs/%s", "/v1/jobs/%s?wait=5s", "/v1/jobs/%s/deliveries"}) {
            MvcTestResult theirs = admin.get(path.formatted(id), keyB);
            MvcTestResult none = admin.get(path.formatted(unknown), keyB);
            assertThat(theirs).as(path).hasStatus(404).hasContentType("application/problem+json");
            assertThat(AdminCalls.json(theirs).get("type")).isEqualTo(AdminCalls.json(none).get("type"));
            assertThat(AdminCalls.json(theirs).get("detail").asString())
                    .isEqualTo(AdminCalls.json(none).get("detail").asString().replace(unknown, id));
        }
        MvcTestResult events = mvc.get().uri("/v1/jobs/" + id + "/events").header(HttpHeaders.AUTHORIZATION,
                TestKeys.bearer(keyB)).header(HttpHeaders.ACCEPT, "text/event-stream").exchange();
        assertThat(events).hasStatus(404);
        assertThat(admin.post("/v1/jobs/" + id + "/deliveries/msg_x/redeliver", "", keyB)).hasStatus(404)
                .bodyText().contains("job-not-found");
        assertThat(admin.get("/v1/jobs/" + id, TestKeys.ADMIN)).as("an admin sees every tenant's").hasStatusOk();
    }

    @Test
    void shouldListOnlyTheCallersJobs() {
        String mine = submit(keyA, "Listed for A? " + UUID.randomUUID());
        String theirs = submit(keyB, "Listed for B? " + UUID.randomUUID());

        assertThat(admin.get("/v1/jobs?limit=100", keyA)).hasStatusOk().bodyText().contains(mine).doesNotContain(theirs);
        assertThat(admin.get("/v1/jobs?limit=100", keyB)).hasStatusOk().bodyText().contains(theirs).doesNotContain(mine);
        assertThat(admin.get("/v1/jobs?limit=100&tenant=" + tenantA, TestKeys.ADMIN)).hasStatusOk().bodyText()
                .contains(mine).doesNotContain(theirs);
    }

    @Test
    void shouldStoreAJobAsItsSubmittersInItsSubmittersCacheScope() {
        String question = "Same question, two tenants " + UUID.randomUUID();
        String a = submit(keyA, question);
        String b = submit(keyB, question);

        assertThat(jdbc.sql("select tenant || '|' || cache_scope from jobs where id = ?").param(UUID.fromString(a))
                .query(String.class).single()).isEqualTo(tenantA + "|" + Tenants.cacheScope(tenantA, null));
        assertThat(fingerprint(a)).as("answers are not shared across tenants").isNotEqualTo(fingerprint(b));
    }

    @Test
    void shouldShareAnswersOnlyInASharedScope() {
        String shared = "docs-" + UUID.randomUUID().toString().substring(0, 8);
        String one = AdminCalls.newTenantId("s1");
        String two = AdminCalls.newTenantId("s2");
        admin.createTenant(one, shared);
        admin.createTenant(two, shared);
        String question = "Shared question " + UUID.randomUUID();

        String a = submit(admin.createKey(one, false), question);
        String b = submit(admin.createKey(two, false), question);

        assertThat(fingerprint(a)).isEqualTo(fingerprint(b));
        assertThat(jdbc.sql("select cache_scope from jobs where id = ?").param(UUID.fromString(a)).query(String.class)
                .single()).isEqualTo("shared:" + shared);
    }

    @Test
    void shouldRefuseABodyThatNamesATenantOrAStatus() {
        for (String field : new String[] {"\"tenant\": \"default\"", "\"status\": \"COMPLETED\"",
                "\"scope\": \"shared:x\"", "\"answer\": \"forged\""}) {
            MvcTestResult result = admin.post("/v1/jobs", "{\"question\": \"q\", " + field + "}", keyA);
            assertThat(result).as(field).hasStatus(400).bodyJson().hasPathSatisfying("$.type",
                    type -> assertThat(type).asString().isEqualTo("https://askflow.dev/problems/unreadable-body"));
        }
        assertThat(admin.post("/v1/admin/keys", "{\"tenant\": \"" + tenantA + "\", \"name\": \"x\", \"keyHash\":"
                + " \"00\"}", TestKeys.ADMIN)).as("nor may a key's body").hasStatus(400);
    }

    @Test
    void shouldKeepWebhookEndpointsToTheirTenant() {
        MvcTestResult created = admin.post("/v1/webhooks/endpoints", "{\"url\": \"https://hooks.example.com/a\"}", keyA);
        assertThat(created).hasStatus(201);
        String id = AdminCalls.json(created).get("id").asString();
        assertThat(jdbc.sql("select tenant from webhook_endpoints where id = ?").param(UUID.fromString(id))
                .query(String.class).single()).isEqualTo(tenantA);

        assertThat(admin.get("/v1/webhooks/endpoints/" + id, keyA)).hasStatusOk();
        assertThat(admin.get("/v1/webhooks/endpoints/" + id, keyB)).hasStatus(404)
                .bodyText().contains("webhook-endpoint-not-found");
        assertThat(admin.get("/v1/webhooks/endpoints", keyB)).hasStatusOk().bodyText().doesNotContain(id);
        assertThat(admin.get("/v1/webhooks/endpoints", keyA)).hasStatusOk().bodyText().contains(id);
        assertThat(admin.post("/v1/webhooks/endpoints/" + id + "/rotate", "", keyB)).hasStatus(404);
        assertThat(mvc.delete().uri("/v1/webhooks/endpoints/" + id).header(HttpHeaders.AUTHORIZATION,
                TestKeys.bearer(keyB)).exchange()).hasStatus(404);
        assertThat(admin.get("/v1/webhooks/endpoints/" + id, keyA)).as("still there").hasStatusOk();
    }

    private String submit(String key, String question) {
        MvcTestResult result = admin.post("/v1/jobs", "{\"question\": \"" + question + "\"}", key);
        assertThat(result).hasStatus(202);
        return AdminCalls.json(result).get("id").asString();
    }

    private String fingerprint(String id) {
        return jdbc.sql("select fingerprint from jobs where id = ?").param(UUID.fromString(id)).query(String.class)
                .single();
    }
}
