package io.askflow.api.chain;

import java.util.List;

/**
 * A chain as a caller sees it: what it does and with whom, not its prompts.
 *
 * @param name        what a job names in {@code chain}
 * @param version     12 hex digits that change with anything that changes an answer
 * @param description what the chain is for, possibly empty
 * @param model       the chain's default model, or {@code null} for the workers' default
 * @param agents      its agents, in file order
 * @param steps       its steps, in the order they run
 */
public record ChainView(String name, String version, String description, String model, List<AgentView> agents,
                        List<StepView> steps) {

    /**
     * An agent.
     *
     * @param name  its name in the chain
     * @param role  its role
     * @param goal  its goal (may hold {@code {question}})
     * @param model the model pinned for it, or {@code null}
     */
    public record AgentView(String name, String role, String goal, String model) {
    }

    /**
     * A step.
     *
     * @param name  its name
     * @param type  its type
     * @param agent the agent that runs it
     */
    public record StepView(String name, String type, String agent) {
    }
}
