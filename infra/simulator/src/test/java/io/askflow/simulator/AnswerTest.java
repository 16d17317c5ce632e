package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers are a function of the prompt, say they are simulated, and can echo the question. */
class AnswerTest {

    private static OllamaSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = OllamaSimulator.start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void shouldGiveTheSameAnswerToTheSamePrompt() {
        String first = answer("llama3.2", "What is coalescing?");
        String again = answer("llama3.2", "What is coalescing?");

        assertThat(first).startsWith("[simulated answer] ").isEqualTo(again);
        assertThat(answer("llama3.2", "What is caching?")).isNotEqualTo(first);
        assertThat(answer("qwen2.5", "What is coalescing?")).isNotEqualTo(first);
    }

    @Test
    void shouldGiveTheSameAnswerStreamedOrNot() {
        String whole = answer("llama3.2", "Same either way?");
        String streamed = http.post("/api/chat", TestHttp.chat("llama3.2", "Same either way?", true)).lines().stream()
                .map(line -> line.path("message").path("content").asString())
                .reduce("", String::concat);

        assertThat(streamed).isEqualTo(whole);
    }

    @Test
    void shouldPutTheLastUserMessageVerbatimInTheAnswerWhenEchoIsOn() {
        String question = "Step 1 said: \"use  two spaces\"\n and a new line";
        simulator.reconfigure(c -> c.withEcho(true));
        try {
            assertThat(answer("llama3.2", question)).startsWith("[simulated answer] ").contains(question);
        } finally {
            simulator.reconfigure(c -> c.withEcho(false));
        }
        assertThat(answer("llama3.2", question)).doesNotContain(question);
    }

    @Test
    void shouldCutTextIntoTokensThatJoinBackToIt() {
        String text = "[simulated answer]  a\tb\n c ";

        assertThat(AnswerGenerator.tokenize(text)).containsExactly("[simulated ", "answer]  ", "a\t", "b\n ", "c ");
    }

    private static String answer(String model, String question) {
        return http.post("/api/chat", TestHttp.chat(model, question, false)).json()
                .path("message").path("content").asString();
    }
}
