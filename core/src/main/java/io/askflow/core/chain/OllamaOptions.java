package io.askflow.core.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an Ollama generation option follows, one set for a chain file's agent options and for a job's own
 * (which override them), so that a bad value is refused where it is written, with its name, rather than failing
 * at Ollama long after the chain was loaded or the job accepted. A name is lower case, digits and _; the integer
 * options take whole numbers, the other numeric ones numbers; any other option takes a number, text, true/false
 * or a list of them; and no number is infinite or NaN (it has no JSON form, and the fingerprint cannot read it).
 */
public final class OllamaOptions {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> INTEGER_OPTIONS = Set.of("num_predict", "num_ctx", "top_k", "seed",
            "repeat_last_n", "num_keep", "mirostat", "num_batch", "num_gpu", "num_thread");
    private static final Set<String> NUMBER_OPTIONS = Set.of("temperature", "top_p", "min_p", "typical_p",
            "repeat_penalty", "presence_penalty", "frequency_penalty", "mirostat_eta", "mirostat_tau", "tfs_z");

    private OllamaOptions() {
    }

    /** Whether {@code name} can name an Ollama option: lower case, digits and _, starting with a letter. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * What the value of option {@code name} must be, when {@code value} is not that (for example "a whole
     * number"); empty when the value is fine. A {@code null} value is not fine.
     */
    public static Optional<String> expected(String name, Object value) {
        if (!hasAllowedType(name, value)) {
            return Optional.of(INTEGER_OPTIONS.contains(name) ? "a whole number"
                    : NUMBER_OPTIONS.contains(name) ? "a number" : "a number, text, true/false or a list of them");
        }
        if (!isFinite(value)) {
            return Optional.of(value instanceof List<?> ? "finite numbers only" : "a finite number");
        }
        return Optional.empty();
    }

    private static boolean hasAllowedType(String name, Object value) {
        if (INTEGER_OPTIONS.contains(name)) {
            return value instanceof Integer || value instanceof Long || value instanceof BigInteger
                    || value instanceof Short || value instanceof Byte;
        }
        if (NUMBER_OPTIONS.contains(name)) {
            return value instanceof Number;
        }
        return isPlain(value) || value instanceof List<?> list && list.stream().allMatch(OllamaOptions::isPlain);
    }

    private static boolean isPlain(Object value) {
        return value instanceof Number || value instanceof String || value instanceof Boolean;
    }

    private static boolean isFinite(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().allMatch(OllamaOptions::isFinite);
        }
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        return !(value instanceof Float f) || Float.isFinite(f);
    }
}
