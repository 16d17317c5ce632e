package io.askflow.cli.client;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the command reads from where it runs, handed in so that tests can set it.
 *
 * @param environment the environment variables ({@code ASKFLOW_URL}, {@code ASKFLOW_API_KEY} or {@code ASKFLOW_KEY})
 * @param interactive whether standard output is a terminal: a progress bar then, else plain progress lines
 * @param terminal    where the progress bar draws (standard error), when interactive
 * @param clock       the clock of progress rates and waits
 */
public record CliContext(Map<String, String> environment, boolean interactive, PrintStream terminal, Clock clock) {

    /** The environment variable naming the API's base URL. */
    public static final String URL_VARIABLE = "ASKFLOW_URL";
    /** The environment variable holding the API key. */
    public static final String KEY_VARIABLE = "ASKFLOW_API_KEY";
    /**
     * The API key's variable in the README's curl session and the dev mode banner's export line, read when
     * {@link #KEY_VARIABLE} is not set.
     */
    public static final String CURL_KEY_VARIABLE = "ASKFLOW_KEY";
    /** The API's URL when neither --url nor the environment names one: the dev mode's. */
    public static final String DEFAULT_URL = "http://localhost:8080";

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** A context for tests and scripts: no terminal, the given environment, the system clock. */
    public static CliContext plain(Map<String, String> environment) {
        return new CliContext(environment, false, null, Clock.systemUTC());
    }
}
