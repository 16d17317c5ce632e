package io.askflow.cli.job;

import io.askflow.cli.client.ApiClient;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits for a job to end with the API's long poll ({@code GET /v1/jobs/{id}?wait=}), in turns of at most a minute. */
final class JobWaiter {

    /** The longest wait one poll asks for: the server cuts longer ones to its own maximum (60 s by default). */
    static final Duration MAX_POLL = Duration.ofSeconds(60);

    private JobWaiter() {
    }

    /**
     * The job once it has ended, or as it last was when {@code timeout} ran out.
     *
     * @param job the job as the submit answered it (a cached answer has already ended)
     */
    static JsonNode await(ApiClient api, String id, JsonNode job, Duration timeout, Clock clock) {
        Instant deadline = clock.instant().plus(timeout);
        JsonNode current = job;
        while (!JobFormat.ended(current)) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.toMillis() <= 0) {
                return current;
            }
            Duration wait = remaining.compareTo(MAX_POLL) > 0 ? MAX_POLL : remaining;
            current = api.get("/v1/jobs/" + ApiClient.segment(id) + "?wait=" + wait.toMillis() + "ms", wait);
        }
        return current;
    }
}
