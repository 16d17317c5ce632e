package io.askflow.dev;

import com.sun.net.httpserver.HttpServer;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The banner tells a real Ollama from the simulator by the simulator's header, whoever started the simulator. */
class OllamaDetectionTest {

    @Test
    void shouldSaySimulatorForTheSimulatorRunningOnItsOwn() {
        try (OllamaSimulator simulator = OllamaSimulator.start(SimulatorConfig.defaults())) {
            String url = simulator.baseUrl();

            OllamaProbe.Answer answer = OllamaProbe.probe(url);

            assertThat(answer).isEqualTo(OllamaProbe.Answer.SIMULATOR);
            assertThat(DevBanner.ollama(answer, false, url, url))
                    .contains("SIMULATOR", url, "X-Ollama-Simulator", "SIMULATED").doesNotContain("(real)");
        }
    }

    @Test
    void shouldSayRealForAnOllamaWithoutTheSimulatorsHeader() throws IOException {
        HttpServer ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ollama.createContext("/api/tags", exchange -> {
            byte[] body = "{\"models\":[{\"name\":\"llama3.2:latest\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        ollama.start();
        try {
            String url = "http://127.0.0.1:" + ollama.getAddress().getPort();

            OllamaProbe.Answer answer = OllamaProbe.probe(url);

            assertThat(answer).isEqualTo(OllamaProbe.Answer.OLLAMA);
            assertThat(DevBanner.ollama(answer, false, url, url)).isEqualTo("    Ollama:    " + url + " (real)");
        } finally {
            ollama.stop(0);
        }
    }

    @Test
    void shouldSayWhyTheStackStartedASimulatorOfItsOwn() throws IOException {
        String nobody = "http://127.0.0.1:" + freePort();

        OllamaProbe.Answer answer = OllamaProbe.probe(nobody);

        assertThat(answer).isEqualTo(OllamaProbe.Answer.NONE);
        assertThat(DevBanner.ollama(answer, true, nobody, "http://127.0.0.1:1234"))
                .contains("NO OLLAMA answered at " + nobody, "SIMULATOR at http://127.0.0.1:1234");
        assertThat(DevBanner.ollama(null, true, nobody, "http://127.0.0.1:1234"))
                .contains("--simulator", "SIMULATOR at http://127.0.0.1:1234").doesNotContain("NO OLLAMA");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
