package io.askflow.api.limit;

import io.askflow.api.ApiApplication;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits fail open: with the Redis of {@code askflow.redis.url} refusing connections (a port nothing listens
 * on; Kafka and PostgreSQL are the real shared ones), requests far past the burst pass, without RateLimit headers,
 * never a 500; the requests let through are counted and the outage is logged once.
 */
@SpringBootTest(classes = ApiApplication.class, properties = {"askflow.security.enabled=false", "management.server.port=0",
        "askflow.limits.burst=2",
        "askflow.limits.requests-per-second=1", "askflow.limits.retry-interval=200ms",
        "askflow.limits.max-queued-jobs=1000000"})
@AutoConfigureMockMvc
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRedisDownTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructures.shared().registerSpringProperties(registry::add);
        int closed = closedPort();
        registry.add("askflow.redis.url", () -> "redis://127.0.0.1:" + closed);
    }

    @Test
    void shouldLetRequestsPassWhileRedisIsDown(CapturedOutput output) {
        double before = meters.get("askflow.api.rate-limit.errors").counter().count();

        for (int i = 0; i < 10; i++) {
            MvcTestResult poll = mvc.get().uri("/v1/jobs/" + UUID.randomUUID()).exchange();
            assertThat(poll).as("not limited, and not a 500").hasStatus(404);
            assertThat(poll).headers().doesNotContainHeader("RateLimit").doesNotContainHeader("RateLimit-Policy");
        }
        MvcTestResult submit = mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"Redis is down " + UUID.randomUUID() + "\"}").exchange();

        assertThat(submit).hasStatus(202);
        assertThat(meters.get("askflow.api.rate-limit.errors").counter().count() - before).isEqualTo(11);
        assertThat(meters.get("askflow.api.rate-limit.up").gauge().value()).isZero();
        assertThat(output.getOut().split("rate limits' Redis is down", -1)).as("one WARN line").hasSize(2);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
