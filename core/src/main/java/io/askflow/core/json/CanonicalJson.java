package io.askflow.core.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A canonical JSON text of maps, lists, numbers and strings, for hashing: keys sorted at every
 * depth, numbers without trailing zeros ({@code 0.70} and {@code 0.7} agree, so do {@code 1} and
 * {@code 1.0}), no white space. Two values that mean the same give the same text.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            return sorted.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + write(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CanonicalJson::write).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof String text) {
            return quote(text);
        }
        return String.valueOf(value);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
