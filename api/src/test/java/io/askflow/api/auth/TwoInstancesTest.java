package io.askflow.api.auth;

import io.askflow.api.ApiApplication;
import io.askflow.core.json.Json;
import io.askflow.testing.Infrastructures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two API instances on one PostgreSQL, over HTTP, as behind a load balancer: a key revoked through one is refused by
 * both within a second (each keeps a lookup at most 500 ms); both start with the same bootstrap admin key, stored
 * once; the Actuator answers on the management port only.
 */
class TwoInstancesTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        for (int i = 0; i < 2; i++) {
            Map<String, Object> properties = new HashMap<>(Infrastructures.shared().springProperties());
            properties.put("server.port", 0);
            properties.put("management.server.port", 0);
            properties.put("askflow.security.bootstrap-admin-key", TestKeys.ADMIN);
            properties.put("spring.jmx.enabled", false);
            String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                    .toArray(String[]::new);
            instances.add(new SpringApplicationBuilder(ApiApplication.class).run(arguments));
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void shouldRefuseARevokedKeyOnEveryInstanceWithinASecond() throws Exception {
        String tenant = AdminCalls.newTenantId("two");
        assertThat(send(0, "POST", "/v1/admin/tenants", "{\"id\": \"" + tenant + "\"}", TestKeys.ADMIN).statusCode())
                .isEqualTo(201);
        HttpResponse<String> created = send(1, "POST", "/v1/admin/keys", "{\"tenant\": \"" + tenant
                + "\", \"name\": \"lb\"}", TestKeys.ADMIN);
        String key = Json.MAPPER.readTree(created.body()).get("key").asString();
        String id = Json.MAPPER.readTree(created.body()).get("id").asString();
        String job = "/v1/jobs/" + UUID.randomUUID();
        assertThat(send(0, "GET", job, null, key).statusCode()).isEqualTo(404);
        assertThat(send(1, "GET", job, null, key).statusCode()).as("both remember it valid").isEqualTo(404);

        assertThat(send(0, "DELETE", "/v1/admin/keys/" + id, null, TestKeys.ADMIN).statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                send(0, "GET", job, null, key).statusCode() == 401 && send(1, "GET", job, null, key).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        HttpResponse<String> refused = send(1, "GET", job, null, key);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"askflow\"");
        assertThat(refused.body()).contains("unauthenticated").doesNotContain(key);
    }

    @Test
    void shouldStoreTheBootstrapAdminKeyOnceForBothInstances() throws Exception {
        HttpResponse<String> keys = send(0, "GET", "/v1/admin/keys?tenant=default", null, TestKeys.ADMIN);

        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(keys.body()).valueStream()
                .filter(key -> key.get("prefix").asString().equals(TestKeys.ADMIN.substring(0, 12)))).hasSize(1);
        assertThat(send(1, "GET", "/v1/admin/tenants", null, TestKeys.ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerTheActuatorOnTheManagementPortOnly() throws Exception {
        assertThat(send(0, "GET", "/v1/jobs", null, null).statusCode()).as("no key").isEqualTo(401);
        assertThat(send(0, "GET", "/actuator/health", null, null).statusCode()).isEqualTo(401);
        assertThat(send(0, "GET", "/actuator/prometheus", null, TestKeys.ADMIN).statusCode()).isEqualTo(404);

        String management = "http://localhost:" + instances.get(0).getEnvironment().getProperty("local.management.port");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(metrics.body()).contains("askflow_api_authentications_total{outcome=\"missing\"}");
    }

    private static HttpResponse<String> send(int instance, String method, String path, String json, String key)
            throws Exception {
        int port = ((WebServerApplicationContext) instances.get(instance)).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", TestKeys.bearer(key));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
