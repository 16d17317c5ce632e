package io.askflow.core.chain;

import java.util.Map;

/**
 * One agent of a chain: the persona its prompts are written from.
 *
 * @param name      the agent's key in the chain file, e.g. {@code researcher}
 * @param role      who the agent is, e.g. "Senior research analyst"; may use {@code {question}}
 * @param goal      what the agent tries to achieve; may use {@code {question}}
 * @param backstory the agent's background, possibly empty; may use {@code {question}}
 * @param model     the Ollama model pinned for this agent, or {@code null} to use the job's model,
 *                  then the chain's, then the worker's default
 * @param options   Ollama generation options for this agent's calls (temperature, num_predict, ...);
 *                  a job's own options override them
 */
public record AgentDefinition(String name, String role, String goal, String backstory, String model,
                              Map<String, Object> options) {

    public AgentDefinition {
        requireText(name, "name");
        requireText(role, "role");
        requireText(goal, "goal");
        backstory = backstory == null ? "" : backstory;
        model = model == null || model.isBlank() ? null : model.strip();
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
