package io.askflow.testing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the test infrastructure comes from. */
public enum InfraMode {

    /** In this JVM or as child processes: works on any machine with a JDK. The default. */
    EMBEDDED,

    /** Docker containers through Testcontainers; falls back to {@link #EMBEDDED} without Docker. */
    TESTCONTAINERS,

    /** Services somebody else runs, given by environment variables or system properties. */
    EXTERNAL;

    /**
     * Reads a mode name, ignoring case and surrounding blanks.
     *
     * @param value {@code embedded}, {@code testcontainers} or {@code external}; blank means embedded
     * @return the mode
     * @throws IllegalArgumentException for any other value
     */
    public static InfraMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown test infrastructure mode '" + value
                        + "', expected one of " + Arrays.stream(values())
                                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }
}
