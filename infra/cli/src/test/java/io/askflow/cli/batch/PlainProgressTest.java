package io.askflow.cli.batch;

import io.askflow.cli.client.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PlainProgressTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
    private final StringWriter lines = new StringWriter();
    private final PlainProgress progress = new PlainProgress(new PrintWriter(lines), now::get, Duration.ofSeconds(5));

    @Test
    void shouldPrintTheFirstStateStatusChangesEveryFewSecondsAndTheEnd() {
        progress.show(batch("validating", 0, 0, 0));
        advance(Duration.ofSeconds(1));
        progress.show(batch("in_progress", 0, 0, 100));
        advance(Duration.ofSeconds(1));
        progress.show(batch("in_progress", 10, 0, 100)); // within 5 s of the last line: not printed
        advance(Duration.ofSeconds(4));
        progress.show(batch("in_progress", 48, 2, 100));
        advance(Duration.ofSeconds(1));
        progress.show(batch("in_progress", 55, 5, 100)); // not printed yet, but the last state: printed on close
        progress.close();

        assertThat(lines.toString().lines()).containsExactly(
                "batch batch_9 validating: 0/0 done (0 completed, 0 failed)",
                "batch batch_9 in_progress: 0/100 done (0 completed, 0 failed)",
                "batch batch_9 in_progress: 50/100 done (48 completed, 2 failed), 8.3 lines/s, ETA 6s",
                "batch batch_9 in_progress: 60/100 done (55 completed, 5 failed), 8.6 lines/s, ETA 4s");
    }

    @Test
    void shouldLeaveOutTheEtaOnceTheBatchHasEnded() {
        progress.show(batch("in_progress", 0, 0, 10));
        advance(Duration.ofSeconds(2));
        progress.show(batch("completed", 9, 1, 10));
        progress.close();

        assertThat(lines.toString().lines()).last().isEqualTo("batch batch_9 completed: 10/10 done (9 completed, 1 failed), 5.0 lines/s");
    }

    private static JsonNode batch(String status, int completed, int failed, int total) {
        return ApiClient.json().readTree(
                "{\"id\":\"batch_9\",\"status\":\"%s\",\"request_counts\":{\"total\":%d,\"completed\":%d,\"failed\":%d}}"
                .formatted(status, total, completed, failed));
    }

    private void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }
}
