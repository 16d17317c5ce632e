package io.askflow.core.chain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVersionTest {

    private static final String CHAIN = """
            name: tiny
            agents:
              helper:
                role: Helper
                goal: Help.
                options:
                  temperature: 0.70
                  num_predict: 256
            tasks:
              - name: answer
                description: Answer {question}
                agent: helper
            """;

    @Test
    void shouldBeTwelveHexDigits() {
        assertThat(ChainDefinition.fromYaml("tiny.yaml", CHAIN).version()).matches("[0-9a-f]{12}");
    }

    @Test
    void shouldIgnoreCommentsLayoutAndKeyOrder() {
        String reformatted = """
                # the same chain, written differently
                tasks:
                  - {agent: helper, description: "Answer {question}", name: answer}
                agents:
                  helper: {goal: Help., role: Helper, options: {num_predict: 256, temperature: 0.7}}
                name: "tiny"
                """;

        assertThat(ChainDefinition.fromYaml("b.yaml", reformatted).version())
                .isEqualTo(ChainDefinition.fromYaml("a.yaml", CHAIN).version());
    }

    @Test
    void shouldChangeWithAnyPromptOptionOrModel() {
        String original = ChainDefinition.fromYaml("a.yaml", CHAIN).version();

        assertThat(ChainDefinition.fromYaml("a.yaml", CHAIN.replace("Answer {question}", "Reply to {question}"))
                .version()).isNotEqualTo(original);
        assertThat(ChainDefinition.fromYaml("a.yaml", CHAIN.replace("0.70", "0.8")).version()).isNotEqualTo(original);
        assertThat(ChainDefinition.fromYaml("a.yaml", CHAIN.replace("    goal: Help.\n",
                "    goal: Help.\n    model: qwen2.5\n")).version()).isNotEqualTo(original);
    }

    @Test
    void shouldKeepTheVersionsOfTheBuiltInChains() {
        // versions go into fingerprints and cached answers: a change here makes every cached answer unreachable
        ChainCatalog catalog = ChainCatalog.fromClasspath();

        assertThat(catalog.require("answer").version()).isEqualTo("e471b221d9fe");
        assertThat(catalog.require("research").version()).isEqualTo("92f6b53254ac");
    }

    @Test
    void shouldGiveAStepThatSaysTypeChatTheVersionOfOneThatSaysNoType() {
        ChainDefinition typed = ChainDefinition.fromYaml("a.yaml",
                CHAIN.replace("    agent: helper\n", "    agent: helper\n    type: chat\n"));

        assertThat(typed.steps()).singleElement().extracting(StepDefinition::type).isEqualTo(StepType.CHAT);
        assertThat(typed.version()).isEqualTo(ChainDefinition.fromYaml("a.yaml", CHAIN).version());
    }
}
