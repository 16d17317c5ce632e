package io.askflow.dev;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Waiting for jobs in end-to-end tests. */
final class Awaits {

    private Awaits() {
    }

    /** Polls a job until it is COMPLETED or FAILED (at most a minute) and returns it. */
    static JsonNode jobEnd(ApiClient api, String location) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location).json(), job -> job.get("status").asString().matches("COMPLETED|FAILED"));
    }
}
