package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Stats and knobs over HTTP, for benchmarks that run the simulator in another process. */
class AdminEndpointsTest {

    private static OllamaSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = OllamaSimulator.start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void shouldServeStatsAndRecentRequestsAndResetThem() {
        http.post("/api/chat", TestHttp.chat("llama3.2", "counted", false));

        JsonNode stats = http.get("/_simulator/stats").json();
        JsonNode requests = http.get("/_simulator/requests").json();
        JsonNode afterReset = http.post("/_simulator/reset", "").json();

        assertThat(stats.path("completed").asLong()).isEqualTo(1);
        assertThat(stats.path("requestsByEndpoint").path("/api/chat").asLong()).isEqualTo(1);
        assertThat(stats.path("maxInFlight").asInt()).isEqualTo(1);
        assertThat(requests.get(requests.size() - 1).path("messages").get(0).path("content").asString()).isEqualTo("counted");
        assertThat(afterReset.path("completed").asLong()).isZero();
        assertThat(simulator.recentRequests()).isEmpty();
    }

    @Test
    void shouldChangeOnlyTheKnobsGiven() {
        SimulatorConfig before = simulator.config();

        JsonNode answer = http.post("/_simulator/config", "{\"slots\": 7, \"busyRate\": 0.25}").json();

        assertThat(answer.path("slots").asInt()).isEqualTo(7);
        assertThat(simulator.config()).isEqualTo(before.withSlots(7).withBusyRate(0.25));
        simulator.reconfigure(c -> before);
        assertThat(http.get("/_simulator/config").json().path("slots").asInt()).isEqualTo(before.slots());
    }

    @Test
    void shouldRefuseUnknownOrInvalidKnobs() {
        SimulatorConfig before = simulator.config();

        TestHttp.Reply unknown = http.post("/_simulator/config", "{\"speed\": 3}");
        TestHttp.Reply invalid = http.post("/_simulator/config", "{\"errorRate\": 2}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asString()).contains("speed");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("error").asString()).contains("errorRate must be within 0..1");
        assertThat(simulator.config()).isEqualTo(before);
    }
}
