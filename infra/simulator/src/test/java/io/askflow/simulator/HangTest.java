package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hung calls hold their slot, time the client out, and are let go on demand. */
class HangTest {

    private OllamaSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldTimeTheClientOutAndReleaseTheSlotOnClose() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withHangRate(1));
        Ollama ollama = new Ollama(simulator.baseUrl());
        ollama.setRequestTimeoutSeconds(1);
        OllamaChatRequest request = OllamaChatRequest.builder()
                .withModel("llama3.2").withMessage(OllamaChatMessageRole.USER, "hello?").build();

        OllamaException e = catchThrowableOfType(OllamaException.class, () -> ollama.chat(request, null));

        assertThat(e).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(simulator.stats().inFlight()).isEqualTo(1);
        simulator.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().inFlight() == 0);
        assertThat(simulator.stats().completed()).isZero();
    }

    @Test
    void shouldDropAWaitingClientWhenClosed() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withHangRate(1));
        CompletableFuture<TestHttp.Reply> call = new TestHttp(simulator)
                .postAsync("/api/chat", TestHttp.chat("llama3.2", "hello?", false));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().hangsInjected() == 1);

        simulator.close();

        await().atMost(Duration.ofSeconds(5)).until(call::isDone);
        assertThat(call).isCompletedExceptionally();
    }

    @Test
    void shouldLetHungCallsGoWhenTheHangKnobIsTurnedOff() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withHangRate(1).withSlots(1));
        TestHttp http = new TestHttp(simulator);
        CompletableFuture<TestHttp.Reply> hung = http.postAsync("/api/chat", TestHttp.chat("llama3.2", "a", false));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().inFlight() == 1);

        simulator.reconfigure(c -> c.withHangRate(0));

        await().atMost(Duration.ofSeconds(5)).until(hung::isDone);
        assertThat(hung).isCompletedExceptionally();
        assertThat(http.post("/api/chat", TestHttp.chat("llama3.2", "b", false)).status()).isEqualTo(200);
    }

    @Test
    void shouldDropAHungCallAfterHangMillis() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withHangRate(1).withHangMillis(200));

        CompletableFuture<TestHttp.Reply> hung = new TestHttp(simulator)
                .postAsync("/api/chat", TestHttp.chat("llama3.2", "a", false));

        await().atMost(Duration.ofSeconds(5)).until(hung::isDone);
        assertThat(hung).isCompletedExceptionally();
        assertThat(simulator.stats().inFlight()).isZero();
    }
}
