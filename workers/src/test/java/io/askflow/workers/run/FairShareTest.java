package io.askflow.workers.run;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which waiting task starts when a slot frees: least running per weight first, ties to the oldest. */
class FairShareTest {

    private static final TopicPartition P0 = new TopicPartition("askflow.tasks", 0);
    private static final TopicPartition P1 = new TopicPartition("askflow.tasks", 1);

    private final FairShare<String> equal = new FairShare<>(TenantWeights.EQUAL);

    @Test
    void shouldStartAFewTasksOfOneTenantBeforeTheFloodOfAnotherThatIsAlreadyRunning() {
        for (int i = 0; i < 1000; i++) {
            add(equal, "a-" + i, "a", P0);
        }
        add(equal, "b-0", "b", P0);
        add(equal, "b-1", "b", P1);

        assertThat(start(equal, 2)).containsExactly("a-0", "b-0");
        assertThat(start(equal, 2)).as("a and b each run one: the tie goes to the oldest, a's").containsExactly(
                "a-1", "b-1");
        assertThat(start(equal, 1)).containsExactly("a-2");
        assertThat(equal.waiting("b")).isZero();
        assertThat(equal.waiting("a")).isEqualTo(997);
    }

    @Test
    void shouldBreakTiesByTheOldestWaitingTask() {
        add(equal, "c-0", "c", P0);
        add(equal, "a-0", "a", P0);
        add(equal, "b-0", "b", P1);
        add(equal, "a-1", "a", P1);

        assertThat(start(equal, 4)).containsExactly("c-0", "a-0", "b-0", "a-1");
    }

    @Test
    void shouldShareTheSlotsInTheRatioOfTheWeights() {
        FairShare<String> weighted = new FairShare<>(new TenantWeights(Map.of("heavy", 3)));
        for (int i = 0; i < 100; i++) {
            add(weighted, "light-" + i, "light", P0);
            add(weighted, "heavy-" + i, "heavy", P1);
        }

        List<String> firstFour = start(weighted, 4);

        assertThat(firstFour).filteredOn(task -> task.startsWith("heavy")).hasSize(3);
        assertThat(weighted.running("heavy")).isEqualTo(3);
        assertThat(weighted.running("light")).isEqualTo(1);
        // a heavy task ends: its slot goes back to heavy (2 running / 3 is less than light's 1 / 1)
        weighted.ended("heavy");
        assertThat(start(weighted, 1)).singleElement().asString().startsWith("heavy");
        // a light task ends: light runs none, so it gets the slot
        weighted.ended("light");
        assertThat(start(weighted, 1)).singleElement().asString().startsWith("light");
    }

    @Test
    void shouldKeepTheSplitOfStartsAtTheWeightsWhileBothWait() {
        FairShare<String> weighted = new FairShare<>(new TenantWeights(Map.of("heavy", 3)));
        for (int i = 0; i < 1000; i++) {
            add(weighted, "light-" + i, "light", P0);
            add(weighted, "heavy-" + i, "heavy", P1);
        }
        List<String> running = new ArrayList<>(start(weighted, 4));
        int heavyStarts = 0;
        int lightStarts = 0;
        for (int i = 0; i < 400; i++) {
            // the task running longest ends, as with equal call lengths
            String ended = running.remove(0);
            weighted.ended(ended.substring(0, ended.indexOf('-')));
            String started = start(weighted, 1).get(0);
            running.add(started);
            if (started.startsWith("heavy")) {
                heavyStarts++;
            } else {
                lightStarts++;
            }
        }

        assertThat(heavyStarts).isEqualTo(300);
        assertThat(lightStarts).isEqualTo(100);
    }

    @Test
    void shouldDropTheWaitingTasksOfPartitionsTakenAwayAndKeepTheOthers() {
        add(equal, "a-0", "a", P0);
        add(equal, "a-1", "a", P1);
        add(equal, "b-0", "b", P0);
        add(equal, "b-1", "b", P1);
        assertThat(start(equal, 1)).containsExactly("a-0");

        assertThat(equal.drop(Set.of(P0))).containsExactlyInAnyOrder("b-0");

        assertThat(equal.size()).isEqualTo(2);
        assertThat(equal.running("a")).as("a started task is not dropped, it is interrupted elsewhere").isEqualTo(1);
        assertThat(start(equal, 3)).containsExactly("b-1", "a-1");
        assertThat(equal.drop(Set.of(P1))).isEmpty();
        assertThat(equal.next()).isEmpty();
    }

    @Test
    void shouldPutATaskThatCouldNotStartBackFirstOfItsTenant() {
        add(equal, "a-0", "a", P0);
        add(equal, "a-1", "a", P0);
        FairShare.Waiting<String> first = equal.next().orElseThrow();

        equal.putBack(first);

        assertThat(equal.running("a")).isZero();
        assertThat(equal.size()).isEqualTo(2);
        assertThat(start(equal, 2)).containsExactly("a-0", "a-1");
    }

    @Test
    void shouldStartAnInteractiveTaskBeforeEveryWaitingBatchTaskOfAnyTenant() {
        for (int i = 0; i < 100; i++) {
            equal.add("batch-" + i, FairShare.Lane.BATCH, "a", P0);
        }
        assertThat(start(equal, 2)).containsExactly("batch-0", "batch-1");
        add(equal, "interactive-a", "a", P1);
        add(equal, "interactive-b", "b", P0);

        assertThat(start(equal, 3)).containsExactly("interactive-b", "interactive-a", "batch-2");
        assertThat(FairShare.Lane.of(io.askflow.core.job.Lane.BATCH)).isEqualTo(FairShare.Lane.BATCH);
        assertThat(FairShare.Lane.of(null)).as("a run request from before lanes").isEqualTo(FairShare.Lane.TASKS);
    }

    @Test
    void shouldRefuseAWeightBelowOne() {
        assertThatThrownBy(() -> new TenantWeights(Map.of("a", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("askflow.workers.tenant-weights.a must be at least 1");
    }

    private static void add(FairShare<String> share, String task, String tenant, TopicPartition partition) {
        share.add(task, FairShare.Lane.TASKS, tenant, partition);
    }

    private static List<String> start(FairShare<String> share, int count) {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            share.next().ifPresent(waiting -> started.add(waiting.task()));
        }
        return started;
    }
}
