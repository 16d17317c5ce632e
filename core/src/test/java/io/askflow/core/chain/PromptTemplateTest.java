package io.askflow.core.chain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromptTemplateTest {

    @Test
    void shouldFindOnlyNamesInBraces() {
        assertThat(PromptTemplate.placeholders("Use {research} for {question}; JSON {\"a\": 1} stays {x y}"))
                .containsExactly("research", "question");
    }

    @Test
    void shouldFillInOnePass() {
        String filled = PromptTemplate.fill("Q: {question} / R: {research} / {other}",
                Map.of("question", "why {research}?", "research", "$1 facts\\"));

        assertThat(filled).isEqualTo("Q: why {research}? / R: $1 facts\\ / {other}");
    }
}
