package io.askflow.workers.run;

import io.askflow.workers.support.TestRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the consumer stops: running tasks may finish within the drain, no new task is taken meanwhile, and what still
 * runs after it is handed back (interrupted, not committed). Four tasks on one partition, two slots.
 */
class RunConsumerStopTest {

    private static final String TOPIC = "askflow.tasks";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final OneRecordPerPoll kafka = new OneRecordPerPoll();
    private final HeldRuns held = new HeldRuns();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RunConsumer consumer;

    @BeforeEach
    void fourTasks() {
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (long offset = 0; offset < 4; offset++) {
                kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "fp-" + offset,
                        TestRuns.task("answer", "question " + offset, null)));
            }
        });
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    @Test
    void shouldLetRunningTasksFinishAtStopAndTakeNoNewOne() throws Exception {
        start(Duration.ofSeconds(10));
        List<RunHandle> running = held.take(2);

        long stopAsked = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(consumer::stop);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopped.isDone());

        running.get(0).finish(true);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> held.noneWaiting() && !stopped.isDone());
        running.get(1).finish(true);

        stopped.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(5));
        assertThat(committed()).isEqualTo(2);
        assertThat(registry.find(ConsumerMetrics.TASKS_INTERRUPTED).counter()).as("tasks interrupted").isNull();
    }

    @Test
    void shouldHandBackWhatStillRunsWhenTheDrainIsOver() throws Exception {
        Duration drain = Duration.ofMillis(500);
        start(drain);
        List<RunHandle> running = held.take(2);
        running.get(0).finish(true);
        RunHandle third = held.take(1).get(0);

        long stopAsked = System.nanoTime();
        consumer.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isGreaterThanOrEqualTo(drain)
                .isLessThan(Duration.ofSeconds(8));
        assertThat(running.get(1).awaitFinished(Duration.ofSeconds(1))).isTrue();
        assertThat(third.awaitFinished(Duration.ofSeconds(1))).isTrue();
        assertThat(running.get(1).committable()).isFalse();
        assertThat(committed()).isEqualTo(1);
        assertThat(registry.get(ConsumerMetrics.TASKS_INTERRUPTED).counter().count()).isEqualTo(2);
        assertThat(held.noneWaiting()).isTrue();
    }

    private void start(Duration drain) {
        consumer = new RunConsumer(() -> kafka, TOPIC, held, 2, new ConsumerMetrics(registry), drain);
        consumer.start();
    }

    private long committed() {
        return kafka.lastCommitted.getOrDefault(PARTITION, -1L);
    }
}
