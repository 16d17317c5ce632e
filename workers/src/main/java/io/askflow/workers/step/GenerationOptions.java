package io.askflow.workers.step;

import java.util.HashMap;
import java.util.Map;

/**
 * The Ollama options of one step: the agent's options, overridden by the job's own, with {@code num_predict}
 * capped by the worker (an absent, unlimited (-1) or larger value becomes the cap), so that no single
 * question can hold a slot for an unbounded generation.
 */
public final class GenerationOptions {

    /** Ollama's option for the most tokens to generate. */
    public static final String NUM_PREDICT = "num_predict";

    private GenerationOptions() {
    }

    public static Map<String, Object> merge(Map<String, Object> agentOptions, Map<String, Object> jobOptions,
                                            int numPredictCap) {
        Map<String, Object> options = new HashMap<>(agentOptions);
        options.putAll(jobOptions);
        options.put(NUM_PREDICT, cappedNumPredict(options.get(NUM_PREDICT), numPredictCap));
        return options;
    }

    private static int cappedNumPredict(Object requested, int cap) {
        if (requested instanceof Number number && number.longValue() > 0) {
            return (int) Math.min(number.longValue(), cap);
        }
        return cap;
    }
}
