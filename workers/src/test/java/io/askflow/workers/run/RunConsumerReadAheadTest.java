package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import io.askflow.workers.support.TestRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The polling loop with a read-ahead, on Kafka's {@link MockConsumer}: tenant a's five tasks (offsets 0 to 4) and
 * then tenant b's one (offset 5) on one partition, two slots, a read-ahead of 4. The test decides when each task's
 * effect becomes durable.
 */
class RunConsumerReadAheadTest {

    private static final String TOPIC = "askflow.tasks";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration DRAIN = Duration.ofMillis(200);

    private final OneRecordPerPoll kafka = new OneRecordPerPoll();
    private final HeldRuns held = new HeldRuns();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerMetrics metrics = new ConsumerMetrics(registry);
    private RunConsumer consumer;

    @BeforeEach
    void startWithAFloodOfAAndOneTaskOfB() {
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (long offset = 0; offset < 5; offset++) {
                kafka.addRecord(record(offset, "a"));
            }
            kafka.addRecord(record(5, "b"));
        });
        consumer = new RunConsumer(() -> kafka, TOPIC, held, 2, 4, TenantWeights.EQUAL, metrics,
                Executors.newCachedThreadPool(), DRAIN);
        metrics.watch(consumer);
        consumer.start();
    }

    @AfterEach
    void stop() {
        consumer.stop();
    }

    @Test
    void shouldStartTheTaskOfTheTenantWithNoneRunningBeforeTheFloodReadAhead() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        assertThat(first).extracting(this::tenant).containsExactly("a", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.readAheadSize() == 4);

        first.get(0).finish(true);

        RunHandle next = held.take(1).get(0);
        assertThat(next.record().offset()).as("b's task, behind three of a's").isEqualTo(5);
        assertThat(registry.get(ConsumerMetrics.TASKS_STARTED).tag("tenant", "b").counter().count()).isEqualTo(1);
        assertThat(registry.get(ConsumerMetrics.TASKS_STARTED).tag("tenant", "a").counter().count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> waitingGauge("a") == 3 && waitingGauge("b") == 0);
        assertThat(registry.get(ConsumerMetrics.READ_AHEAD).gauge().value()).isEqualTo(3);
    }

    @Test
    void shouldPauseWhenTheSlotsAndTheReadAheadAreFull() throws InterruptedException {
        held.take(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.paused().contains(PARTITION));
        assertThat(consumer.readAheadSize()).isEqualTo(4);
        assertThat(consumer.busy()).isEqualTo(2);
    }

    @Test
    void shouldHoldTheCommitBackAtTheFirstTaskReadAheadAndNotStarted() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.readAheadSize() == 4);
        first.get(0).finish(true);
        RunHandle ofB = held.take(1).get(0);

        first.get(1).finish(true);
        ofB.finish(true);

        // offsets 0, 1 and 5 are durable; 2 and 3 started in their slots, 4 waits: the position stays at 2
        assertThat(held.take(2)).extracting(handle -> handle.record().offset()).containsExactly(2L, 3L);
        await().atMost(Duration.ofSeconds(5)).until(() -> committed() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> committed() == 2);
    }

    @Test
    void shouldDropTheTasksReadAheadOfARevokedPartitionWithoutRunningOrCommittingThem() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.readAheadSize() == 4);
        first.get(0).finish(true);

        kafka.schedulePollTask(() -> kafka.rebalance(List.of()));

        assertThat(first.get(1).awaitFinished(Duration.ofSeconds(5))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.readAheadSize() == 0 && committed() == 1);
        // b's task may have started in the slot a's first task freed before the revocation: then it was interrupted
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> consumer.busy() == 0 && committed() == 1);
        List<Long> started = new ArrayList<>();
        while (!held.noneWaiting()) {
            started.add(held.take(1).get(0).record().offset());
        }
        assertThat(started).as("no task read ahead ran after the revocation, apart from b's").isSubsetOf(5L);
    }

    @Test
    void shouldLeaveTheTasksReadAheadInKafkaAtStop() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.readAheadSize() == 4);
        first.get(0).finish(true);
        first.get(1).finish(true);
        List<RunHandle> next = held.take(2);
        assertThat(next).extracting(handle -> handle.record().offset()).containsExactly(2L, 5L);

        consumer.stop();

        assertThat(held.noneWaiting()).as("3 and 4, read ahead, never started").isTrue();
        assertThat(committed()).as("0 and 1 are durable; 2 and 5 were interrupted by the stop").isEqualTo(2);
        assertThat(next).allSatisfy(handle -> assertThat(handle.committable()).isFalse());
    }

    @Test
    void shouldResumeAFullReadAheadOnlyOnceATenthOfItIsFree() throws InterruptedException {
        OneRecordPerPoll deep = new OneRecordPerPoll();
        TopicPartition partition = new TopicPartition(TOPIC, 2);
        deep.schedulePollTask(() -> {
            deep.rebalance(List.of(partition));
            deep.updateBeginningOffsets(Map.of(partition, 0L));
            for (long offset = 0; offset < 30; offset++) {
                deep.addRecord(new ConsumerRecord<>(TOPIC, 2, offset, "fp-" + offset,
                        TestRuns.ofTenant("a", "deep " + offset)));
            }
        });
        HeldRuns deepRuns = new HeldRuns();
        RunConsumer oneSlot = new RunConsumer(() -> deep, TOPIC, deepRuns, 1, 20, TenantWeights.EQUAL,
                new ConsumerMetrics(new SimpleMeterRegistry()), Executors.newCachedThreadPool(), DRAIN);
        oneSlot.start();
        try {
            RunHandle first = deepRuns.take(1).get(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> oneSlot.readAheadSize() == 20
                    && deep.paused().contains(partition));

            // one place free (a tenth of 20 is 2): still paused
            first.finish(true);
            RunHandle second = deepRuns.take(1).get(0);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> deep.paused().contains(partition) && oneSlot.readAheadSize() == 19);

            // two: resumed, and the read-ahead is filled again
            second.finish(true);
            deepRuns.take(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> oneSlot.readAheadSize() == 20);
        } finally {
            oneSlot.stop();
        }
    }

    private String tenant(RunHandle handle) {
        return handle.record().value().tenant();
    }

    private double waitingGauge(String tenant) {
        var gauge = registry.find(ConsumerMetrics.TASKS_WAITING).tag("tenant", tenant).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private long committed() {
        return kafka.lastCommitted.getOrDefault(PARTITION, -1L);
    }

    private static ConsumerRecord<String, RunRequest> record(long offset, String tenant) {
        return new ConsumerRecord<>(TOPIC, 0, offset, "fp-" + offset, TestRuns.ofTenant(tenant, "question " + offset));
    }
}
