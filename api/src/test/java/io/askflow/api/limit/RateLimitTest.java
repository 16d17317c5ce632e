package io.askflow.api.limit;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestCallerConfiguration;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits over HTTP on two API instances (two application contexts, each on its own port) that share the real
 * Redis and PostgreSQL: a tenant's burst is counted across both, the request past it is a 429 with
 * {@code Retry-After} and the RateLimit headers, other tenants are not touched, and a tenant's own
 * {@code tenants.requests_per_second} sets its policy. The tenant comes from a test header
 * ({@link TestCallerConfiguration}), standing in for authentication.
 */
class RateLimitTest {

    private static final Logger log = LoggerFactory.getLogger(RateLimitTest.class);
    private static final int RATE = 1;
    private static final int BURST = 5;

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static HttpClient http;

    @BeforeAll
    static void startTwoInstances() {
        Map<String, Object> properties = new HashMap<>(Infrastructures.shared().springProperties());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("askflow.security.enabled", "false"); // the tenant comes from TestCallerConfiguration
        properties.put("askflow.cache.retry-interval", "0s");
        properties.put("askflow.limits.requests-per-second", Integer.toString(RATE));
        properties.put("askflow.limits.burst", Integer.toString(BURST));
        first = start(properties);
        second = start(properties);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the first requests of an instance are slow (classes loaded, code compiled): not while a bucket refills
        String warmUp = tenant();
        for (int i = 0; i < 2 * BURST; i++) {
            try {
                get(i % 2 == 0 ? first : second, warmUp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void shouldCountABurstAcrossTwoInstancesAndRefuseThePastOneWith429() throws Exception {
        String tenant = tenant();
        long started = System.nanoTime();
        List<HttpResponse<String>> allowed = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 4 * BURST && refused == null; i++) {
            HttpResponse<String> response = get(i % 2 == 0 ? first : second, tenant);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                allowed.add(response);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("MEASURE {} requests allowed of a burst of {} in {} s, across two instances", allowed.size(), BURST,
                String.format(Locale.ROOT, "%.3f", seconds));

        assertThat(refused).as("a 429 within the requests sent").isNotNull();
        // one bucket for both: at most the burst and what refilled meanwhile; two buckets would let 2 * BURST through
        assertThat(allowed).hasSizeBetween(BURST, BURST + (int) Math.ceil(seconds * RATE));
        assertThat(allowed.size()).isLessThan(2 * BURST);
        assertThat(allowed).allSatisfy(response -> {
            assertThat(response.statusCode()).as("an unknown job, past the limit").isEqualTo(404);
            assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"tenant\";q=5;w=5");
            assertThat(response.headers().firstValue("RateLimit")).get().asString().matches("\"tenant\";r=[0-4];t=[0-9]+");
        });
        assertThat(allowed.get(0).headers().firstValue("RateLimit")).get().asString().startsWith("\"tenant\";r=4;");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).get().asString().matches("[1-9][0-9]*");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"tenant\";q=5;w=5");
        assertThat(refused.headers().firstValue("RateLimit")).get().asString().startsWith("\"tenant\";r=0;t=");
        assertThat(refused.body()).contains("\"type\":\"https://askflow.dev/problems/rate-limited\"", "\"status\":429",
                "tenant " + tenant);
        assertThat(rateLimited(first, tenant) + rateLimited(second, tenant)).isEqualTo(1);

        HttpResponse<String> otherTenant = get(first, tenant());
        assertThat(otherTenant.statusCode()).as("another tenant has its own bucket").isEqualTo(404);
        assertThat(otherTenant.headers().firstValue("RateLimit")).get().asString().startsWith("\"tenant\";r=4;");
    }

    @Test
    void shouldApplyTheTenantsOwnRateAndLeaveActuatorUnlimited() throws Exception {
        String tenant = tenant();
        first.getBean(JdbcClient.class).sql("insert into tenants (id, name, requests_per_second, created_at)"
                + " values (?, ?, 4, now())").params(tenant, tenant).update();

        HttpResponse<String> response = get(second, tenant);

        // the burst keeps the default's seconds of rate: 5 requests at 1/s are 5 s, at 4/s 20 requests
        assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"tenant\";q=20;w=5");
        String management = "http://localhost:" + first.getEnvironment().getProperty("local.management.port");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("RateLimit")).isEmpty();
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as arguments: above the role's application.yaml (default properties would be below it)
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ApiApplication.class, TestCallerConfiguration.class).run(arguments);
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext instance, String tenant)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(instance) + "/v1/jobs/" + UUID.randomUUID()))
                .header(TestCallerConfiguration.HEADER, tenant)
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String base(ConfigurableApplicationContext instance) {
        return "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
    }

    private static double rateLimited(ConfigurableApplicationContext instance, String tenant) {
        Counter counter = instance.getBean(MeterRegistry.class).find("askflow.api.rate-limited").tag("tenant", tenant)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
