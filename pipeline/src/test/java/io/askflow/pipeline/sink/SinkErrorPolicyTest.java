package io.askflow.pipeline.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SinkErrorPolicyTest {

    private final SinkProperties properties = new SinkProperties(true, "g", 1, 500, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(3), 3);
    private final SinkErrorPolicy policy = new SinkErrorPolicy(properties, new SinkMetrics(new SimpleMeterRegistry()));

    @Test
    void shouldRetryForeverWhilePostgresIsUnreachable() {
        BackOff backOff = policy.backOff(wrapped(new CannotGetJdbcConnectionException("connection refused")));

        BackOffExecution execution = backOff.start();
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isLessThanOrEqualTo(1_000);
    }

    @Test
    void shouldWaitForAMissingJobRowForABoundedTime() {
        BackOffExecution execution = policy.backOff(wrapped(new MissingJobException(UUID.randomUUID()))).start();

        long waited = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            waited += next;
        }
        assertThat(waited).isBetween(2_000L, 4_000L);
    }

    @Test
    void shouldGiveOtherErrorsAFewAttempts() {
        BackOffExecution execution = policy.backOff(wrapped(new IllegalStateException("bug"))).start();

        assertThat(execution.nextBackOff()).isEqualTo(100);
        assertThat(execution.nextBackOff()).isEqualTo(100);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
        assertThat(SinkErrorPolicy.isDatabaseUnavailable(new DataIntegrityViolationException("bad"))).isFalse();
    }

    private static Exception wrapped(Exception cause) {
        return new BatchListenerFailedException("sink failed", cause, 0);
    }
}
