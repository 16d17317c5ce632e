package io.askflow.dev;

import io.askflow.simulator.SimulatorConfig;

import java.util.Map;

/**
 * How the dev stack starts.
 *
 * @param apiPort           the API's HTTP port (0: any free port)
 * @param pipelinePort      the pipeline's Actuator port (0: any free port)
 * @param workersPort       the workers' Actuator port (0: any free port)
 * @param ollamaUrl         a real Ollama to use when it answers
 * @param useSimulator      start the Ollama simulator even if a real Ollama answers (tests do)
 * @param simulator         the simulator's knobs, when it runs
 * @param extraProperties   more Spring properties for all three applications (e.g. askflow.* overrides)
 */
public record DevSettings(int apiPort, int pipelinePort, int workersPort, String ollamaUrl, boolean useSimulator,
                          SimulatorConfig simulator, Map<String, String> extraProperties) {

    /** The defaults of {@code AskflowDev}: API on 8080, Actuators on 8081 and 8082 (the api's on 8083), Ollama at localhost:11434. */
    public static DevSettings defaults() {
        return new DevSettings(8080, 8081, 8082, "http://localhost:11434", false, SimulatorConfig.defaults(), Map.of());
    }

    /** Free ports and always the simulator, with the given knobs: for tests. */
    public static DevSettings forTests(SimulatorConfig simulator) {
        return new DevSettings(0, 0, 0, "http://localhost:11434", true, simulator, Map.of());
    }

    public DevSettings withExtraProperties(Map<String, String> properties) {
        return new DevSettings(apiPort, pipelinePort, workersPort, ollamaUrl, useSimulator, simulator, properties);
    }
}
