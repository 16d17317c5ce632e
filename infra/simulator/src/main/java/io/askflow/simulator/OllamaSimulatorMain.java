package io.askflow.simulator;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Runs the {@link OllamaSimulator} as a process:
 * {@code java -jar askflow-ollama-simulator-<version>-exec.jar --port 11434 --slots 2}.
 * Prints one line saying it is a simulator and where it listens; Ctrl-C stops it. Flags are
 * listed by {@code --help}.
 */
public final class OllamaSimulatorMain {

    private static final String LOGBACK_CONFIG = "askflow-simulator-logback.xml";

    private OllamaSimulatorMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        OllamaSimulator simulator = OllamaSimulator.start(line.config(), new InetSocketAddress(line.bind(), line.port()));
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "ollama-simulator-shutdown"));
        SimulatorConfig config = simulator.config();
        System.out.printf("Ollama SIMULATOR (simulated answers, no model runs) listening on %s"
                        + " - models %s, slots %d, queue %d; stats at %s/_simulator/stats; Ctrl-C stops it%n",
                simulator.baseUrl(), config.acceptAnyModel() ? "any" : config.models(), config.slots(),
                config.queue(), simulator.baseUrl());
    }
}
