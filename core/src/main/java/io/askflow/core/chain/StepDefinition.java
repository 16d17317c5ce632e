package io.askflow.core.chain;

import java.util.List;

/**
 * One step of a chain, as its file describes it under {@code tasks} (CrewAI's word for it); for a
 * {@link StepType#CHAT chat} step, one call of one agent.
 *
 * @param name           the step's name, unique in its chain; later steps refer to its output as
 *                       {@code {name}} and list it in their {@code context}
 * @param type           what runs the step; {@code null} means {@link StepType#CHAT}, as an omitted
 *                       {@code type} does in a chain file
 * @param description    the prompt template; may use {@code {question}} and {@code {<earlier step>}}
 * @param expectedOutput what the answer should look like, possibly empty; same placeholders
 * @param agent          the name of the agent that runs it
 * @param context        earlier steps whose outputs this step receives, in the order given
 */
public record StepDefinition(String name, StepType type, String description, String expectedOutput, String agent,
                             List<String> context) {

    public StepDefinition {
        AgentDefinition.requireText(name, "name");
        AgentDefinition.requireText(description, "description");
        AgentDefinition.requireText(agent, "agent");
        type = type == null ? StepType.CHAT : type;
        expectedOutput = expectedOutput == null ? "" : expectedOutput;
        context = context == null ? List.of() : List.copyOf(context);
    }
}
