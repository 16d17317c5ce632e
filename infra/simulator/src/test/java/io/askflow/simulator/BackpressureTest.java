package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slots, queue and 503s behave like Ollama's scheduler, and the counters prove it. */
class BackpressureTest {

    private OllamaSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldNeverServeMoreCallsAtOnceThanItHasSlots() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(2).withLatencyMillis(100));
        TestHttp http = new TestHttp(simulator);

        List<CompletableFuture<TestHttp.Reply>> calls = IntStream.range(0, 20)
                .mapToObj(i -> http.postAsync("/api/chat", TestHttp.chat("llama3.2", "question " + i, false)))
                .toList();

        assertThat(calls).allSatisfy(call -> assertThat(call.join().status()).isEqualTo(200));
        SimulatorStats stats = simulator.stats();
        assertThat(stats.maxInFlight()).isEqualTo(2);
        assertThat(stats.maxQueued()).isPositive();
        assertThat(stats.completed()).isEqualTo(20);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.queued()).isZero();
    }

    @Test
    void shouldRefuseWithOllamasBusyMessageOnceSlotsAndQueueAreFull() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(1).withQueue(1).withHangRate(1));
        TestHttp http = new TestHttp(simulator);
        http.postAsync("/api/chat", TestHttp.chat("llama3.2", "first", false));
        http.postAsync("/api/chat", TestHttp.chat("llama3.2", "second", false));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> simulator.stats().inFlight() == 1 && simulator.stats().queued() == 1);

        TestHttp.Reply third = http.post("/api/chat", TestHttp.chat("llama3.2", "third", false));

        assertThat(third.status()).isEqualTo(503);
        assertThat(third.json().path("error").asString())
                .isEqualTo("server busy, please try again.  maximum pending requests exceeded");
        assertThat(simulator.stats().busyRejections()).isEqualTo(1);
        assertThat(simulator.stats().busyInjected()).isZero();
        assertThat(simulator.stats().overloadRejections()).isEqualTo(1);
    }

    @Test
    void shouldFreeTheSlotBeforeTheLastByteOfTheAnswer() throws IOException {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(1).withQueue(0).withEcho(true));
        byte[] body = TestHttp.chat("llama3.2", "x".repeat(8_000_000), false).getBytes(StandardCharsets.UTF_8);
        URI base = URI.create(simulator.baseUrl());

        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = reader.getOutputStream();
            out.write(("POST /api/chat HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();

            // the 8 MB answer cannot all be written while nobody reads it, yet its slot is free
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().completed() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().inFlight() == 0);
            assertThat(new TestHttp(simulator).post("/api/chat", TestHttp.chat("llama3.2", "next", false)).status())
                    .isEqualTo(200);
        }
        assertThat(simulator.stats().overloadRejections()).isZero();
    }

    @Test
    void shouldRefuseEveryCallDuringABusyStormAndRecoverAfterIt() {
        simulator = OllamaSimulator.start();
        TestHttp http = new TestHttp(simulator);

        simulator.reconfigure(c -> c.withBusyRate(1));
        List<Integer> during = IntStream.range(0, 5)
                .mapToObj(i -> http.post("/api/chat", TestHttp.chat("llama3.2", "q" + i, false)).status())
                .toList();
        simulator.reconfigure(c -> c.withBusyRate(0));
        int after = http.post("/api/chat", TestHttp.chat("llama3.2", "q", false)).status();

        assertThat(during).containsOnly(503);
        assertThat(after).isEqualTo(200);
        assertThat(simulator.stats().busyRejections()).isEqualTo(5);
        assertThat(simulator.stats().busyInjected()).isEqualTo(5);
        assertThat(simulator.stats().overloadRejections()).isZero();
    }

    @Test
    void shouldInjectFailuresAtTheConfiguredRateRepeatablyForASeed() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withErrorRate(0.5).withSeed(42));
        TestHttp http = new TestHttp(simulator);

        List<Integer> first = statuses(http, 40);
        simulator.reset();
        List<Integer> second = statuses(http, 40);

        assertThat(first).containsOnly(200, 500).isEqualTo(second);
        assertThat(first.stream().filter(s -> s == 500).count()).isBetween(8L, 32L);
        assertThat(simulator.stats().errorsInjected()).isEqualTo(first.stream().filter(s -> s == 500).count());
    }

    private static List<Integer> statuses(TestHttp http, int calls) {
        return IntStream.range(0, calls)
                .mapToObj(i -> http.post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"p\",\"stream\":false}").status())
                .toList();
    }
}
