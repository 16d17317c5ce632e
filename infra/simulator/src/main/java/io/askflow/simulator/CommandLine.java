package io.askflow.simulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The standalone simulator's flags. Every flag but {@code --bind} and {@code --port} sets the
 * {@link SimulatorConfig} knob of the same meaning.
 *
 * @param bind the address to listen on
 * @param port the port to listen on
 * @param config the knobs to start with
 */
record CommandLine(String bind, int port, SimulatorConfig config) {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar askflow-ollama-simulator-exec.jar [flags]",
            "  --bind ADDRESS             address to listen on (default 127.0.0.1; 0.0.0.0 for all)",
            "  --port N                   port (default 11434, Ollama's own)",
            "  --models a,b               models served (default llama3.2,qwen2.5)",
            "  --any-model                serve every model name",
            "  --slots N                  parallel slots, like OLLAMA_NUM_PARALLEL (default 4)",
            "  --queue N                  waiting requests before 503, like OLLAMA_MAX_QUEUE (default 512)",
            "  --ttft-ms N                time to first token (default 0)",
            "  --tokens-per-second X      generation speed, 0 = instant (default 0)",
            "  --latency-ms N             fixed extra time per call (default 0)",
            "  --answer-tokens N          words per answer (default 24)",
            "  --echo                     answers repeat the last user message",
            "  --error-rate X             share of calls failing with 500 (default 0)",
            "  --busy-rate X              share of calls refused with 503 (default 0)",
            "  --hang-rate X              share of calls that never answer (default 0)",
            "  --hang-ms N                drop a hung call after N ms, 0 = never (default 0)",
            "  --stall-after-headers-rate X  share of calls that send headers and half a body, then stall (default 0)",
            "  --stream-error-rate X      share of streams broken half-way (default 0)",
            "  --seed N                   seed of the fault draws (default 0)");

    static final int DEFAULT_PORT = 11434;

    /**
     * Parses flags.
     *
     * @throws IllegalArgumentException with a readable message for an unknown flag, a missing
     *     value or a value out of range
     */
    static CommandLine parse(String... args) {
        String bind = "127.0.0.1";
        int port = DEFAULT_PORT;
        SimulatorConfig config = SimulatorConfig.defaults();
        Iterator<String> it = Arrays.asList(args).iterator();
        while (it.hasNext()) {
            String flag = it.next();
            switch (flag) {
                case "--bind" -> bind = value(flag, it);
                case "--port" -> port = Integer.parseInt(value(flag, it));
                case "--models" -> config = config.withModels(List.of(value(flag, it).split("\\s*,\\s*")));
                case "--any-model" -> config = config.withAcceptAnyModel(true);
                case "--slots" -> config = config.withSlots(Integer.parseInt(value(flag, it)));
                case "--queue" -> config = config.withQueue(Integer.parseInt(value(flag, it)));
                case "--ttft-ms" -> config = config.withTimeToFirstTokenMillis(Long.parseLong(value(flag, it)));
                case "--tokens-per-second" -> config = config.withTokensPerSecond(Double.parseDouble(value(flag, it)));
                case "--latency-ms" -> config = config.withLatencyMillis(Long.parseLong(value(flag, it)));
                case "--answer-tokens" -> config = config.withAnswerTokens(Integer.parseInt(value(flag, it)));
                case "--echo" -> config = config.withEcho(true);
                case "--error-rate" -> config = config.withErrorRate(Double.parseDouble(value(flag, it)));
                case "--busy-rate" -> config = config.withBusyRate(Double.parseDouble(value(flag, it)));
                case "--hang-rate" -> config = config.withHangRate(Double.parseDouble(value(flag, it)));
                case "--hang-ms" -> config = config.withHangMillis(Long.parseLong(value(flag, it)));
                case "--stall-after-headers-rate" ->
                        config = config.withStallAfterHeadersRate(Double.parseDouble(value(flag, it)));
                case "--stream-error-rate" -> config = config.withStreamErrorRate(Double.parseDouble(value(flag, it)));
                case "--seed" -> config = config.withSeed(Long.parseLong(value(flag, it)));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be within 0..65535, was " + port);
        }
        return new CommandLine(bind, port, config);
    }

    private static String value(String flag, Iterator<String> it) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return it.next();
    }
}
