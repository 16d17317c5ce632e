package io.askflow.cli.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One line for an error answer: {@code application/problem+json}'s title and detail (Askflow's own endpoints),
 * an OpenAI-style {@code {"error": {"message"}}}, or the start of whatever else came back.
 */
final class ProblemLine {

    private static final int MAX_BODY = 200;

    private ProblemLine() {
    }

    /**
     * @param call   what was called, e.g. {@code GET /v1/jobs/42}
     * @param status the HTTP status
     * @param body   the answer's body
     */
    static String of(String call, int status, String body) {
        String described = describe(body);
        String line = call + " failed: " + status + (described.isEmpty() ? "" : " " + described);
        if (status == 401) {
            line += " (give a key with --api-key or " + CliContext.KEY_VARIABLE + ")";
        }
        return line;
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = ApiClient.json().readTree(body);
            String title = Json.text(node, "title");
            String detail = Json.text(node, "detail");
            if (title != null || detail != null) {
                return title == null ? detail : detail == null ? title : title + ": " + detail;
            }
            String message = Json.text(node.path("error"), "message");
            if (message != null) {
                return message;
            }
        } catch (JacksonException e) {
            // not JSON: the text itself says what it is
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "..." : text;
    }
}
