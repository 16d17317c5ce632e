package io.askflow.cli;

import io.askflow.cli.client.CliContext;
import io.askflow.dev.DevSettings;
import io.askflow.dev.DevStack;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructures;

import java.util.Map;

/**
 * The whole stack for the end-to-end tests (DevStack on the JVM's shared embedded Kafka, Redis and PostgreSQL,
 * the Ollama simulator), and the environment that points the command at it with the dev tenant's key. One per
 * JVM: the test classes share it (each asks questions of its own), and the shared infrastructure's shutdown hook
 * closes it before Kafka, Redis and PostgreSQL.
 */
public final class CliStack {

    private static CliStack shared;

    private final DevStack stack;

    private CliStack(DevStack stack) {
        this.stack = stack;
    }

    /** The JVM's stack, started on first use. */
    public static synchronized CliStack shared() {
        if (shared == null) {
            DevStack stack = DevStack.start(DevSettings.forTests(SimulatorConfig.defaults()), Infrastructures.shared());
            Infrastructures.shared().closeFirst(stack);
            shared = new CliStack(stack);
        }
        return shared;
    }

    /** {@code ASKFLOW_URL} and {@code ASKFLOW_API_KEY} of this stack. */
    public Map<String, String> environment() {
        return Map.of(CliContext.URL_VARIABLE, stack.apiUrl(), CliContext.KEY_VARIABLE, stack.devKey());
    }

    public String apiUrl() {
        return stack.apiUrl();
    }

    public String devKey() {
        return stack.devKey();
    }
}
