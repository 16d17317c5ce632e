package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.embed.OllamaEmbedRequest;
import io.github.ollama4j.models.embed.OllamaEmbedResult;
import io.github.ollama4j.models.response.Model;
import io.github.ollama4j.utils.OptionsBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real client the workers use, ollama4j 1.1.x, against the simulator. */
class Ollama4jClientTest {

    private static OllamaSimulator simulator;
    private static Ollama ollama;

    @BeforeAll
    static void start() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(500));
        ollama = new Ollama(simulator.baseUrl());
        ollama.setRequestTimeoutSeconds(10);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void resetCounters() {
        simulator.reset();
    }

    @Test
    void shouldAnswerNonStreamingChatWithSimulatedAnswerAndTokenCounts() throws Exception {
        OllamaChatRequest request = OllamaChatRequest.builder()
                .withModel("llama3.2")
                .withMessage(OllamaChatMessageRole.SYSTEM, "You are terse.")
                .withMessage(OllamaChatMessageRole.USER, "What is a Kafka partition?")
                .build();

        OllamaChatResult result = ollama.chat(request, null);

        OllamaChatResponseModel response = result.getResponseModel();
        assertThat(response.getMessage().getResponse()).startsWith("[simulated answer] ");
        assertThat(response.getMessage().getRole().getRoleName()).isEqualTo("assistant");
        assertThat(response.isDone()).isTrue();
        assertThat(response.getDoneReason()).isEqualTo("stop");
        assertThat(response.getPromptEvalCount()).isEqualTo(3 + 5);
        assertThat(response.getEvalCount()).isEqualTo(2 + 24);
        assertThat(response.getTotalDuration()).isPositive();
        assertThat(response.getEvalDuration()).isPositive();
        SimulatorStats stats = simulator.stats();
        assertThat(stats.requests("/api/chat")).isEqualTo(1);
        assertThat(stats.requestsFor("llama3.2")).isEqualTo(1);
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.promptTokens()).isEqualTo(8);
        assertThat(stats.evalTokens()).isEqualTo(26);
        assertThat(simulator.recentRequests()).singleElement()
                .satisfies(r -> assertThat(r.stream()).isFalse())
                .satisfies(r -> assertThat(r.lastUserMessage()).isEqualTo("What is a Kafka partition?"));
    }

    @Test
    void shouldStopAtNumPredictWithDoneReasonLength() throws Exception {
        OllamaChatRequest request = OllamaChatRequest.builder()
                .withModel("qwen2.5")
                .withMessage(OllamaChatMessageRole.USER, "Tell me everything.")
                .withOptions(new OptionsBuilder().setNumPredict(5).setTemperature(0.2f).build())
                .build();

        OllamaChatResponseModel response = ollama.chat(request, null).getResponseModel();

        assertThat(response.getEvalCount()).isEqualTo(5);
        assertThat(response.getDoneReason()).isEqualTo("length");
        assertThat(response.getMessage().getResponse().split(" ")).hasSize(5);
    }

    @Test
    void shouldStreamTokensToTheTokenHandler() throws Exception {
        List<OllamaChatResponseModel> chunks = new CopyOnWriteArrayList<>();
        OllamaChatRequest request = OllamaChatRequest.builder()
                .withModel("llama3.2")
                .withMessage(OllamaChatMessageRole.USER, "Stream please.")
                .build();

        OllamaChatResult result = ollama.chat(request, chunks::add);

        assertThat(chunks).hasSize(26 + 1);
        assertThat(chunks.get(0).getMessage().getResponse()).isEqualTo("[simulated ");
        assertThat(chunks.get(chunks.size() - 1).isDone()).isTrue();
        String streamed = chunks.stream().map(c -> c.getMessage().getResponse()).reduce("", String::concat);
        assertThat(result.getResponseModel().getMessage().getResponse()).isEqualTo(streamed);
        assertThat(result.getResponseModel().getEvalCount()).isEqualTo(26);
        assertThat(simulator.recentRequests()).singleElement().satisfies(r -> assertThat(r.stream()).isTrue());
    }

    @Test
    void shouldListModelsAndVersionAndAnswerPing() throws Exception {
        List<Model> models = ollama.listModels();

        assertThat(models).extracting(Model::getName).containsExactly("llama3.2:latest", "qwen2.5:latest");
        assertThat(ollama.ping()).isTrue();
        assertThat(ollama.getVersion()).isEqualTo(Router.OLLAMA_VERSION);
    }

    @Test
    void shouldEmbedDeterministically() throws Exception {
        OllamaEmbedResult first = ollama.embed(new OllamaEmbedRequest("llama3.2", List.of("a", "b")));
        OllamaEmbedResult again = ollama.embed(new OllamaEmbedRequest("llama3.2", List.of("a", "b")));

        assertThat(first.getEmbeddings()).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(8));
        assertThat(first.getEmbeddings()).isEqualTo(again.getEmbeddings());
        assertThat(first.getEmbeddings().get(0)).isNotEqualTo(first.getEmbeddings().get(1));
    }
}
