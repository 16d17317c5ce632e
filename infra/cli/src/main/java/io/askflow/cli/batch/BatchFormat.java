package io.askflow.cli.batch;

import io.askflow.cli.client.Json;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** How batches read on a terminal (OpenAI's batch object: status, request_counts, file ids, *_at times). */
final class BatchFormat {

    /** The statuses a batch does not leave. */
    static final Set<String> FINAL = Set.of("completed", "failed", "expired", "cancelled");

    private BatchFormat() {
    }

    static String status(JsonNode batch) {
        return Json.text(batch, "status", "unknown");
    }

    static boolean ended(JsonNode batch) {
        return FINAL.contains(status(batch));
    }

    static long completed(JsonNode batch) {
        return Json.number(batch.path("request_counts"), "completed");
    }

    static long failed(JsonNode batch) {
        return Json.number(batch.path("request_counts"), "failed");
    }

    static long total(JsonNode batch) {
        return Json.number(batch.path("request_counts"), "total");
    }

    /** {@code 95 completed, 5 failed, 100 total}. */
    static String counts(JsonNode batch) {
        return completed(batch) + " completed, " + failed(batch) + " failed, " + total(batch) + " total";
    }

    /** A batch as labelled lines: id and status, counts, files, times, metadata, validation errors. */
    static String details(JsonNode batch) {
        StringBuilder text = new StringBuilder();
        line(text, "id", Json.text(batch, "id"));
        line(text, "status", status(batch));
        line(text, "requests", counts(batch));
        line(text, "endpoint", Json.text(batch, "endpoint"));
        line(text, "window", Json.text(batch, "completion_window"));
        line(text, "input", Json.text(batch, "input_file_id"));
        line(text, "output", Json.text(batch, "output_file_id"));
        line(text, "errors", Json.text(batch, "error_file_id"));
        for (String time : new String[] {"created", "in_progress", "finalizing", "completed", "failed", "expired",
                "cancelling", "cancelled"}) {
            line(text, time.replace('_', ' '), time(batch, time + "_at"));
        }
        line(text, "metadata", Json.pairs(batch.get("metadata")));
        for (JsonNode error : batch.path("errors").path("data")) {
            String where = error.hasNonNull("line") ? "line " + error.get("line").asString() + ": " : "";
            line(text, "error", where + Json.text(error, "code", "error") + ": " + Json.text(error, "message", ""));
        }
        return text.toString();
    }

    /** A list of batches ({@code {"data": [...]}}) as a table. */
    static String table(JsonNode list) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-40s  %-11s  %9s  %9s  %9s  %s%n",
                "ID", "STATUS", "COMPLETED", "FAILED", "TOTAL", "CREATED"));
        for (JsonNode batch : list.path("data")) {
            text.append(String.format(Locale.ROOT, "%-40s  %-11s  %9d  %9d  %9d  %s%n", Json.text(batch, "id", ""),
                    status(batch), completed(batch), failed(batch), total(batch), time(batch, "created_at")));
        }
        return text.toString();
    }

    /** A {@code *_at} field (Unix seconds) as an ISO instant, or null. */
    static String time(JsonNode batch, String field) {
        JsonNode value = batch.get(field);
        return value == null || !value.isNumber() ? null : Instant.ofEpochSecond(value.asLong()).toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
        }
    }
}
