package io.askflow.core.chain;

import java.util.List;

/**
 * One task of a chain: one call of one agent.
 *
 * @param name           the task's name, unique in its chain; later tasks refer to its output as
 *                       {@code {name}} and list it in their {@code context}
 * @param description    the prompt template; may use {@code {question}} and {@code {<earlier task>}}
 * @param expectedOutput what the answer should look like, possibly empty; same placeholders
 * @param agent          the name of the agent that runs it
 * @param context        earlier tasks whose outputs this task receives, in the order given
 */
public record StepDefinition(String name, String description, String expectedOutput, String agent,
                             List<String> context) {

    public StepDefinition {
        AgentDefinition.requireText(name, "name");
        AgentDefinition.requireText(description, "description");
        AgentDefinition.requireText(agent, "agent");
        expectedOutput = expectedOutput == null ? "" : expectedOutput;
        context = context == null ? List.of() : List.copyOf(context);
    }
}
