package io.askflow.core.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an Ollama generation option follows, one set for a chain file's agent options and for a job's own
 * (which override them), so that a bad value is refused where it is written, with its name, rather than failing
 * at Ollama long after the chain was loaded or the job accepted. A name is lower case, digits and _; the integer
 * options take whole numbers, the other numeric ones numbers; any other option takes a number, text, true/false
 * or a list of them; no number is infinite or NaN (it has no JSON form, and the fingerprint cannot read it); and
 * the options Ollama documents have ranges ({@link #range}): a context of a billion tokens or a thousand GPUs is
 * refused here, naming the range, rather than making Ollama allocate it.
 */
public final class OllamaOptions {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> INTEGER_OPTIONS = Set.of("num_predict", "num_ctx", "top_k", "seed",
            "repeat_last_n", "num_keep", "mirostat", "num_batch", "num_gpu", "num_thread");
    private static final Set<String> NUMBER_OPTIONS = Set.of("temperature", "top_p", "min_p", "typical_p",
            "repeat_penalty", "presence_penalty", "frequency_penalty", "mirostat_eta", "mirostat_tau", "tfs_z");

    private static final int MAX_TOKENS = 1_048_576;

    /**
     * The ranges of the documented options, bounds included: -1 and -2 are Ollama's "no limit" and "until the
     * context is full" for {@code num_predict}, -1 its "as large as the context" for {@code repeat_last_n} and
     * "all of the prompt" for {@code num_keep}, -1 "as many layers as fit" for {@code num_gpu}, 0 "let Ollama
     * decide" for {@code num_thread} and "disabled" for {@code top_k}.
     */
    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("num_ctx", Range.of(1, MAX_TOKENS)),
            Map.entry("num_predict", Range.of(-2, MAX_TOKENS)),
            Map.entry("num_keep", Range.of(-1, MAX_TOKENS)),
            Map.entry("repeat_last_n", Range.of(-1, MAX_TOKENS)),
            Map.entry("num_batch", Range.of(1, 65_536)),
            Map.entry("num_gpu", Range.of(-1, 1024)),
            Map.entry("num_thread", Range.of(0, 1024)),
            Map.entry("top_k", Range.of(0, 1_000_000)),
            Map.entry("seed", Range.of(Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry("mirostat", Range.of(0, 2)),
            Map.entry("temperature", Range.of(0, 2)),
            Map.entry("top_p", Range.of(0, 1)),
            Map.entry("min_p", Range.of(0, 1)),
            Map.entry("typical_p", Range.of(0, 1)),
            Map.entry("tfs_z", Range.of(0, 1)),
            Map.entry("repeat_penalty", Range.of(0, 2)),
            Map.entry("presence_penalty", Range.of(-2, 2)),
            Map.entry("frequency_penalty", Range.of(-2, 2)),
            Map.entry("mirostat_eta", Range.of(0, 1)),
            Map.entry("mirostat_tau", Range.of(0, 20)));

    private OllamaOptions() {
    }

    /** The range of values option {@code name} takes, bounds included; empty for an option without one. */
    public static Optional<Range> range(String name) {
        return Optional.ofNullable(RANGES.get(name));
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
        Range range = RANGES.get(name);
        if (range != null && !range.contains((Number) value)) {
            return Optional.of((INTEGER_OPTIONS.contains(name) ? "a whole number from " : "a number from ") + range);
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

    /**
     * Values from {@code min} to {@code max}, both included.
     *
     * @param min the least value
     * @param max the greatest value
     */
    public record Range(BigDecimal min, BigDecimal max) {

        static Range of(long min, long max) {
            return new Range(BigDecimal.valueOf(min), BigDecimal.valueOf(max));
        }

        /** Whether {@code value}, a finite number, is in the range. */
        public boolean contains(Number value) {
            BigDecimal decimal = value instanceof BigDecimal d ? d
                    : value instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(value.toString());
            return decimal.compareTo(min) >= 0 && decimal.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return min.toPlainString() + " to " + max.toPlainString();
        }
    }
}
