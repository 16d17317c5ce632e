package io.askflow.api.auth;

import io.askflow.core.json.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants and keys made through the admin API (with the tests' admin key), for tests of what they may do. */
public final class AdminCalls {

    private final MockMvcTester mvc;

    public AdminCalls(MockMvcTester mvc) {
        this.mvc = mvc;
    }

    /** A tenant id no other test run uses. */
    public static String newTenantId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant (201). */
    public void createTenant(String id, String sharedScope) {
        String scope = sharedScope == null ? "" : ", \"sharedCacheScope\": \"" + sharedScope + "\"";
        assertThat(post("/v1/admin/tenants", "{\"id\": \"" + id + "\"" + scope + "}", TestKeys.ADMIN)).hasStatus(201);
    }

    /** Creates a key of {@code tenant} and answers it. */
    public String createKey(String tenant, boolean admin) {
        MvcTestResult created = post("/v1/admin/keys", "{\"tenant\": \"" + tenant + "\", \"name\": \"test\", \"admin\": "
                + admin + "}", TestKeys.ADMIN);
        assertThat(created).hasStatus(201);
        return json(created).get("key").asString();
    }

    /** A new tenant with a key of its own. */
    public String newTenantKey(String prefix) {
        String tenant = newTenantId(prefix);
        createTenant(tenant, null);
        return createKey(tenant, false);
    }

    /** {@code POST} of a JSON body with {@code key}. */
    public MvcTestResult post(String path, String json, String key) {
        return mvc.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(key))
                .contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    /** {@code GET} with {@code key}. */
    public MvcTestResult get(String path, String key) {
        return mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(key)).exchange();
    }

    /** The body as JSON. */
    public static JsonNode json(MvcTestResult result) {
        try {
            return Json.MAPPER.readTree(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
