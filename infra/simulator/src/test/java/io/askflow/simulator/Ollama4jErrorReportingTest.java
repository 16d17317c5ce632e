package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How ollama4j 1.1.x reports Ollama's errors, pinned down for the workers' retry policy:
 * it gives no status code, only an {@link OllamaException} whose message is the error text.
 */
class Ollama4jErrorReportingTest {

    private OllamaSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldReportUnknownModelAsOllamaExceptionWithOllamasMessage() {
        Ollama ollama = client(SimulatorConfig.defaults());

        OllamaException e = catchThrowableOfType(OllamaException.class, () -> ollama.chat(ask("mistral"), null));

        assertThat(e).hasMessage("model \"mistral\" not found, try pulling it first");
        assertThat(simulator.stats().notFound()).isEqualTo(1);
    }

    @Test
    void shouldReportInjectedFailureAsOllamaExceptionWithTheErrorText() {
        Ollama ollama = client(SimulatorConfig.defaults().withErrorRate(1));

        OllamaException e = catchThrowableOfType(OllamaException.class, () -> ollama.chat(ask("llama3.2"), null));

        assertThat(e).hasMessage("simulated failure");
        assertThat(simulator.stats().errorsInjected()).isEqualTo(1);
    }

    @Test
    void shouldReportBusyAsOllamaExceptionWithAnEmptyMessage() {
        Ollama ollama = client(SimulatorConfig.defaults().withBusyRate(1));

        OllamaException e = catchThrowableOfType(OllamaException.class, () -> ollama.chat(ask("llama3.2"), null));

        // ollama4j reads the error text of 400, 401, 404 and 500 only: a 503 arrives with no text
        assertThat(e.getMessage()).isEmpty();
        assertThat(e.getCause()).isInstanceOf(OllamaException.class);
        assertThat(simulator.stats().busyRejections()).isEqualTo(1);
    }

    @Test
    void shouldReportMidStreamErrorAsOllamaExceptionCausedByNullPointer() {
        Ollama ollama = client(SimulatorConfig.defaults().withStreamErrorRate(1));

        OllamaException e = catchThrowableOfType(OllamaException.class,
                () -> ollama.chat(ask("llama3.2"), chunk -> { }));

        // the {"error": ...} line has no message, and ollama4j trips over that
        assertThat(e).hasCauseInstanceOf(NullPointerException.class);
        assertThat(simulator.stats().errorsInjected()).isEqualTo(1);
        assertThat(simulator.stats().completed()).isZero();
    }

    @Test
    void shouldReportClientTimeoutAsOllamaExceptionCausedByHttpTimeout() {
        Ollama ollama = client(SimulatorConfig.defaults().withHangRate(1));
        ollama.setRequestTimeoutSeconds(1);

        OllamaException e = catchThrowableOfType(OllamaException.class, () -> ollama.chat(ask("llama3.2"), null));

        assertThat(e).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(simulator.stats().hangsInjected()).isEqualTo(1);
    }

    private Ollama client(SimulatorConfig config) {
        simulator = OllamaSimulator.start(config);
        Ollama ollama = new Ollama(simulator.baseUrl());
        ollama.setRequestTimeoutSeconds(5);
        return ollama;
    }

    private static OllamaChatRequest ask(String model) {
        return OllamaChatRequest.builder().withModel(model).withMessage(OllamaChatMessageRole.USER, "hi").build();
    }
}
