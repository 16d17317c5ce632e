package io.askflow.api.events;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code wait} of a long-poll: {@code 30s}, {@code 500ms}, {@code 2m}, a number of seconds ({@code 30})
 * or ISO-8601 ({@code PT30S}); zero means no wait, more than the maximum is cut to it.
 */
public final class WaitDuration {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitDuration() {
    }

    /**
     * The wait {@code text} asks for, at most {@code max}.
     *
     * @throws IllegalArgumentException when it is not a duration, or negative, with what a wait looks like
     */
    public static Duration parse(String text, Duration max) {
        Duration wait = read(text.strip().toLowerCase(Locale.ROOT));
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a wait; a wait is a duration from 0 to "
                    + max.toSeconds() + " s such as 30s, 500ms, 1m, 30 (seconds) or PT30S (ISO-8601); longer waits are"
                    + " cut to " + max.toSeconds() + " s");
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static Duration read(String text) {
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        if (text.startsWith("pt") || text.startsWith("-pt") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
