package io.askflow.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaPartTest {

    private static final String TOPIC = "restart-check";

    @Test
    void shouldKeepItsPortAndItsRecordsThroughABrokerRestart() throws Exception {
        try (EmbeddedKafkaPart kafka = EmbeddedKafkaPart.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "max.block.ms", "60000",
                    "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
                producer.send(new ProducerRecord<>(TOPIC, "before")).get(30, TimeUnit.SECONDS);

                kafka.stopBroker();
                kafka.startBroker();

                assertThat(producer.send(new ProducerRecord<>(TOPIC, "after")).get(60, TimeUnit.SECONDS).offset())
                        .isEqualTo(1);
            }
            assertThat(readAll(kafka.bootstrapServers(), 2)).containsExactly("before", "after");
        }
    }

    private static List<String> readAll(String bootstrapServers, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers, "group.id", "restart-check", "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
