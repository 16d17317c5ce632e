package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link PartitionOffsets} of every partition assigned to the consumer, and their commits: asynchronous
 * whenever a position moves, synchronous when partitions go away. Used by the consumer thread only.
 */
final class PartitionCommits {

    private static final Logger log = LoggerFactory.getLogger(PartitionCommits.class);

    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();

    /** Partitions newly assigned: their offsets start empty. */
    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> offsets.put(partition, new PartitionOffsets()));
    }

    /** The offsets of {@code partition}, started if it was not known yet. */
    PartitionOffsets of(TopicPartition partition) {
        return offsets.computeIfAbsent(partition, p -> new PartitionOffsets());
    }

    /** Partitions with offsets. */
    Collection<TopicPartition> partitions() {
        return offsets.keySet();
    }

    /** A task's effect is durable: its offset no longer holds the position back, if its partition is still ours. */
    void done(RunHandle handle) {
        if (offsets.get(handle.partition()) == handle.offsets()) {
            handle.offsets().done(handle.record().offset());
        }
    }

    /** Whether {@code offsets} are still those of {@code partition}: it was not taken away meanwhile. */
    boolean owns(TopicPartition partition, PartitionOffsets partitionOffsets) {
        return offsets.get(partition) == partitionOffsets;
    }

    /**
     * Commits, without waiting, every position that moved since its last commit. A commit that fails is tried
     * again by the next call, even if no position moves meanwhile (its callback runs on the polling thread).
     */
    void commitAdvanced(Consumer<String, RunRequest> kafka) {
        Map<TopicPartition, OffsetAndMetadata> advanced = new LinkedHashMap<>();
        Map<TopicPartition, PartitionOffsets> committing = new HashMap<>();
        offsets.forEach((partition, partitionOffsets) -> partitionOffsets.advanced().ifPresent(position -> {
            advanced.put(partition, new OffsetAndMetadata(position));
            committing.put(partition, partitionOffsets);
            partitionOffsets.committed(position);
        }));
        if (!advanced.isEmpty()) {
            kafka.commitAsync(advanced, (committed, failure) -> {
                if (failure != null) {
                    log.warn("commit of {} failed, committing again: {}", advanced, failure.toString());
                    advanced.forEach((partition, position) ->
                            committing.get(partition).commitFailed(position.offset()));
                }
            });
        }
    }

    /** Commits the positions of {@code partitions} and waits; then forgets them, or just forgets when told so. */
    void commitAndForget(Consumer<String, RunRequest> kafka, Collection<TopicPartition> partitions, boolean commit) {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionOffsets partitionOffsets = offsets.remove(partition);
            if (commit && partitionOffsets != null) {
                partitionOffsets.position().ifPresent(position -> positions.put(partition,
                        new OffsetAndMetadata(position)));
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        try {
            commitSyncDespiteWakeUp(kafka, positions);
            log.info("committed {}", positions);
        } catch (RuntimeException e) {
            log.warn("commit of {} failed; those tasks will be delivered again: {}", positions, e.toString());
        }
    }

    /** A wake-up from {@link RunConsumer#stop()} that lands here costs one more try, not the commit. */
    private static void commitSyncDespiteWakeUp(Consumer<String, RunRequest> kafka,
                                                Map<TopicPartition, OffsetAndMetadata> positions) {
        try {
            kafka.commitSync(positions);
        } catch (WakeupException e) {
            kafka.commitSync(positions);
        }
    }
}
