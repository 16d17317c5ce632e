package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stallAfterHeadersRate}: the status line, the headers and half a body, then nothing. */
class StallAfterHeadersTest {

    private OllamaSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldSendHeadersAndHalfTheBodyThenHoldTheSlotUntilLetGo() throws Exception {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withStallAfterHeadersRate(1).withSlots(1));
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString(TestHttp.chat("llama3.2", "a", false))).build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] first = new byte[8];
        int read = response.body().read(first);
        CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> readAll(response.body()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(first, 0, read, StandardCharsets.UTF_8)).startsWith("{");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !rest.isDone());
        assertThat(simulator.stats().inFlight()).isEqualTo(1);
        assertThat(simulator.stats().hangsInjected()).isEqualTo(1);

        simulator.reconfigure(c -> c.withStallAfterHeadersRate(0));

        await().atMost(Duration.ofSeconds(5)).until(rest::isDone);
        assertThat(rest).isCompletedExceptionally();
        assertThat(simulator.stats().inFlight()).isZero();
        assertThat(simulator.stats().completed()).isZero();
        assertThat(new TestHttp(simulator).post("/api/chat", TestHttp.chat("llama3.2", "b", false)).status())
                .isEqualTo(200);
    }

    @Test
    void shouldNotBeTimedOutByOllama4jsRequestTimeoutAndDropTheCallAfterHangMillis() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withStallAfterHeadersRate(1).withHangMillis(2500));
        Ollama ollama = new Ollama(simulator.baseUrl());
        ollama.setRequestTimeoutSeconds(1);
        OllamaChatRequest request = OllamaChatRequest.builder()
                .withModel("llama3.2").withMessage(OllamaChatMessageRole.USER, "hello?").build();
        request.setStream(false);

        CompletableFuture<OllamaChatResult> call = CompletableFuture.supplyAsync(() -> chat(ollama, request));

        await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(2)).until(() -> !call.isDone());
        await().atMost(Duration.ofSeconds(5)).until(call::isDone);
        assertThat(call).isCompletedExceptionally();
        assertThat(simulator.stats().inFlight()).isZero();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OllamaChatResult chat(Ollama ollama, OllamaChatRequest request) {
        try {
            return ollama.chat(request, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
