package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka's mock consumer returning one record per poll, as the workers configure theirs (max.poll.records=1),
 * returning a record again after a seek back to it, as Kafka does, and remembering the last offset committed
 * per partition, revoked ones included.
 */
final class OneRecordPerPoll extends MockConsumer<String, RunRequest> {

    final Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, RunRequest>> returned = new ArrayList<>();

    OneRecordPerPoll() {
        super("earliest");
    }

    @Override
    public synchronized ConsumerRecords<String, RunRequest> poll(Duration timeout) {
        List<ConsumerRecord<String, RunRequest>> polled = new ArrayList<>();
        super.poll(timeout).forEach(polled::add);
        if (polled.size() > 1) {
            ConsumerRecord<String, RunRequest> second = polled.get(1);
            seek(new TopicPartition(second.topic(), second.partition()), second.offset());
            polled.subList(1, polled.size()).forEach(this::addRecord);
            polled = polled.subList(0, 1);
        }
        returned.addAll(polled);
        return records(polled);
    }

    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
        super.seek(partition, offset);
        List<ConsumerRecord<String, RunRequest>> again = returned.stream()
                .filter(record -> record.partition() == partition.partition() && record.offset() >= offset)
                .toList();
        returned.removeAll(again);
        again.forEach(this::addRecord);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        super.commitSync(offsets);
        offsets.forEach((partition, offset) -> lastCommitted.put(partition, offset.offset()));
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         OffsetCommitCallback callback) {
        super.commitAsync(offsets, callback);
        offsets.forEach((partition, offset) -> lastCommitted.put(partition, offset.offset()));
    }

    private static ConsumerRecords<String, RunRequest> records(List<ConsumerRecord<String, RunRequest>> polled) {
        Map<TopicPartition, List<ConsumerRecord<String, RunRequest>>> byPartition = new HashMap<>();
        polled.forEach(record -> byPartition.computeIfAbsent(new TopicPartition(record.topic(),
                record.partition()), p -> new ArrayList<>()).add(record));
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
