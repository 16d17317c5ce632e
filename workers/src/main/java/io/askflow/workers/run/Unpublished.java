package io.askflow.workers.run;

import io.askflow.core.resilience.Backoff;
import io.askflow.core.run.RunRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tasks whose result and dead letter Kafka both refused, waiting to be run again: their offsets stay taken (so
 * nothing past them is committed), and after a pause that grows with each failure ({@link #BACKOFF}: 1 s doubling
 * up to 1 min, with jitter) they go back among the waiting tasks. Run again, a task publishes its kept result
 * ({@link RecentResults}) or its dead letter again; once Kafka takes it, the offset is done and the partition's
 * commits move on. So a Kafka outage longer than the publish retries freezes a partition's commits only while it
 * lasts. Used by the consumer thread only.
 */
final class Unpublished {

    /** The pause before a task is run again, after its {@code n}-th failure to publish. */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0.2);

    private final List<Due> due = new ArrayList<>();

    /** {@code handle} could not publish its effect: it comes back after a pause. */
    void later(RunHandle handle, long nowNanos) {
        int failures = handle.publishFailures() + 1;
        long pause = BACKOFF.delay(failures, ThreadLocalRandom.current()).toNanos();
        due.add(new Due(handle.record(), handle.offsets(), failures, nowNanos + pause));
    }

    /** Takes the tasks whose pause is over. */
    List<Due> takeDue(long nowNanos) {
        List<Due> ready = new ArrayList<>();
        for (Iterator<Due> pending = due.iterator(); pending.hasNext();) {
            Due next = pending.next();
            if (nowNanos - next.at() >= 0) {
                ready.add(next);
                pending.remove();
            }
        }
        return ready;
    }

    /** Forgets the tasks of {@code partitions} (taken away): their next owner reads them again. */
    void drop(Collection<TopicPartition> partitions) {
        due.removeIf(next -> partitions.contains(next.partition()));
    }

    /** Tasks waiting to be run again. */
    int size() {
        return due.size();
    }

    /** A task to run again at {@code at} (System.nanoTime), after {@code failures} failures to publish. */
    record Due(ConsumerRecord<String, RunRequest> record, PartitionOffsets offsets, int failures, long at) {

        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }
}
