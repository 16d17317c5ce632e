package io.askflow.dev;

import java.util.Map;

/**
 * {@link AskflowDev}'s command line and environment.
 *
 * @param settings           how the stack starts
 * @param infrastructureOnly start only Kafka, Redis and PostgreSQL, for running the roles as separate processes
 */
record DevArguments(DevSettings settings, boolean infrastructureOnly) {

    static final String USAGE = "options: --port=8080 --ollama-url=http://localhost:11434 --simulator --infra-only";

    static DevArguments parse(String[] args, Map<String, String> environment) {
        DevSettings defaults = DevSettings.defaults();
        int port = Integer.parseInt(environment.getOrDefault("ASKFLOW_PORT", Integer.toString(defaults.apiPort())));
        String ollamaUrl = environment.getOrDefault("OLLAMA_URL", defaults.ollamaUrl());
        boolean simulator = false;
        boolean infrastructureOnly = false;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--ollama-url=")) {
                ollamaUrl = arg.substring("--ollama-url=".length());
            } else if (arg.equals("--simulator")) {
                simulator = true;
            } else if (arg.equals("--infra-only")) {
                infrastructureOnly = true;
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        DevSettings settings = new DevSettings(port, port + 1, port + 2, ollamaUrl, simulator, defaults.simulator(),
                defaults.extraProperties());
        return new DevArguments(settings, infrastructureOnly);
    }
}
