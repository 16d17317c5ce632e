package io.askflow.cli.client;

import tools.jackson.databind.JsonNode;

/** Reading the API's JSON answers, where a field may be missing or null. */
public final class Json {

    private Json() {
    }

    /** The field as text, or null when it is missing or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    /** The field as text, or {@code fallback} when it is missing or null. */
    public static String text(JsonNode node, String field, String fallback) {
        String text = text(node, field);
        return text == null ? fallback : text;
    }

    /** The field as a number, or 0 when it is missing or null. */
    public static long number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isNumber() ? 0 : value.asLong();
    }

    /** The node, indented, for --json. */
    public static String pretty(JsonNode node) {
        return ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
