package io.askflow.cli.job;

import io.askflow.cli.client.Json;
import tools.jackson.databind.JsonNode;

import java.util.Locale;

/** How jobs read on a terminal: one job as labelled lines, a page of jobs as a table. */
final class JobFormat {

    static final int QUESTION_WIDTH = 60;

    private JobFormat() {
    }

    /** Whether the job has ended (COMPLETED or FAILED). */
    static boolean ended(JsonNode job) {
        String status = Json.text(job, "status", "");
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }

    /** A job's one line of failure: {@code job ID failed: TYPE: message}. */
    static String failure(JsonNode job) {
        JsonNode error = job.path("error");
        String type = Json.text(error, "type", "unknown error");
        String message = Json.text(error, "message");
        return "job " + Json.text(job, "id") + " failed: " + type + (message == null ? "" : ": " + message);
    }

    /** A job as labelled lines: id, status, question, answer or error, tokens, times. */
    static String details(JsonNode job) {
        StringBuilder text = new StringBuilder();
        line(text, "id", Json.text(job, "id"));
        String source = Json.text(job, "source");
        line(text, "status", Json.text(job, "status") + (source == null ? "" : " (" + source + ")"));
        line(text, "question", Json.text(job, "question"));
        line(text, "chain", Json.text(job, "chain"));
        line(text, "model", Json.text(job, "model"));
        line(text, "answer", Json.text(job, "answer"));
        if (job.hasNonNull("error")) {
            line(text, "error", Json.text(job.get("error"), "type") + ": " + Json.text(job.get("error"), "message"));
        }
        JsonNode tokens = job.path("tokens");
        if (tokens.isObject()) {
            line(text, "tokens", Json.number(tokens, "promptTokens") + " prompt, "
                    + Json.number(tokens, "completionTokens") + " completion");
        }
        line(text, "submitted", Json.text(job, "submittedAt"));
        line(text, "completed", Json.text(job, "completedAt"));
        line(text, "metadata", Json.pairs(job.get("metadata")));
        return text.toString();
    }

    /** A page of jobs as a table: id, status, source, submitted, question (cut to fit). */
    static String table(JsonNode page) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-36s  %-9s  %-9s  %-27s  %s%n",
                "ID", "STATUS", "SOURCE", "SUBMITTED", "QUESTION"));
        for (JsonNode job : page.path("jobs")) {
            text.append(String.format(Locale.ROOT, "%-36s  %-9s  %-9s  %-27s  %s%n",
                    Json.text(job, "id", ""), Json.text(job, "status", ""), Json.text(job, "source", "-"),
                    Json.text(job, "submittedAt", ""), cut(Json.text(job, "question", ""), QUESTION_WIDTH)));
        }
        return text.toString();
    }

    /** The text on one line, cut to {@code width} characters with an ellipsis. */
    static String cut(String text, int width) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(String.format(Locale.ROOT, "%-10s %s%n", label, value));
        }
    }

}
