package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionCommitsTest {

    private static final TopicPartition PARTITION = new TopicPartition("askflow.tasks", 0);

    private final FailingFirstCommit kafka = new FailingFirstCommit();
    private final PartitionCommits commits = new PartitionCommits();

    @Test
    void shouldCommitAgainAfterAFailedAsynchronousCommitThoughNoPositionMoved() {
        commits.assigned(List.of(PARTITION));
        commits.of(PARTITION).taken(0);
        commits.of(PARTITION).done(0);

        commits.commitAdvanced(kafka);
        commits.commitAdvanced(kafka);
        commits.commitAdvanced(kafka);

        assertThat(kafka.attempts).as("the failed commit, the one that covers it, nothing more")
                .containsExactly(Map.of(PARTITION, 1L), Map.of(PARTITION, 1L));
    }

    /** Kafka's mock consumer whose first asynchronous commit fails; every commit tried is kept. */
    private static final class FailingFirstCommit extends MockConsumer<String, RunRequest> {

        private final List<Map<TopicPartition, Long>> attempts = new ArrayList<>();

        FailingFirstCommit() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             OffsetCommitCallback callback) {
            Map<TopicPartition, Long> positions = new HashMap<>();
            offsets.forEach((partition, offset) -> positions.put(partition, offset.offset()));
            attempts.add(positions);
            callback.onComplete(offsets, attempts.size() == 1 ? new RebalanceInProgressException("test") : null);
        }
    }
}
