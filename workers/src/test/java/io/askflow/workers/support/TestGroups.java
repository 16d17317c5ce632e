package io.askflow.workers.support;

import io.askflow.core.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Consumer groups of their own for the broker tests, which share one broker and one {@code askflow.tasks}: a new
 * group starts at the current end of the topic, so a test's workers see only the tasks that test sends.
 */
public final class TestGroups {

    /** The partitions of the task topics in the broker tests. */
    public static final int PARTITIONS = 2;

    private TestGroups() {
    }

    /** A new group id whose committed offsets are the current end of {@code askflow.tasks} (created if missing). */
    public static String startingAtTheEnd(String bootstrapServers, String prefix) {
        createTopics(bootstrapServers);
        String group = prefix + "-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RUNS.name(), Duration.ofSeconds(10))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = consumer.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> new OffsetAndMetadata(end.getValue())));
            consumer.commitSync(ends);
        }
        return group;
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(topic -> new NewTopic(topic.name(), PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).values().values().forEach(created -> {
                try {
                    created.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the test topics", e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the test topics", e);
                }
            });
        }
    }
}
