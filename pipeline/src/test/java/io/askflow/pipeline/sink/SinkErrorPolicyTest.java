package io.askflow.pipeline.sink;

import io.askflow.core.store.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class SinkErrorPolicyTest {

    private static final TopicPartition PARTITION = new TopicPartition("askflow.job-events", 0);

    private final SinkProperties properties = new SinkProperties(true, "g", 1, 500, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(3), 3);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SinkErrorPolicy policy = new SinkErrorPolicy(properties, new SinkMetrics(registry));

    @Test
    void shouldRetryForeverWhilePostgresIsUnreachable() {
        assertRetriedForever(policy.backOff(SinkFailure.ofRecord("s", 0,
                new CannotGetJdbcConnectionException("connection refused"))));
    }

    @Test
    void shouldRetryForeverAFailureThatIsNotPinnedToOneRecord() {
        SinkListener<String> listener = new SinkListener<>("s", records -> {
            throw new IllegalStateException("bug before any record was written");
        });

        assertThatThrownBy(() -> listener.onMessage(List.of(new ConsumerRecord<>("t", 0, 0, "k", "v"))))
                .isInstanceOfSatisfying(SinkFailure.BatchFailed.class, e -> {
                    assertThat(e.getIndex()).isZero();
                    assertRetriedForever(policy.backOff(e));
                });
    }

    @Test
    void shouldWaitForAMissingJobRowForABoundedTime() {
        BackOffExecution execution = policy.backOff(new SinkFailure.JobRowMissing(UUID.randomUUID(), 0)).start();

        long waited = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            waited += next;
        }
        assertThat(waited).isBetween(2_000L, 4_000L);
    }

    @Test
    void shouldGiveARecordThatFailsOnItsOwnAFewAttempts() {
        BackOffExecution execution = policy.backOff(SinkFailure.ofRecord("s", 0, new IllegalStateException("bug")))
                .start();

        assertThat(execution.nextBackOff()).isEqualTo(100);
        assertThat(execution.nextBackOff()).isEqualTo(100);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
        assertThat(DatabaseFailures.isUnavailable(new DataIntegrityViolationException("bad"))).isFalse();
    }

    @Test
    void shouldFollowTheCurrentCauseWhenARecordsFailureChanges() {
        FailingRecord record = new FailingRecord(new SinkProperties(true, "g", 1, 500, Duration.ofMillis(1),
                Duration.ofMillis(2), Duration.ofMillis(5), 3));
        UUID jobId = UUID.randomUUID();

        for (int i = 0; i < 2; i++) {
            assertThat(record.fails(new SinkFailure.JobRowMissing(jobId, 0))).isFalse();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(record.fails(SinkFailure.ofRecord("s", 0, new CannotGetJdbcConnectionException("down"))))
                    .as("PostgreSQL down: never skipped, whatever the record waited for before").isFalse();
        }
        assertThat(record.fails(SinkFailure.ofRecord("s", 0, new IllegalStateException("bug")))).isFalse();
        for (int i = 0; i < 20; i++) {
            assertThat(record.fails(SinkFailure.ofRecord("s", 0, new CannotGetJdbcConnectionException("down"))))
                    .as("PostgreSQL down after the record's own failure: never skipped").isFalse();
        }
        int missingJobFailures = 1;
        while (!record.fails(new SinkFailure.JobRowMissing(jobId, 0))) {
            missingJobFailures++;
        }
        assertThat(missingJobFailures).as("the missing row's wait starts over").isEqualTo(4);
        assertThat(record.skipped("missing-job")).isEqualTo(1);
        assertThat(record.skipped("gave-up")).isZero();
    }

    private static void assertRetriedForever(BackOff backOff) {
        BackOffExecution execution = backOff.start();
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isLessThanOrEqualTo(1_000);
    }

    /** One polled record that keeps failing, handed to the policy's error handler as a container would. */
    private static final class FailingRecord {

        private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        private final DefaultErrorHandler handler;
        private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        private final MessageListenerContainer container = mock(MessageListenerContainer.class);
        private final ConsumerRecords<String, String> records = new ConsumerRecords<>(
                Map.of(PARTITION, List.of(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 5, "k", "v"))),
                Map.of());

        FailingRecord(SinkProperties properties) {
            handler = new SinkErrorPolicy(properties, new SinkMetrics(registry)).errorHandler("job-events");
            consumer.assign(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            when(container.getContainerProperties()).thenReturn(new ContainerProperties(PARTITION.topic()));
            when(container.isRunning()).thenReturn(true);
        }

        /** Whether the error handler gave the record up after this failure. */
        boolean fails(SinkFailure failure) {
            double before = skipped("missing-job") + skipped("gave-up");
            try {
                handler.handleBatchAndReturnRemaining(new ListenerExecutionFailedException("listener failed", failure),
                        records, consumer, container, () -> { });
            } catch (NestedRuntimeException e) { // spring-kafka's RecordInRetryException, not public
                assertThat(e.getClass().getSimpleName()).as("not given up: polled again")
                        .isEqualTo("RecordInRetryException");
            }
            return skipped("missing-job") + skipped("gave-up") > before;
        }

        double skipped(String reason) {
            Counter counter = registry.find(SinkMetrics.SKIPPED).tag("reason", reason).counter();
            return counter == null ? 0 : counter.count();
        }
    }
}
