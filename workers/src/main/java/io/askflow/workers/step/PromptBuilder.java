package io.askflow.workers.step;

import io.askflow.core.chain.AgentDefinition;
import io.askflow.core.chain.PromptTemplate;
import io.askflow.core.chain.StepDefinition;
import io.askflow.workers.ollama.ChatMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the messages of one chat step, in the manner of CrewAI: a system message with the agent's persona
 * (role, goal, backstory) and a user message with the step's description, what the answer should look like,
 * and the outputs of the steps named in its {@code context}. A context output that the description already
 * pulls in through its placeholder is not repeated.
 */
public final class PromptBuilder {

    private PromptBuilder() {
    }

    /**
     * The messages of one step.
     *
     * @param agent    the step's agent
     * @param step     the step
     * @param question the job's question
     * @param outputs  outputs of the earlier steps, by step name
     */
    public static List<ChatMessage> messages(AgentDefinition agent, StepDefinition step, String question,
                                             Map<String, String> outputs) {
        Map<String, String> values = new HashMap<>(outputs);
        values.put(PromptTemplate.QUESTION, question);
        return List.of(ChatMessage.system(persona(agent, values)), ChatMessage.user(stepPrompt(step, values)));
    }

    private static String persona(AgentDefinition agent, Map<String, String> values) {
        StringBuilder persona = new StringBuilder()
                .append("You are ").append(PromptTemplate.fill(agent.role(), values)).append(".\n")
                .append("Your goal: ").append(PromptTemplate.fill(agent.goal(), values));
        if (!agent.backstory().isBlank()) {
            persona.append("\n").append(PromptTemplate.fill(agent.backstory(), values).strip());
        }
        return persona.toString();
    }

    private static String stepPrompt(StepDefinition step, Map<String, String> values) {
        StringBuilder prompt = new StringBuilder(PromptTemplate.fill(step.description(), values).strip());
        if (!step.expectedOutput().isBlank()) {
            prompt.append("\n\nThis is the expected criteria for your final answer: ")
                    .append(PromptTemplate.fill(step.expectedOutput(), values).strip())
                    .append("\nYou MUST return the actual complete content as the final answer, not a summary.");
        }
        Set<String> inlined = PromptTemplate.placeholders(step.description());
        List<String> context = step.context().stream().filter(name -> !inlined.contains(name)).toList();
        if (!context.isEmpty()) {
            prompt.append("\n\nThis is the context you're working with:");
            for (String name : context) {
                prompt.append("\n\n### ").append(name).append("\n").append(values.getOrDefault(name, "").strip());
            }
        }
        return prompt.toString();
    }
}
