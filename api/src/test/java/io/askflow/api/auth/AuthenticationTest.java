package io.askflow.api.auth;

import io.askflow.api.job.SharedApiContext;
import io.askflow.api.web.SecurityHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken authentication (OWASP API2) and broken function-level authorization (API5) on real PostgreSQL: no key, a
 * malformed, unknown or revoked key is a 401 problem with {@code WWW-Authenticate: Bearer}; the admin API refuses a
 * tenant's key with a 403; a key is shown once and stored only as its hash. Every answer carries the security headers.
 */
class AuthenticationTest extends SharedApiContext {

    private static final String JOB = "/v1/jobs/" + UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    private AdminCalls admin() {
        return new AdminCalls(mvc);
    }

    @Test
    void shouldRefuseARequestWithoutAKeyWith401() {
        MvcTestResult result = mvc.get().uri(JOB).header(HttpHeaders.AUTHORIZATION, "").exchange();

        assertUnauthenticated(result);
        MvcTestResult none = mvc.post().uri("/v1/jobs").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwdw==")
                .contentType(MediaType.APPLICATION_JSON).content("{\"question\": \"q\"}").exchange();
        assertUnauthenticated(none);
    }

    @Test
    void shouldRefuseMalformedAndUnknownKeysWith401() {
        assertUnauthenticated(admin().get(JOB, "not-a-key"));
        assertUnauthenticated(admin().get(JOB, TestKeys.ADMIN + "x"));
        assertUnauthenticated(admin().get(JOB, ApiKeys.generate()));
    }

    @Test
    void shouldRefuseARevokedKeyAndNeverStoreAKeyItself() {
        String tenant = AdminCalls.newTenantId("revoked");
        admin().createTenant(tenant, null);
        MvcTestResult created = admin().post("/v1/admin/keys", "{\"tenant\": \"" + tenant + "\", \"name\": \"ci\"}",
                TestKeys.ADMIN);
        assertThat(created).hasStatus(201).headers().containsHeader("Location");
        String key = AdminCalls.json(created).get("key").asString();
        String id = AdminCalls.json(created).get("id").asString();
        assertThat(key).startsWith("ask_").hasSize(47);
        assertThat(admin().get(JOB, key)).as("a valid key: the job is simply not there").hasStatus(404);
        assertThat(jdbc.sql("select count(*) from api_keys where key_hash = ? and key_prefix = ?")
                .params(ApiKeys.hash(key), key.substring(0, 12)).query(Long.class).single()).isEqualTo(1);
        MvcTestResult listed = admin().get("/v1/admin/keys?tenant=" + tenant, TestKeys.ADMIN);
        assertThat(listed).hasStatusOk().bodyText().contains(key.substring(0, 12)).doesNotContain(key)
                .doesNotContain(ApiKeys.hash(key));

        assertThat(mvc.delete().uri("/v1/admin/keys/" + id).exchange()).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.revokedAt", at -> assertThat(at).isNotNull());

        // the lookup is kept at most 500 ms (askflow.security.key-cache-ttl)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(1))
                .untilAsserted(() -> assertUnauthenticated(admin().get(JOB, key)));
    }

    @Test
    void shouldRefuseTheAdminApiToATenantsKeyWith403() {
        String key = admin().newTenantKey("not-admin");

        for (MvcTestResult result : new MvcTestResult[] {
                admin().get("/v1/admin/tenants", key),
                admin().post("/v1/admin/tenants", "{\"id\": \"" + AdminCalls.newTenantId("x") + "\"}", key),
                admin().post("/v1/admin/keys", "{\"tenant\": \"default\", \"name\": \"x\", \"admin\": true}", key),
                admin().get("/v1/admin/keys", key),
                admin().get("/v1/jobs?tenant=default", key),
                admin().get("/v1/usage?from=2026-01-01&to=2026-01-02&tenant=default", key)}) {
            assertThat(result).hasStatus(403).hasContentType("application/problem+json").bodyJson()
                    .hasPathSatisfying("$.type", type -> assertThat(type).asString()
                            .isEqualTo("https://askflow.dev/problems/admin-key-required"));
        }
    }

    @Test
    void shouldManageTenantsThroughTheAdminApi() {
        String tenant = AdminCalls.newTenantId("managed");
        MvcTestResult created = admin().post("/v1/admin/tenants", "{\"id\": \"" + tenant + "\", \"name\": \"Team\","
                + " \"weight\": 3, \"requestsPerSecond\": 50}", TestKeys.ADMIN);
        assertThat(created).hasStatus(201).bodyJson().hasPathSatisfying("$.weight",
                weight -> assertThat(weight).asNumber().isEqualTo(3));
        assertThat(admin().post("/v1/admin/tenants", "{\"id\": \"" + tenant + "\"}", TestKeys.ADMIN)).hasStatus(409);
        assertThat(admin().post("/v1/admin/tenants", "{\"id\": \"Bad Id\", \"weight\": 0}", TestKeys.ADMIN))
                .hasStatus(400).bodyText().contains("\"id\"", "\"weight\"");

        MvcTestResult patched = mvc.patch().uri("/v1/admin/tenants/" + tenant).contentType(MediaType.APPLICATION_JSON)
                .content("{\"sharedCacheScope\": \"docs\", \"requestsPerSecond\": null}").exchange();

        assertThat(patched).hasStatusOk().bodyJson()
                .hasPathSatisfying("$.sharedCacheScope", scope -> assertThat(scope).asString().isEqualTo("docs"))
                .doesNotHavePath("$.requestsPerSecond");
        assertThat(mvc.patch().uri("/v1/admin/tenants/" + tenant).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\": \"other\"}").exchange()).as("the id is not patchable").hasStatus(400);
        assertThat(mvc.get().uri("/v1/admin/tenants/" + tenant)).hasStatusOk().bodyText().contains("\"Team\"");
        assertThat(mvc.get().uri("/v1/admin/tenants/no-such-tenant")).hasStatus(404);
        assertThat(mvc.get().uri("/v1/admin/tenants")).hasStatusOk().bodyText().contains(tenant, "\"default\"");
        assertThat(admin().post("/v1/admin/keys", "{\"tenant\": \"no-such-tenant\", \"name\": \"x\"}", TestKeys.ADMIN))
                .hasStatus(404);
    }

    @Test
    void shouldPutTheSecurityHeadersOnEveryAnswer() {
        MvcTestResult ok = mvc.get().uri("/v1/admin/tenants").exchange();
        MvcTestResult refused = mvc.get().uri(JOB).header(HttpHeaders.AUTHORIZATION, "").exchange();
        MvcTestResult notFound = mvc.get().uri(JOB).exchange();

        for (MvcTestResult result : new MvcTestResult[] {ok, refused, notFound}) {
            SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(result).headers().hasValue(name, value));
        }
    }

    @Test
    void shouldServeTheApiDescriptionWithoutAKeyButNoSwaggerUi() {
        assertThat(mvc.get().uri("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, "").exchange()).hasStatusOk()
                .bodyText().contains("\"bearer\"", "/v1/admin/keys");
        assertThat(mvc.get().uri("/swagger-ui.html").exchange()).hasStatus(404);
    }

    private static void assertUnauthenticated(MvcTestResult result) {
        assertThat(result).hasStatus(401).hasContentType("application/problem+json")
                .headers().hasValue(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"askflow\"");
        assertThat(result).bodyJson().hasPathSatisfying("$.type", type -> assertThat(type).asString()
                .isEqualTo("https://askflow.dev/problems/unauthenticated"));
    }
}
