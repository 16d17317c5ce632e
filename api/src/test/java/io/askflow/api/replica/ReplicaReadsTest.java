package io.askflow.api.replica;

import io.askflow.api.ApiApplication;
import io.askflow.core.json.Json;
import io.askflow.testing.Infrastructures;
import io.askflow.testing.postgres.StreamingReplica;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The API on a real streaming replica (PostgreSQL 15 binaries of the host, {@link StreamingReplica}): reads go to the
 * replica while it is up and close behind; a job just accepted is readable at once whatever the replica's lag; a
 * replica stopped or lagging is bypassed, counted, and taken back when it recovers. Skipped (loudly) on a host without
 * {@code /usr/lib/postgresql/15/bin}.
 */
class ReplicaReadsTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static StreamingReplica pair;
    private static ConfigurableApplicationContext api;
    private static MeterRegistry meters;
    private static ReadRoute route;

    @BeforeAll
    static void start() {
        assumeThat(StreamingReplica.available())
                .as("SKIPPED: no PostgreSQL 15 binaries in " + StreamingReplica.BINARIES + ": no replica test ran")
                .isTrue();
        pair = StreamingReplica.start();
        Map<String, Object> properties = new HashMap<>(Infrastructures.shared().springProperties());
        properties.put("spring.datasource.url", pair.primaryUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("askflow.replica.url", pair.replicaUrl());
        properties.put("askflow.replica.max-lag", "2s");
        properties.put("askflow.replica.check-interval", "200ms");
        properties.put("askflow.security.enabled", false);
        properties.put("askflow.limits.enabled", false);
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("spring.jmx.enabled", false);
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        api = new SpringApplicationBuilder(ApiApplication.class).run(arguments);
        meters = api.getBean(MeterRegistry.class);
        route = api.getBean(ReadRoute.class);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void replicaInUse() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "IN_USE".equals(state()));
    }

    @Test
    void shouldServeReadsFromTheReplica() throws Exception {
        String id = submit();
        await().atMost(Duration.ofSeconds(10)).until(() -> onReplica(id));
        double replicaReads = count("askflow.replica.reads", "target", "replica");
        long scans = jobScansOnReplica();

        assertThat(get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
        assertThat(get("/v1/jobs?limit=5").statusCode()).isEqualTo(200);

        assertThat(count("askflow.replica.reads", "target", "replica")).isGreaterThanOrEqualTo(replicaReads + 2);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(jobScansOnReplica()).as("the replica's own statistics saw the reads").isGreaterThan(scans));
    }

    @Test
    void shouldAnswerAJobJustAcceptedAtOnceEvenWhenTheReplicaHasNotReplayedIt() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(get("/v1/jobs/" + submit()).statusCode()).isEqualTo(200);
        }
        double fallbacks = count("askflow.replica.fallbacks");
        pair.pauseReplay();
        try {
            String id = submit();
            assertThat(get("/v1/jobs/" + id).statusCode()).as("never a 404 after the submit").isEqualTo(200);
            assertThat(onReplica(id)).isFalse();
            assertThat(count("askflow.replica.fallbacks")).isGreaterThan(fallbacks);
        }
        finally {
            pair.resumeReplay();
        }
    }

    @Test
    void shouldBypassALaggingReplicaAndTakeItBackWhenItCatchesUp() throws Exception {
        double bypassed = count("askflow.replica.bypassed", "reason", "LAGGING");
        pair.pauseReplay();
        try {
            String id = submit();
            await().atMost(Duration.ofSeconds(10)).until(() -> "LAGGING".equals(state()));
            double primaryReads = count("askflow.replica.reads", "target", "primary");
            assertThat(get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
            assertThat(get("/v1/jobs?limit=5").body()).as("the list from the primary has it").contains(id);
            assertThat(count("askflow.replica.bypassed", "reason", "LAGGING")).isGreaterThanOrEqualTo(bypassed + 2);
            assertThat(count("askflow.replica.reads", "target", "primary")).isGreaterThanOrEqualTo(primaryReads + 2);
            assertThat(route.health().getDetails()).containsEntry("reads", "primary");
        }
        finally {
            pair.resumeReplay();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "IN_USE".equals(state()));
        assertThat(route.health().getDetails()).containsEntry("reads", "replica");
    }

    @Test
    void shouldReadFromThePrimaryWhileTheReplicaIsDown() throws Exception {
        String id = submit();
        double bypassed = count("askflow.replica.bypassed", "reason", "DOWN");
        pair.stopReplica();
        try {
            assertThat(get("/v1/jobs/" + id).statusCode()).as("the first read after the stop").isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(state()));
            assertThat(get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
            assertThat(get("/v1/jobs/" + submit()).statusCode()).isEqualTo(200);
            assertThat(count("askflow.replica.bypassed", "reason", "DOWN")).isGreaterThan(bypassed);
            assertThat(route.health().getStatus().getCode()).isEqualTo("UP");
        }
        finally {
            pair.startReplica();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "IN_USE".equals(state()));
    }

    private static String state() {
        return String.valueOf(route.health().getDetails().get("state"));
    }

    private static double count(String name, String... tags) {
        return Search.in(meters).name(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String submit() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"Replica? " + UUID.randomUUID() + "\"}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).get("id").asString();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        int port = ((WebServerApplicationContext) api).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static boolean onReplica(String id) throws SQLException {
        try (Connection replica = pair.connect(pair.replicaUrl()); Statement statement = replica.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from jobs where id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static long jobScansOnReplica() throws SQLException {
        try (Connection replica = pair.connect(pair.replicaUrl()); Statement statement = replica.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(seq_scan, 0) + coalesce(idx_scan, 0)"
                     + " from pg_stat_user_tables where relname = 'jobs'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
