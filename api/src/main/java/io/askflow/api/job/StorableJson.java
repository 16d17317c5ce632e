package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what a caller's JSON value (metadata, options) holds that cannot be stored as given: a NUL character,
 * which PostgreSQL refuses in text and jsonb (the insert would fail on every retry), a lone UTF-16 surrogate
 * ({@code "\uD800"} without its pair), which PostgreSQL's UTF-8 stores as {@code ?} (every poll would show another
 * text than the one fingerprinted), and an infinite or NaN number (what 1e400 parses to), which JSON cannot write
 * back as the number it was.
 */
public final class StorableJson {

    static final String NUL = "contains a NUL character (\\u0000), which cannot be stored: remove it";
    static final String LONE_SURROGATE = "contains half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF without its"
            + " other half), which is not a character and cannot be stored: send the whole character or remove it";

    private StorableJson() {
    }

    /** The first such value in {@code value}, named by its path below {@code path}; empty when there is none. */
    static Optional<Violation> firstFault(String path, Object value) {
        if (value instanceof String text) {
            return unstorable(text).map(problem -> new Violation(path, problem));
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
            Optional<String> problem = unstorable(key);
            if (problem.isPresent()) {
                return Optional.of(new Violation(path, "has a key that " + problem.get()));
            }
            Optional<Violation> fault = firstFault(path + "." + key, entry.getValue());
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    /** What makes {@code text} unstorable ({@link #NUL}, {@link #LONE_SURROGATE}), or empty when it can be stored. */
    public static Optional<String> unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of(NUL);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a whole pair: one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                return Optional.of(LONE_SURROGATE);
            }
        }
        return Optional.empty();
    }
}
