package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what a caller's JSON value (metadata, options) holds that cannot be stored as given: a NUL character,
 * which PostgreSQL refuses in text and jsonb (the insert would fail on every retry), and an infinite or NaN
 * number (what 1e400 parses to), which JSON cannot write back as the number it was.
 */
final class StorableJson {

    static final String NUL = "contains a NUL character (\\u0000), which cannot be stored: remove it";

    private StorableJson() {
    }

    /** The first such value in {@code value}, named by its path below {@code path}; empty when there is none. */
    static Optional<Violation> firstFault(String path, Object value) {
        if (value instanceof String text) {
            return hasNul(text) ? Optional.of(new Violation(path, NUL)) : Optional.empty();
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return Optional.of(new Violation(path, "must be a finite number, was " + value));
        }
        if (value instanceof Map<?, ?> map) {
            return firstFault(path, map);
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<Violation> fault = firstFault(path + "[" + i + "]", list.get(i));
                if (fault.isPresent()) {
                    return fault;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> firstFault(String path, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (hasNul(key)) {
                return Optional.of(new Violation(path, "has a key that " + NUL));
            }
            Optional<Violation> fault = firstFault(path + "." + key, entry.getValue());
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    static boolean hasNul(String text) {
        return text.indexOf('\0') >= 0;
    }
}
