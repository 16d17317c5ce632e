package io.askflow.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Tells what answers at an Ollama URL (its {@code /api/tags} endpoint): nothing, a real Ollama, or the Ollama
 * simulator, which sets {@value #SIMULATOR_HEADER} on every answer.
 */
final class OllamaProbe {

    /** The header the Ollama simulator sets on every answer (infra/simulator), and a real Ollama never does. */
    static final String SIMULATOR_HEADER = "X-Ollama-Simulator";

    /** What answered. */
    enum Answer {
        /** nothing answered like an Ollama */
        NONE,
        /** an Ollama answered, without the simulator's header */
        OLLAMA,
        /** the Ollama simulator answered (its header) */
        SIMULATOR
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private OllamaProbe() {
    }

    static Answer probe(String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(baseUrl) + "/api/tags"))
                    .timeout(TIMEOUT).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"models\"")) {
                return Answer.NONE;
            }
            return response.headers().firstValue(SIMULATOR_HEADER).isPresent() ? Answer.SIMULATOR : Answer.OLLAMA;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Answer.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NONE;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
