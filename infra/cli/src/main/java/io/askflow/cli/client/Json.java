package io.askflow.cli.client;

import tools.jackson.databind.JsonNode;

import java.util.Map;

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

    /** An object's fields as {@code k=v, k2=v2}, or null when it is missing or empty (metadata). */
    public static String pairs(JsonNode object) {
        if (object == null || !object.isObject() || object.isEmpty()) {
            return null;
        }
        StringBuilder pairs = new StringBuilder();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            pairs.append(pairs.isEmpty() ? "" : ", ").append(entry.getKey()).append('=').append(entry.getValue().asString());
        }
        return pairs.toString();
    }

    /** The node, indented, for --json. */
    public static String pretty(JsonNode node) {
        return ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
