package io.askflow.workers.step;

import io.askflow.core.chain.AgentDefinition;
import io.askflow.core.chain.StepDefinition;
import io.askflow.core.chain.StepType;
import io.askflow.workers.ollama.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromptBuilderTest {

    private final AgentDefinition writer = new AgentDefinition("writer", "Writer", "Explain {question} simply.",
            "You write plainly.", null, Map.of());

    @Test
    void shouldPutThePersonaInTheSystemMessage() {
        StepDefinition step = new StepDefinition("write", StepType.CHAT, "Write about {question}", "", "writer",
                List.of());

        List<ChatMessage> messages = PromptBuilder.messages(writer, step, "tides", Map.of());

        assertThat(messages).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        assertThat(messages.get(0).content())
                .isEqualTo("You are Writer.\nYour goal: Explain tides simply.\nYou write plainly.");
        assertThat(messages.get(1).content()).isEqualTo("Write about tides");
    }

    @Test
    void shouldAppendExpectedOutputAndContext() {
        StepDefinition step = new StepDefinition("write", StepType.CHAT, "Write about {question}", "Two paragraphs.",
                "writer", List.of("research", "outline"));

        String user = PromptBuilder.messages(writer, step, "tides",
                Map.of("research", "Moon pulls water.", "outline", "1. Moon")).get(1).content();

        assertThat(user).isEqualTo("""
                Write about tides

                This is the expected criteria for your final answer: Two paragraphs.
                You MUST return the actual complete content as the final answer, not a summary.

                This is the context you're working with:

                ### research
                Moon pulls water.

                ### outline
                1. Moon""");
    }

    @Test
    void shouldNotRepeatContextTheDescriptionAlreadyHolds() {
        StepDefinition step = new StepDefinition("write", StepType.CHAT, "Notes: {research}", "", "writer",
                List.of("research"));

        String user = PromptBuilder.messages(writer, step, "tides", Map.of("research", "Moon pulls water."))
                .get(1).content();

        assertThat(user).isEqualTo("Notes: Moon pulls water.");
    }

    @Test
    void shouldCapNumPredictAndLetTheJobOverrideTheAgent() {
        assertThat(GenerationOptions.merge(Map.of("temperature", 0.2, "num_predict", 4096),
                Map.of("temperature", 0.9), 1024))
                .containsEntry("temperature", 0.9).containsEntry("num_predict", 1024);
        assertThat(GenerationOptions.merge(Map.of(), Map.of("num_predict", -1), 1024))
                .containsEntry("num_predict", 1024);
        assertThat(GenerationOptions.merge(Map.of(), Map.of("num_predict", 64), 1024))
                .containsEntry("num_predict", 64);
    }
}
