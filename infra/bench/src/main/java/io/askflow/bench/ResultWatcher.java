package io.askflow.bench;

import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads {@code askflow.task-results} from the beginning, without a group, until every expected run has a result. */
final class ResultWatcher implements AutoCloseable {

    private final KafkaConsumer<String, RunResult> consumer;
    private long failed;

    ResultWatcher(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.RUN_RESULTS.keySerde().deserializer(), Topics.RUN_RESULTS.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RUN_RESULTS.name(), Duration.ofSeconds(30))
                .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Waits until every run of {@code expected} has a result.
     *
     * @return the {@code System.nanoTime()} at which the last one was read
     * @throws IllegalStateException when they do not all come within {@code atMost}
     */
    long awaitAll(Set<UUID> expected, Duration atMost) {
        Set<UUID> missing = new HashSet<>(expected);
        long giveUpAt = System.nanoTime() + atMost.toNanos();
        long last = System.nanoTime();
        while (!missing.isEmpty()) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new IllegalStateException(missing.size() + " of " + expected.size() + " results missing after "
                        + atMost);
            }
            for (ConsumerRecord<String, RunResult> record : consumer.poll(Duration.ofMillis(20))) {
                if (missing.remove(record.value().runId())) {
                    last = System.nanoTime();
                    failed += record.value().succeeded() ? 0 : 1;
                }
            }
        }
        return last;
    }

    /** Results read that carried an error. */
    long failed() {
        return failed;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
