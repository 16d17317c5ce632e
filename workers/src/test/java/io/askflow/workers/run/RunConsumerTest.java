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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The polling loop on Kafka's {@link MockConsumer}: five tasks on one partition, two slots; the test decides when
 * each task's effect becomes durable.
 */
class RunConsumerTest {

    private static final String TOPIC = "askflow.tasks";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final TopicPartition OTHER = new TopicPartition(TOPIC, 1);
    /** Tasks still running when a test ends are handed back after this (see {@link RunConsumerStopTest}). */
    private static final Duration DRAIN = Duration.ofMillis(200);

    private final OneRecordPerPoll kafka = new OneRecordPerPoll();
    private final HeldRuns held = new HeldRuns();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RunConsumer consumer;

    @BeforeEach
    void startWithFiveTasksAndTwoSlots() {
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (long offset = 0; offset < 5; offset++) {
                kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "fp-" + offset,
                        TestRuns.task("answer", "question " + offset, null)));
            }
        });
        consumer = new RunConsumer(() -> kafka, TOPIC, held, 2, new ConsumerMetrics(registry), DRAIN);
        consumer.start();
    }

    @AfterEach
    void stop() {
        consumer.stop();
    }

    @Test
    void shouldTakeNoMoreTasksThanSlotsAndKeepPollingPausedUntilOneIsReleased() throws InterruptedException {
        List<RunHandle> first = held.take(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> paused().contains(PARTITION));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> held.noneWaiting() && consumer.busy() == 2 && consumer.pausedPartitions() == 1);

        first.get(0).release();
        assertThat(held.take(1)).extracting(handle -> handle.record().offset()).containsExactly(2L);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.busy() == 2);
        first.get(0).finish(true);
    }

    @Test
    void shouldCommitOnlyTheUnbrokenPrefixOfDurableTasks() throws InterruptedException {
        List<RunHandle> first = held.take(2);

        first.get(1).finish(true);
        RunHandle third = held.take(1).get(0);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> committed() <= 0);

        first.get(0).finish(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> committed() == 2);

        third.finish(true);
        List<RunHandle> last = held.take(2);
        last.get(1).finish(true);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> committed() == 3);
        last.get(0).finish(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> committed() == 5);
    }

    @Test
    void shouldNotCommitATaskWhoseEffectIsNotDurable() throws InterruptedException {
        List<RunHandle> first = held.take(2);

        first.get(0).finish(false);
        first.get(1).finish(true);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> committed() <= 0);
    }

    @Test
    void shouldRunATaskThatCouldNotPublishAgainAfterAPauseAndThenCommitPastIt() throws InterruptedException {
        List<RunHandle> first = held.take(2);

        first.get(0).finishUnpublished();
        first.get(1).finish(true);
        List<RunHandle> next = held.take(2);
        assertThat(next).extracting(handle -> handle.record().offset()).containsExactly(2L, 3L);
        next.forEach(handle -> handle.finish(true));
        held.take(1).get(0).finish(true);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> committed() <= 0);

        RunHandle again = held.take(1).get(0);
        assertThat(again.record().offset()).as("the unpublished task, run again after its pause").isZero();
        assertThat(again.publishFailures()).isEqualTo(1);
        again.finish(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> committed() == 5);
        assertThat(registry.get(ConsumerMetrics.TASKS_UNPUBLISHED).counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNotRunAnUnpublishedTaskAgainOnceItsPartitionIsRevoked() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        first.get(0).finishUnpublished();
        first.get(1).finish(true);
        held.take(2).forEach(handle -> handle.finish(true));
        held.take(1).get(0).finish(true);

        kafka.schedulePollTask(() -> kafka.rebalance(List.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.assignedPartitions() == 0);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(held::noneWaiting);
        assertThat(committed()).as("nothing past the unpublished task").isLessThanOrEqualTo(0);
    }

    @Test
    void shouldInterruptTheTasksOfARevokedPartitionAndCommitWhatIsDurable() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        first.get(0).finish(true);
        RunHandle third = held.take(1).get(0);

        kafka.schedulePollTask(() -> kafka.rebalance(List.of()));

        assertThat(first.get(1).awaitFinished(Duration.ofSeconds(5))).isTrue();
        assertThat(third.awaitFinished(Duration.ofSeconds(5))).isTrue();
        assertThat(first.get(1).committable()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> committed() == 1);
        assertThat(registry.get(ConsumerMetrics.PARTITIONS_REVOKED).tag("how", "revoked").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(ConsumerMetrics.TASKS_INTERRUPTED).counter().count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.busy() == 0);
    }

    @Test
    void shouldPauseAPartitionAssignedWhileEverySlotIsTakenAndTakeItsTaskOnceOneIsFree() throws InterruptedException {
        List<RunHandle> first = held.take(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> paused().contains(PARTITION));

        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION, OTHER));
            kafka.updateBeginningOffsets(Map.of(OTHER, 0L));
            kafka.addRecord(new ConsumerRecord<>(TOPIC, 1, 0, "fp-other", TestRuns.task("answer", "other", null)));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.assignedPartitions() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> held.noneWaiting() && consumer.busy() == 2 && paused().contains(OTHER));

        first.get(0).finish(true);
        assertThat(held.take(1)).extracting(handle -> handle.partition()).containsExactly(OTHER);
    }

    @Test
    void shouldRefuseToStartAgainOnceStopped() {
        consumer.stop();

        assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start again");
        assertThat(consumer.isRunning()).isFalse();
    }

    @Test
    void shouldBookNothingAndTryTheTaskAgainWhenNoRunnerThreadCanBeHad() {
        OneRecordPerPoll alone = new OneRecordPerPoll();
        alone.schedulePollTask(() -> {
            alone.rebalance(List.of(PARTITION));
            alone.updateBeginningOffsets(Map.of(PARTITION, 0L));
            alone.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "fp-0", TestRuns.task("answer", "refused", null)));
        });
        AtomicInteger refusals = new AtomicInteger();
        ThreadPoolExecutor noRunners = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
                (task, executor) -> {
                    refusals.incrementAndGet();
                    throw new RejectedExecutionException("no runner thread in this test");
                });
        noRunners.shutdown();
        List<RunHandle> ran = new CopyOnWriteArrayList<>();
        RunConsumer refused = new RunConsumer(() -> alone, TOPIC, ran::add, 2,
                new ConsumerMetrics(new SimpleMeterRegistry()), noRunners, DRAIN);
        refused.start();
        try {
            // tried again and again (it waits among the tasks read, first of its tenant), never counted as running
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals.get() >= 3);
            assertThat(refused.busy()).isZero();
            assertThat(ran).isEmpty();
            assertThat(alone.lastCommitted.getOrDefault(PARTITION, 0L)).as("nothing committed past it").isZero();
        } finally {
            refused.stop();
        }
    }

    private Set<TopicPartition> paused() {
        return kafka.paused();
    }

    private long committed() {
        return kafka.lastCommitted.getOrDefault(PARTITION, -1L);
    }
}
