package io.askflow.core.chain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated chain: agents and the steps they run, one after the other (sequential process). A chain file
 * lists its steps under {@code tasks}, as CrewAI's {@code tasks.yaml} does; in the code they are steps, and
 * each has a {@link StepType} saying what runs it.
 *
 * @param name        the chain's name, what a job asks for ({@code answer}, {@code research})
 * @param version     12 hex digits derived from the chain's content (see {@link ChainVersion}): any change
 *                    of the chain gives another version, and so another fingerprint to its questions
 * @param description what the chain is for, possibly empty
 * @param model       the chain's default model, or {@code null} for the worker's default
 * @param agents      the agents by name, in file order
 * @param steps       the steps in the order they run; never empty
 */
public record ChainDefinition(String name, String version, String description, String model,
                              Map<String, AgentDefinition> agents, List<StepDefinition> steps) {

    public ChainDefinition {
        AgentDefinition.requireText(name, "name");
        AgentDefinition.requireText(version, "version");
        description = description == null ? "" : description;
        model = model == null || model.isBlank() ? null : model.strip();
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one step");
        }
        for (StepDefinition step : steps) {
            if (!agents.containsKey(step.agent())) {
                throw new IllegalArgumentException("step " + step.name() + " names unknown agent " + step.agent());
            }
        }
    }

    /**
     * Parses and validates one chain file.
     *
     * @param source where the text comes from, used in error messages (e.g. {@code chains/research.yaml})
     * @param yaml   the file's content
     * @throws ChainDefinitionException naming the source, the line, the key and the fault
     */
    public static ChainDefinition fromYaml(String source, String yaml) {
        return new ChainParser(source).parse(yaml);
    }

    /** The agent that runs {@code step}. */
    public AgentDefinition agentOf(StepDefinition step) {
        return agents.get(step.agent());
    }

    /** The agent called {@code name}, if the chain has one. */
    public Optional<AgentDefinition> agent(String name) {
        return Optional.ofNullable(agents.get(name));
    }

    /**
     * The model a step runs on: the agent's pinned model, else the job's model, else the chain's
     * default, else {@code workerDefault}.
     *
     * @param agent         the step's agent
     * @param jobModel      the model the job asked for, or {@code null}
     * @param workerDefault the worker's default model (llama3.2 unless configured)
     */
    public String modelFor(AgentDefinition agent, String jobModel, String workerDefault) {
        if (agent.model() != null) {
            return agent.model();
        }
        if (jobModel != null && !jobModel.isBlank()) {
            return jobModel;
        }
        return model != null ? model : workerDefault;
    }
}
